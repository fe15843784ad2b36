import * as vscode from 'vscode';
import {
  ambiguousTooltip,
  citedModel,
  citedModelOfCounts,
  entryTooltip,
  lineExcerpt,
  type AmbiguousCitation,
  type Analysis,
  type CitedModelEntry,
  type CitedGroup,
  type CitedGroupBy,
  type CitedModel,
  type Dataset,
  type DraftCitations,
  type IndexedOccurrence,
  type Point,
  uncataloguedKey,
} from '../../core';
import { toRange } from '../ranges';
import type { Services } from '../services';
import type { WorkspaceDrafts } from '../workspace-index';

/** What the view shows: the active draft's citations, or those of every draft in the workspace. */
export type CitedScope = 'file' | 'workspace';

/** Where an occurrence is, with its text when known (a workspace draft that is not open keeps none). */
type Occurrence = { start: Pick<Point, 'line' | 'column'>; end: Pick<Point, 'line' | 'column'>; text?: string };

/** The sections of the view, in order. */
export type CitedSection = 'agreements' | 'pillars' | 'countries' | 'ambiguous' | 'uncatalogued';

/**
 * One name the dataset lacks. File scope: the indexes of its occurrences in `Analysis.uncatalogued`;
 * workspace scope: the drafts that write it (their occurrences come from the index when expanded).
 */
export interface UncataloguedName {
  label: string;
  /** What groups its occurrences (`uncataloguedKey`). */
  key: string;
  citations: number;
  occurrences: number[];
  drafts?: DraftCitations[];
}

/** The names the dataset lacks, in the order they first occur (a use of an abbreviation counts for its name). */
function uncataloguedNames(analysis: Analysis): UncataloguedName[] {
  const byKey = new Map<string, UncataloguedName>();
  (analysis.uncatalogued ?? []).forEach((u, index) => {
    const key = uncataloguedKey(u.label);
    let name = byKey.get(key);
    if (!name) byKey.set(key, (name = { label: u.label, key, citations: 0, occurrences: [] }));
    name.occurrences.push(index);
    name.citations++;
  });
  return [...byKey.values()];
}

/** Workspace scope: the names the indexed drafts write that the dataset lacks, most written first. */
function workspaceUncataloguedNames(workspace: WorkspaceDrafts): UncataloguedName[] {
  return workspace.index.uncatalogued().map(({ label, key, citations, drafts }) => ({ label, key, citations, occurrences: [], drafts }));
}

/**
 * A node of the Cited Engagements view. An entry node carries the entry's `id`, so that commands
 * run from its context menu (such as `policyLens.openEntry`) receive it as their argument. Every
 * node keeps the snapshot it came from, so a node never mixes two versions of the document.
 */
export type CitedNode = { snap: CitedSnapshot } & (
  | { node: 'section'; section: CitedSection }
  | { node: 'group'; group: CitedGroup }
  | { node: 'entry'; id: string; entry: CitedModelEntry; parent: string }
  | { node: 'ambiguous'; item: AmbiguousCitation }
  | { node: 'uncatalogued'; name: UncataloguedName }
  /** Workspace scope: a draft that cites the entry `id`, or (with `name`, the key of a name the dataset lacks) writes that name. */
  | { node: 'draft'; id: string; draft: DraftCitations; parent: string; name?: string }
  | { node: 'occurrence'; ref: Occurrence; uri: vscode.Uri; line: string | undefined; ordinal: number; parent: string }
);

/**
 * What one refresh computed: the model of one document version (file scope) or of the workspace
 * index's state (workspace scope: `revision`), with what it was built from.
 */
export interface CitedSnapshot {
  scope: CitedScope;
  /** File scope: the document shown. */
  document: vscode.TextDocument | undefined;
  analysis: Analysis | undefined;
  /** Workspace scope: the index's revision the model was built from. */
  revision: number;
  dataset: Dataset;
  model: CitedModel;
  groupBy: CitedGroupBy;
  showUncited: boolean;
  filter: string;
  showUncatalogued: boolean;
  /** When the setting is on: the names the dataset lacks, in the draft (file scope) or the indexed drafts (workspace scope). */
  uncatalogued: UncataloguedName[];
}

const SECTION_LABELS: Record<CitedSection, () => string> = {
  agreements: () => vscode.l10n.t('Agreements'),
  pillars: () => vscode.l10n.t('Pillars'),
  countries: () => vscode.l10n.t('Countries'),
  ambiguous: () => vscode.l10n.t('Ambiguous'),
  uncatalogued: () => vscode.l10n.t('Not in the dataset'),
};

