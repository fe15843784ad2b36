/**
 * The Policy Lens core: Markdown analysis, the dataset, reports. Runs in Node, in a browser and in
 * a CLI; it never imports `vscode`.
 *
 * This entry is what the front ends use: the VS Code adapters (src/vscode), the CLI (src/cli.ts,
 * src/node), the analysis worker (src/worker) and the benchmark (bench/). Everything else is
 * internal; tests import it by path (`src/core/<folder>/<file>`).
 */

/** The analysis' data: references, diagnostics, entries, positions. */
export * from './types';

/** Analyse a whole document (`analyze`), with the matcher compiled once per dataset (`matcherFor`). */
export { analyze, matcherFor } from './analysis/analyze';
/** A time budget per region of a document, kept by the caller (`AnalyzeOptions.runRegion`): a region it stops is skipped with a warning. */
export { RegionOverBudget, type RunRegion } from './analysis/budget';
/** Analyse only the lines around a range (what is on screen), before the whole document. */
export { analyzeVisible } from './analysis/visible';
/** Keep a document's analysis up to date as it is edited, re-parsing only the blocks an edit touches. */
export { IncrementalAnalyzer, type AnalyzerState, type UpdateStats } from './analysis/incremental';
/** The short steps that warm the analysis up after activation (the extension runs one per task). */
export { warmUpSteps } from './analysis/warm-up';
/** An analysis' references by entry id (Find All References, the tree). */
export { indexByEntry } from './analysis/assemble';

/** Load and validate a dataset from its layers; an agreement's year. */
export { loadDataset, entryYear, type Dataset } from './dataset/load';
/** A live set of user dataset files merged onto the bundled data, with problems at line and column. */
export { DatasetFiles, loadDatasetFiles, type DatasetSource, type LocatedProblem } from './dataset/files';
/** The bundled dataset (validated at load), and the same pre-built at build time for a fast first use. */
export { loadBundledDataset } from './dataset/bundled';
export { prebuildDataset, datasetFromPrebuilt } from './dataset/prebuilt';
/** Stub entries for names the catalogue lacks (`policy-lens stubs`, Add to Team Dataset…). */
export { stubEntry, stubDataset, slugOf, STUB_SUMMARY, type StubSource } from './dataset/stub';
export { insertStub, type StubInsertion, type TextEdit as StubTextEdit } from './dataset/insert-stub';
/** Counts per kind, type, area, decade and classification (`policy-lens dataset --stats`). */
export { datasetStats, formatDatasetStats, catalogueAreaOf, type DatasetStats } from './dataset/stats';

/** The writer's own bibliography (`bibliography:` of the front matter, `_metadata.yml` or `_quarto.yml`): its files, their entries, the checks it silences. */
export {
  bibliographyEntries,
  bibliographyFormat,
  bibliographyKeys,
  frontMatterBibliography,
  frontMatterBibliographyField,
  mergeBibliographyFields,
  metadataBibliographyField,
  projectBibliography,
  QUARTO_METADATA_FILES,
  QUARTO_PROJECT_FILES,
  withoutBibliographyCitations,
  type BibliographyEntries,
  type BibliographyEntry,
  type BibliographyField,
  type BibliographyFormat,
  type BibliographyKeys,
} from './markdown/bibliography';
/** Markdown that would cost far more per character than prose (sent to the worker), and the parser's limits. */
export { looksCostly } from './markdown/limits';
/** A word's key as the matcher compares it (case, accents and dash shapes folded). */
export { wordKey } from './text/tokenize';
/** The compiled matcher and its case rules (the grammar generator reads the same patterns). */
export { CaseMode, type Matcher, type Pattern } from './match/compile';

/** The cited-engagements table (`policy-lens table`, Copy Cited Engagements as Markdown Table). */
export { citationCounts, engagementRows, engagementTableMarkdown } from './report/table';
/** The Cited Engagements view's model, its filter and tooltips. */
export { ambiguousTooltip, citedModel, citedModelOfCounts, entryTooltip, lineExcerpt } from './report/cited';
export type { AmbiguousCitation, CitedModelEntry, CitedGroup, CitedGroupBy, CitedModel } from './report/cited';
/** Exports of what drafts cite: Markdown table, CSV, CSL-JSON, BibTeX. */
export { exportCited, citedEntries, EXPORT_FORMATS, type ExportFormat } from './report/export';
/** The markdown-it plugin that marks references in the Markdown preview. */
export { atLfOffsets, policyLensMarkdownIt } from './report/markdown-it';
/** Entry cards (hover, entry documents) and the card of an ambiguous name. */
export { entryCard, entryDocument, ambiguousCard, escapeMarkdown } from './report/card';
export { classificationName, countryTypeName, kindName } from './report/words';
/** The quick fixes of a diagnostic. */
export { fixesFor, type Fix } from './report/fixes';
/** Citations in the three styles, and the edits that insert them. */
export { citationEdits, citationText, definedFootnotes, footnoteDefinitionEdit, type CitationStyle } from './report/citation';
/** Completion of entry names and Pandoc keys, and where completion must stay quiet. */
export {
  completeKey,
  completeName,
  completeOwnKey,
  entryDetail,
  inMarkupAt,
  isInCode,
  pandocKeyAt,
  type NameMatch,
} from './complete/complete';

/** The workspace index: one summary per draft, and the queries on all of them. */
export { stringTable, summarizeDraft, type DraftSummary } from './workspace/summary';
export {
  uncataloguedKey,
  WorkspaceIndex,
  type DraftCitations,
  type IndexedOccurrence,
  type WorkspaceUncatalogued,
} from './workspace/workspace-index';
/** What counts as a draft: its languages, file extensions and grammar scopes (every selector, glob and walk derives from it). */
export {
  DRAFT_LANGUAGES,
  DRAFT_LANGUAGE_IDS,
  DRAFT_EXTENSIONS,
  DRAFT_GLOB,
  DRAFT_PATTERNS_TEXT,
  isDraftLanguage,
  isDraftName,
  type DraftLanguage,
} from './drafts';
