/**
 * The Policy Lens core: Markdown analysis, the dataset, reports. Runs in Node, in a browser and in
 * a CLI; it never imports `vscode`.
 */
export * from './types';
export { analyze, analyzeAllBlocks, CHUNK_CHARS, matcherFor, rememberMatcher } from './analysis/analyze';
export { analyzeVisible } from './analysis/visible';
export {
  loadDataset,
  entryYear,
  isDatasetShaped,
  type Dataset,
  type DatasetLayer,
  type DatasetProblem,
  type LoadOptions,
} from './dataset/load';
export {
  DatasetFiles,
  loadDatasetFiles,
  locateProblem,
  type DatasetSource,
  type DatasetFileOptions,
  type LocatedProblem,
} from './dataset/files';
export { loadBundledDataset, bundledLayers } from './dataset/bundled';
export { prebuildDataset, datasetFromPrebuilt, type PrebuiltDataset } from './dataset/prebuilt';
/** Counts per kind, type, area, decade and classification (`policy-lens dataset --stats`). */
export { datasetStats, formatDatasetStats, catalogueAreaOf, type DatasetStats } from './dataset/stats';
export { parseMarkdown } from './markdown/parse';
export { guardMarkdown, looksCostly, MAX_INLINE_MARKERS, MAX_NESTING, type MarkdownLimit } from './markdown/limits';
export { extractProse, type Segment } from './markdown/prose';
export { tokenize, type Token } from './text/tokenize';
export { LineIndex } from './text/lines';
export { citationCounts, engagementRows, engagementTableMarkdown, type CitationSource, type EngagementRow } from './report/table';
export {
  ambiguousTooltip,
  citedModel,
  citedModelOfCounts,
  entryFilter,
  entryTooltip,
  foldForFilter,
  lineExcerpt,
  partnersOf,
} from './report/cited';
export type { AmbiguousCitation, CitedEntry, CitedGroup, CitedGroupBy, CitedModel, CitedOptions } from './report/cited';
export {
  exportCited,
  citedEntries,
  cslItems,
  bibtexFromCsl,
  bibtexEscape,
  csvField,
  engagementsCsv,
  engagementsCslJson,
  engagementsBibtex,
  EXPORT_FORMATS,
  CSV_COLUMNS,
  type ExportFormat,
  type CslItem,
  type CslDate,
  type CitedEntry as ExportedEntry,
} from './report/export';
export { policyLensMarkdownIt, previewTitle, PREVIEW_OPEN, PREVIEW_CLOSE, type PreviewPluginOptions } from './report/markdown-it';
export { entryCard, entryDocument, ambiguousCard, escapeMarkdown, engagementsByParty, type CardOptions } from './report/card';
export { fixesFor, type Fix } from './report/fixes';
export {
  citationEdits,
  citationText,
  definedFootnotes,
  footnoteDefinitionEdit,
  footnoteText,
  hasFootnoteDefinition,
  tableRow,
  type CitationEditOptions,
  type CitationStyle,
  type TextEdit,
} from './report/citation';
export {
  completeKey,
  completeName,
  completionIndex,
  entryDetail,
  inMarkupAt,
  isInCode,
  pandocKeyAt,
  type KeyMatch,
  type NameMatch,
} from './complete/complete';
export { compileMatcher, CaseMode, type Matcher, type Pattern } from './match/compile';
export { wordKey } from './text/tokenize';
export { IncrementalAnalyzer, type AnalyzerState, type UpdateStats } from './analysis/incremental';
export { WARM_UP_SAMPLES, warmUpSteps } from './analysis/warm-up';
export { indexByEntry } from './analysis/assemble';
export { draftTitle, stringTable, summarizeDraft, SUMMARY_FIELDS, type DraftSummary } from './workspace/summary';
export {
  WorkspaceIndex,
  type DraftCitations,
  type IndexedOccurrence,
  type WorkspaceCited,
  type WorkspaceSymbol,
} from './workspace/workspace-index';