const GROUP_ICONS: Record<CitedGroupBy, string> = { type: 'tag', year: 'calendar', classification: 'type-hierarchy', partner: 'globe' };

function citationsText(n: number): string {
  return n === 1 ? vscode.l10n.t('1 citation') : vscode.l10n.t('{0} citations', n);
}

function nameCount(n: number): string {
  return n === 1 ? vscode.l10n.t('1 name') : vscode.l10n.t('{0} names', n);
}

function entryCount(n: number): string {
  return n === 1 ? vscode.l10n.t('1 entry') : vscode.l10n.t('{0} entries', n);
}

function entryIcon(entry: CitedModelEntry, dataset: Dataset): vscode.ThemeIcon {
  if (entry.occurrences.length === 0) return new vscode.ThemeIcon('law', new vscode.ThemeColor('disabledForeground'));
  switch (entry.kind) {
    case 'agreement':
      return new vscode.ThemeIcon('law', new vscode.ThemeColor('policyLens.agreementBorder'));
    case 'pillar':
      return new vscode.ThemeIcon('layers', new vscode.ThemeColor('policyLens.pillarBorder'));
    case 'country': {
      const e = dataset.entries.get(entry.id);
      const bloc = e?.kind === 'country' && e.type === 'bloc';
      return new vscode.ThemeIcon(bloc ? 'organization' : 'globe', new vscode.ThemeColor('policyLens.countryBorder'));
    }
  }
}

/**
 * The tree of what the active Markdown draft cites. The model is built lazily, on the first
 * request after a refresh, so a hidden or collapsed view costs nothing while one types; the
 * occurrences of an entry are turned into nodes only when it is expanded.
 */
