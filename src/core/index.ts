/**
 * The Policy Lens core: Markdown analysis, the dataset, reports. Runs in Node, in a browser and in
 * a CLI; it never imports `vscode`.
 */
export * from './types';
export { analyze, matcherFor, rememberMatcher } from './analysis/analyze';
export { loadDataset, entryYear, type Dataset, type DatasetLayer, type DatasetProblem } from './dataset/load';
export { loadBundledDataset, bundledLayers } from './dataset/bundled';
export { prebuildDataset, datasetFromPrebuilt, type PrebuiltDataset } from './dataset/prebuilt';
export { parseMarkdown } from './markdown/parse';
export { extractProse, type Segment } from './markdown/prose';
export { tokenize, type Token } from './text/tokenize';
export { LineIndex } from './text/lines';
export { engagementRows, engagementTableMarkdown, type EngagementRow } from './report/table';
export { entryCard, entryDocument, ambiguousCard, escapeMarkdown, engagementsByParty, type CardOptions } from './report/card';
export { fixesFor, type Fix } from './report/fixes';
export { citationEdits, citationText, footnoteText, tableRow, type CitationStyle, type TextEdit } from './report/citation';
export { compileMatcher, CaseMode, type Matcher, type Pattern } from './match/compile';
export { wordKey } from './text/tokenize';
export { IncrementalAnalyzer, type AnalyzerState, type UpdateStats } from './analysis/incremental';
export { indexByEntry } from './analysis/assemble';
