/**
 * Shared types of the Policy Lens core. Nothing here depends on `vscode` or on Node.
 */

/** A point in the source text: 1-based line and column (UTF-16 code units), 0-based UTF-16 offset, as unist gives them. */
export interface Point {
  line: number;
  column: number;
  offset: number;
}

/** The three kinds of entry the dataset knows. */
export type EntryKind = 'agreement' | 'pillar' | 'country';

/** Where a fact comes from. */
export interface Source {
  title: string;
  url?: string;
}

interface BaseEntry {
  /** Stable, unique, kebab-case id; also the Pandoc citation key (`[@id]`). */
  id: string;
  kind: EntryKind;
  /** Canonical name. */
  label: string;
  /** Other ways writers name it; matched with the same normalisation as the label. */
  aliases: string[];
  /** One or two sentences in the project's own words. */
  summary: string;
  sources: Source[];
}

/** Bilateral (two parties), multilateral (more, or a bloc), unilateral (one party's own policy, law or programme). */
export type Classification = 'bilateral' | 'multilateral' | 'unilateral';

/** An international agreement, engagement, policy or initiative. */
export interface AgreementEntry extends BaseEntry {
  kind: 'agreement';
  /** partnership, memorandum, ministerial meeting, declaration, statement, charter, plan, strategy, initiative, programme, regulation, agreement, act, council meeting, concept, policy, project, network, ... */
  type: string;
  year?: number;
  /** ISO date (YYYY, YYYY-MM or YYYY-MM-DD) when known more precisely than the year. */
  date?: string;
  /** Bilateral, multilateral; absent for unilateral (domestic) policies. */
  classification?: Classification;
  /** Country/bloc ids. */
  parties: string[];
  /** Country id of the host of a meeting. */
  host?: string;
  /** Pillar ids this engagement relates to. */
  pillars?: string[];
  /** Agreement ids of the policies this engagement serves or belongs to. */
  policies?: string[];
  /** Row number in the seed paper's Table 1 (two rows share "20"). */
  tableRow?: string;
}

/**
 * A pillar whose names are ordinary words: a name counts where its paragraph (or list) names the
 * policy or a sibling pillar in full, or where its sentence has a cue word and two siblings.
 */
export interface ContextRule {
  /** The policy's words for its parts (case-insensitive), e.g. "strand": with two siblings in the sentence, evidence. */
  cues?: string[];
  /** Accept a cue word together with two sibling pillars named in the same sentence. */
  withSiblings?: boolean;
}

/** A numbered pillar (or strand) of a policy. */
export interface PillarEntry extends BaseEntry {
  kind: 'pillar';
  /** Agreement id of the policy the pillar belongs to. */
  policy: string;
  number: number;
  /**
   * When present, the pillar's names are short forms: references only where the text shows that
   * the policy is meant (see `ContextRule`), unless a name itself names the policy ("IPEF Pillar II").
   */
  context?: ContextRule;
  /**
   * Short forms of this pillar's name that are ordinary phrases elsewhere ("connectivity pillar"):
   * each counts only where its paragraph (or list) names the policy or a sibling pillar in full.
   */
  shortAliases?: string[];
}

/** A country, or a bloc/grouping that acts as a party (EU, G7, ASEAN). */
export interface CountryEntry extends BaseEntry {
  kind: 'country';
  type: 'country' | 'bloc';
  iso2?: string;
  iso3?: string;
  officialName: string;
  commonName: string;
  demonyms: string[];
  region?: string;
  subregion?: string;
  capital: string[];
  flag?: string;
  /** Bloc members (country ids), where known. */
  members?: string[];
}

export type Entry = AgreementEntry | PillarEntry | CountryEntry;

/** A dataset file: entries, plus phrases that contain names but are not references ("Indian Ocean"). */
export interface DatasetFile {
  $schema?: string;
  entries: Entry[];
  /** Phrases that, where they occur, stop any reference inside them. */
  stopPhrases?: string[];
}

/** Severity of a diagnostic. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A problem the analysis reports about the text or the dataset. */
export interface Diagnostic {
  /** Stable code, e.g. `ambiguous-reference`, `unknown-citation`. */
  code: string;
  severity: Severity;
  message: string;
  start: Point;
  end: Point;
  /** Entry ids involved. */
  entries?: string[];
}

/** One reference to an entry in the text. */
export interface Reference {
  kind: EntryKind;
  /** Entry id; for an ambiguous reference, the first candidate. */
  id: string;
  /** Canonical label of `id`. */
  label: string;
  /** The source text exactly as written (`text.slice(start.offset, end.offset)`). */
  text: string;
  start: Point;
  end: Point;
  /** Present only when the reference is ambiguous: every entry it may name. */
  candidates?: string[];
  /** How it was found: a name in prose, or a Pandoc citation key. */
  via: 'name' | 'citation';
}

/**
 * A name of an engagement that no dataset entry has (issue 11): "the Nordic–Japan Quantum Research
 * Memorandum", "the Kobe Principles", or a later use of an abbreviation such a name defined
 * ("PSCRF"). Kept apart from `Analysis.references` so that every consumer of references can rely on
 * an `id`; a feature that shows these (decorations, hover, tree, diagnostics, preview, stubs)
 * reads `Analysis.uncatalogued`. A country named inside such a name belongs to it, as inside a
 * catalogued name, and is not in `references`.
 */
export interface UncataloguedReference {
  kind: 'agreement';
  id: null;
  uncatalogued: true;
  /** The name as written, with spacing, dashes and quotes normalised; for a use of an abbreviation, the name it stands for. */
  label: string;
  /** The source text exactly as written (`text.slice(start.offset, end.offset)`); "Name (ABBR)" where the name defines one. */
  text: string;
  start: Point;
  end: Point;
  via: 'name';
  /** The head noun, lower case: "memorandum", "action plan", "ministerial meeting", "code of conduct". */
  head: string;
  /** The abbreviation the name defines ("PSCRF"), at its definition and at every later use. */
  abbreviation?: string;
  /** This occurrence is a later use of the abbreviation, not the name. */
  abbreviationUse?: true;
  /** Country and bloc ids named inside the name. */
  countries: string[];
  /** Offsets of the sentence (or table row) it stands in: where a stub entry takes its year, parties and source from. */
  context: { start: number; end: number };
}

/** Options of an analysis. */
export interface AnalyzeOptions {
  /** Report names the catalogue does not know in `Analysis.uncatalogued` (default true; the `policyLens.uncatalogued.enabled` setting). */
  uncatalogued?: boolean;
  /**
   * Runs the parse and match of each region of the document under a time budget the caller keeps
   * (the core has no way to stop synchronous work itself): it throws `RegionOverBudget` to stop a
   * region, which is then left out with a `time-budget` warning on its first line while the rest is
   * analysed (see `analyzeAllBlocks`). Without it an analysis runs to its end.
   */
  runRegion?: <T>(work: () => T) => T;
}

/** The result of analysing one document; shared by every feature. */
export interface Analysis {
  references: Reference[];
  /** Entry id → indexes into `references` (ambiguous references are indexed under every candidate). */
  byEntry: Map<string, number[]>;
  diagnostics: Diagnostic[];
  /** Names of engagements the dataset lacks, in document order; absent when the detector is switched off (or from an older producer). */
  uncatalogued?: UncataloguedReference[];
}