export class CitedEngagementsProvider implements vscode.TreeDataProvider<CitedNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<CitedNode | undefined>();
  private readonly built = new vscode.EventEmitter<CitedSnapshot | undefined>();
  private current: vscode.TextDocument | undefined;
  private snapshot: CitedSnapshot | undefined;
  private filterText = '';
  private scopeValue: CitedScope = 'file';
  /** Workspace scope: the lines of drafts expanded in the view that are not open, read on demand. */
  private readonly fileLines = new Map<string, string[]>();

  readonly onDidChangeTreeData = this.changed.event;
  /** Fires when the model is rebuilt (or cleared, with no document): the view's message follows it. */
  readonly onDidBuild = this.built.event;

  constructor(
    private readonly services: Pick<Services, 'analyses' | 'config' | 'dataset'>,
    private readonly workspace?: WorkspaceDrafts,
  ) {}

  /** What the view shows: the active draft, or the whole workspace. */
  get scope(): CitedScope {
    return this.scopeValue;
  }

  /** Switches between the active draft and the workspace; refreshes when it changed. */
  setScope(scope: CitedScope): void {
    const next = this.workspace ? scope : 'file';
    if (next === this.scopeValue) return;
    this.scopeValue = next;
    this.refresh();
  }

  /** The Markdown document the view shows, if any. */
  get document(): vscode.TextDocument | undefined {
    return this.current;
  }

  /** The active filter text ('' when none). */
  get filter(): string {
    return this.filterText;
  }

  /** Shows another document (or none); refreshes only when it differs. */
  setDocument(document: vscode.TextDocument | undefined): void {
    if (document === this.current) return;
    this.current = document;
    this.refresh();
  }

  /** Sets the filter (leading and trailing blanks ignored) and refreshes when it changed. */
  setFilter(text: string): void {
    const filter = text.trim();
    if (filter === this.filterText) return;
    this.filterText = filter;
    this.refresh();
  }

  /** Drops the model; the view asks again and the next request rebuilds it. */
  refresh(): void {
    this.snapshot = undefined;
    this.fileLines.clear();
    this.changed.fire(undefined);
  }

  /** The model of the current document version, built now if the last refresh dropped it. */
  model(): CitedSnapshot | undefined {
    const scope = this.scopeValue;
    const document = scope === 'file' ? this.current : undefined;
    if (scope === 'file' && !document) {
      this.snapshot = undefined;
      this.built.fire(undefined);
      return undefined;
    }
    const { groupBy, showUncited } = this.services.config().tree;
    const showUncatalogued = this.services.config().uncatalogued;
    const dataset = this.services.dataset();
    const analysis = document && this.services.analyses.get(document);
    const revision = scope === 'workspace' ? this.workspace!.index.revision : -1;
    const s = this.snapshot;
    if (
      s &&
      s.scope === scope &&
      s.document === document &&
      s.analysis === analysis &&
      s.revision === revision &&
      s.dataset === dataset &&
      s.groupBy === groupBy &&
      s.showUncited === showUncited &&
      s.filter === this.filterText &&
      s.showUncatalogued === showUncatalogued
    )
      return s;
    const options = { groupBy, showUncited, filter: this.filterText };
    const model = analysis
      ? citedModel(analysis, dataset, options)
      : citedModelOfCounts(this.workspace!.index.citationCounts(), dataset, options);
    const uncatalogued = !showUncatalogued
      ? []
      : analysis
        ? uncataloguedNames(analysis)
        : scope === 'workspace'
          ? workspaceUncataloguedNames(this.workspace!)
          : [];
    const filter = this.filterText;
    this.snapshot = { scope, document, analysis, revision, dataset, model, groupBy, showUncited, filter, showUncatalogued, uncatalogued };
    this.built.fire(this.snapshot);
    return this.snapshot;
  }

  /** Workspace scope: the drafts that cite an entry (not those whose only references to it are ambiguous). */
  private draftsOf(snap: CitedSnapshot, id: string, parent: string): CitedNode[] {
    return this.workspace!.index.draftsCiting(id)
      .filter((draft) => draft.citations > 0)
      .map((draft) => ({ snap, node: 'draft', id, draft, parent }));
  }

  /**
   * Workspace scope: a draft's occurrences of an entry. Their lines come from the open document,
   * or from the file, read once the draft is expanded (the index keeps no text): until it is
   * read, the rows show line and column only, then the draft's node is refreshed.
   */
  private occurrencesOf(snap: CitedSnapshot, node: CitedNode & { node: 'draft' }): CitedNode[] {
    const { draft, id, name } = node;
    const uri = vscode.Uri.parse(draft.uri);
    const index = this.workspace!.index;
    const occurrences =
      name !== undefined
        ? index.uncataloguedIn(draft.uri, name)
        : index.occurrences(draft.uri, id).filter((o: IndexedOccurrence) => !o.ambiguous);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === draft.uri);
    let lines = open ? open.getText().split(/\r?\n/) : this.fileLines.get(draft.uri);
    if (!lines) {
      lines = [];
      this.fileLines.set(draft.uri, lines);
      vscode.workspace.fs.readFile(uri).then(
        (bytes) => {
          if (this.fileLines.get(draft.uri) !== lines) return;
          this.fileLines.set(draft.uri, new TextDecoder().decode(bytes).split(/\r?\n/));
          this.changed.fire(node);
        },
        // Gone since it was indexed: the watcher's event removes it; meanwhile the rows show line numbers.
        () => undefined,
      );
    }
    const parent = idOf(node);
    const known = lines;
    return occurrences.map((ref, ordinal) => ({ snap, node: 'occurrence', ref, uri, line: known[ref.start.line - 1], ordinal, parent }));
  }

  getChildren(node?: CitedNode): CitedNode[] {
    if (!node) {
      const snap = this.model();
      if (!snap) return [];
      const { model } = snap;
      const sections: CitedSection[] = [];
      if (model.agreements.length > 0) sections.push('agreements');
      if (model.pillars.length > 0) sections.push('pillars');
      if (model.countries.length > 0) sections.push('countries');
      if (model.ambiguous.length > 0) sections.push('ambiguous');
      if (snap.uncatalogued.length > 0) sections.push('uncatalogued');
      return sections.map((section) => ({ snap, node: 'section', section }));
    }
    const { snap } = node;
    switch (node.node) {
      case 'section': {
        const parent = idOf(node);
        if (node.section === 'agreements') return snap.model.agreements.map((group) => ({ snap, node: 'group', group }));
        if (node.section === 'ambiguous') return snap.model.ambiguous.map((item) => ({ snap, node: 'ambiguous', item }));
        if (node.section === 'uncatalogued') return snap.uncatalogued.map((name) => ({ snap, node: 'uncatalogued', name }));
        return snap.model[node.section].map((entry) => ({ snap, node: 'entry', id: entry.id, entry, parent }));
      }
      case 'group': {
        const parent = idOf(node);
        return node.group.entries.map((entry) => ({ snap, node: 'entry', id: entry.id, entry, parent }));
      }
      case 'entry':
      case 'ambiguous': {
        const parent = idOf(node);
        const { analysis, document } = snap;
        if (!analysis || !document) return node.node === 'entry' ? this.draftsOf(snap, node.id, parent) : [];
        const indexes = node.node === 'entry' ? node.entry.occurrences : node.item.occurrences;
        return indexes.map((index, ordinal) => {
          const ref = analysis.references[index]!;
          const line = ref.start.line - 1 < document.lineCount ? document.lineAt(ref.start.line - 1).text : undefined;
          return { snap, node: 'occurrence', ref, uri: document.uri, line, ordinal, parent };
        });
      }
      case 'uncatalogued': {
        const parent = idOf(node);
        const { analysis, document } = snap;
        if (!analysis || !document)
          return (node.name.drafts ?? []).map((draft) => ({ snap, node: 'draft', id: '', draft, parent, name: node.name.key }));
        return node.name.occurrences.map((index, ordinal) => {
          const ref = analysis.uncatalogued![index]!;
          const line = ref.start.line - 1 < document.lineCount ? document.lineAt(ref.start.line - 1).text : undefined;
          return { snap, node: 'occurrence', ref, uri: document.uri, line, ordinal, parent };
        });
      }
      case 'draft':
        return this.occurrencesOf(snap, node);
      case 'occurrence':
        return [];
    }
  }

  getTreeItem(node: CitedNode): vscode.TreeItem {
    const item = itemFor(node, (uri) => this.workspace?.titleOf(uri) ?? uri);
    item.id = idOf(node);
    return item;
  }

  dispose(): void {
    this.changed.dispose();
    this.built.dispose();
  }
}

/** A stable id, so that what the writer expanded stays expanded across refreshes. */
function idOf(node: CitedNode): string {
  switch (node.node) {
    case 'section':
      return `s/${node.section}`;
    case 'group':
      return `g/${node.snap.groupBy}/${node.group.key}`;
    case 'entry':
      return `${node.parent}/e/${node.id}`;
    case 'ambiguous':
      return `a/${node.item.key}`;
    case 'uncatalogued':
      return `u/${node.name.key}`;
    case 'draft':
      return `${node.parent}/d/${node.draft.uri}`;
    case 'occurrence':
      return `${node.parent}/o/${node.ordinal}`;
  }
}

function draftItem(draft: DraftCitations, title: string): vscode.TreeItem {
  const uri = vscode.Uri.parse(draft.uri);
  const item = new vscode.TreeItem(title, vscode.TreeItemCollapsibleState.Collapsed);
  item.resourceUri = uri;
  item.iconPath = vscode.ThemeIcon.File;
  item.description = `${citationsText(draft.citations)} · ${vscode.workspace.asRelativePath(uri)}`;
  item.tooltip = `${title}\n${vscode.workspace.asRelativePath(uri)}`;
  item.contextValue = 'policyLens.draft';
  return item;
}

/** A section's item: what it counts, by the section. */
function sectionItem(section: CitedSection, s: CitedSnapshot): vscode.TreeItem {
  const item = new vscode.TreeItem(SECTION_LABELS[section](), vscode.TreeItemCollapsibleState.Expanded);
  item.contextValue = `policyLens.section.${section}`;
  if (section === 'agreements') {
    const entries = new Set(s.model.agreements.flatMap((g) => g.entries));
    const cited = [...entries].filter((e) => e.occurrences.length > 0);
    const citations = cited.reduce((n, e) => n + e.occurrences.length, 0);
    item.description = s.showUncited
      ? vscode.l10n.t('{0} of {1} cited', cited.length, entries.size)
      : `${entryCount(entries.size)}, ${citationsText(citations)}`;
  } else if (section === 'ambiguous') {
    const citations = s.model.ambiguous.reduce((n, a) => n + a.occurrences.length, 0);
    item.description = `${nameCount(s.model.ambiguous.length)}, ${citationsText(citations)}`;
    item.tooltip = vscode.l10n.t(
      'Names several entries share, where the context does not say which one is meant. They are not counted for any candidate.',
    );
  } else if (section === 'uncatalogued') {
    const citations = s.uncatalogued.reduce((n, u) => n + u.citations, 0);
    item.description = `${nameCount(s.uncatalogued.length)}, ${citationsText(citations)}`;
    item.tooltip = vscode.l10n.t('Names of engagements the dataset does not hold. Add one to a team dataset from its hover or quick fix.');
  } else {
    const entries = s.model[section];
    item.description = `${entryCount(entries.length)}, ${citationsText(entries.reduce((n, e) => n + e.occurrences.length, 0))}`;
  }
  return item;
}

function itemFor(node: CitedNode, titleOf: (uri: string) => string): vscode.TreeItem {
  const s = node.snap;
  switch (node.node) {
    case 'section':
      return sectionItem(node.section, s);
    case 'group': {
      const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
      const cited = node.group.entries.filter((e) => e.occurrences.length > 0).length;
      item.description = s.showUncited
        ? vscode.l10n.t('{0} of {1} cited', cited, node.group.entries.length)
        : citationsText(node.group.citations);
      item.iconPath = new vscode.ThemeIcon(GROUP_ICONS[s.groupBy]);
      item.contextValue = 'policyLens.group';
      return item;
    }
    case 'entry': {
      const { entry } = node;
      const n = entry.occurrences.length;
      const item = new vscode.TreeItem(
        entry.label,
        n > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
      );
      item.description = [entry.year !== undefined ? String(entry.year) : undefined, citationsText(n)].filter(Boolean).join(' · ');
      const data = s.dataset.entries.get(entry.id);
      if (data) {
        item.tooltip = entryTooltip(data, s.dataset, n);
        item.iconPath = entryIcon(entry, s.dataset);
      }
      item.contextValue = `policyLens.entry.${entry.kind}`;
      item.accessibilityInformation = { label: `${entry.label}, ${item.description}` };
      return item;
    }
    case 'ambiguous': {
      const n = node.item.occurrences.length;
      const item = new vscode.TreeItem(node.item.text, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = vscode.l10n.t('{0} candidates · {1}', node.item.candidates.length, citationsText(n));
      item.tooltip = ambiguousTooltip(node.item, s.dataset);
      item.iconPath = new vscode.ThemeIcon('question', new vscode.ThemeColor('policyLens.ambiguousBorder'));
      item.contextValue = 'policyLens.ambiguous';
      return item;
    }
    case 'uncatalogued': {
      const n = node.name.citations;
      const item = new vscode.TreeItem(node.name.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = citationsText(n);
      item.iconPath = new vscode.ThemeIcon('law', new vscode.ThemeColor('policyLens.uncataloguedBorder'));
      item.contextValue = 'policyLens.uncatalogued';
      item.accessibilityInformation = { label: `${node.name.label}, ${item.description}` };
      return item;
    }
    case 'draft':
      return draftItem(node.draft, titleOf(node.draft.uri));
    case 'occurrence':
      return occurrenceItem(node.ref, node.line, node.uri);
  }
}

function occurrenceItem(ref: Occurrence, line: string | undefined, uri: vscode.Uri): vscode.TreeItem {
  if (line === undefined && ref.text === undefined) {
    const item = new vscode.TreeItem(vscode.l10n.t('Line {0}, column {1}', ref.start.line, ref.start.column));
    item.command = { command: 'policyLens.revealReference', title: vscode.l10n.t('Reveal Reference'), arguments: [uri, toRange(ref)] };
    return item;
  }
  // The text may already be a keystroke ahead of the analysis; the debounced refresh follows.
  const text = line ?? ref.text ?? '';
  const start = Math.min(ref.start.column - 1, text.length);
  const end = ref.end.line === ref.start.line ? Math.min(ref.end.column - 1, text.length) : text.length;
  const excerpt = lineExcerpt(text, start, end);
  // The line number leads: a description after a long line would be cut off in a narrow side bar.
  const prefix = `${ref.start.line}: `;
  const [from, to] = excerpt.highlight;
  const item = new vscode.TreeItem(
    { label: prefix + excerpt.text, highlights: [[prefix.length + from, prefix.length + to]] },
    vscode.TreeItemCollapsibleState.None,
  );
  item.tooltip = `${vscode.l10n.t('Line {0}, column {1}', ref.start.line, ref.start.column)}\n${text.trim()}`;
  item.contextValue = 'policyLens.occurrence';
  item.accessibilityInformation = {
    label: vscode.l10n.t('{0}, line {1}: {2}', ref.text ?? text.slice(start, end), ref.start.line, excerpt.text),
  };
  item.command = {
    command: 'policyLens.revealReference',
    title: vscode.l10n.t('Reveal Reference'),
    arguments: [uri, toRange(ref), ref.text],
  };
  return item;
}
