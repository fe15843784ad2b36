/**
 * What counts as a draft: the one list of the languages and file names Policy Lens reads. The
 * extension's document selectors, the workspace index's glob and watcher, the CLI's folder walk and
 * the grammar injection all derive from it, and a unit test holds package.json (activation events,
 * snippets, `injectTo`) to it.
 */

/** One kind of draft: a VS Code language id, the file extensions it has, and the TextMate grammar VS Code colours it with. */
export interface DraftLanguage {
  /** The language id (`TextDocument.languageId`). */
  id: string;
  /** File extensions without the dot, as written (VS Code's globs are case-sensitive on Linux, so both spellings of `Rmd`). */
  extensions: readonly string[];
  /** The root scope of the grammar that colours it, where the injection is injected. */
  scope: string;
  /** The suffix of that grammar's prose scopes (`meta.paragraph.<suffix>`, `markup.heading.<suffix>`). */
  scopeSuffix: string;
}

/**
 * Markdown, Quarto (`quarto`, the id the Quarto extension contributes) and R Markdown (`rmd`, the
 * id the R extension contributes). Without those extensions, `.qmd` and `.Rmd` files open as
 * Markdown through `files.associations` (docs/guide/quarto.md) and are drafts all the same. The
 * Quarto grammar names its scopes `*.quarto`; the R Markdown grammar includes the Markdown one,
 * whose scopes end in `.markdown`.
 */
export const DRAFT_LANGUAGES: readonly DraftLanguage[] = [
  { id: 'markdown', extensions: ['md', 'markdown'], scope: 'text.html.markdown', scopeSuffix: 'markdown' },
  { id: 'quarto', extensions: ['qmd'], scope: 'text.html.quarto', scopeSuffix: 'quarto' },
  { id: 'rmd', extensions: ['Rmd', 'rmd'], scope: 'text.html.rmarkdown', scopeSuffix: 'markdown' },
];

/** The language ids of drafts. */
export const DRAFT_LANGUAGE_IDS: readonly string[] = DRAFT_LANGUAGES.map((l) => l.id);

/** Every draft file extension, without the dot. */
export const DRAFT_EXTENSIONS: readonly string[] = DRAFT_LANGUAGES.flatMap((l) => l.extensions);

/** A glob for every draft file under a folder (`**\/*.{md,markdown,qmd,Rmd,rmd}`). */
export const DRAFT_GLOB = `**/*.{${DRAFT_EXTENSIONS.join(',')}}`;

const DRAFT_NAME = new RegExp(`\\.(?:${DRAFT_EXTENSIONS.join('|')})$`, 'i');

/**
 * Whether a file name or path names a draft, by its extension (in any case: `NOTES.MD`, `paper.RMD`).
 *
 * @param name A file name, path or URI path.
 * @returns True for `.md`, `.markdown`, `.qmd` and `.Rmd` files.
 */
export function isDraftName(name: string): boolean {
  return DRAFT_NAME.test(name);
}

/**
 * Whether a language id is a draft's.
 *
 * @param languageId A `TextDocument.languageId`.
 * @returns True for `markdown`, `quarto` and `rmd`.
 */
export function isDraftLanguage(languageId: string): boolean {
  return DRAFT_LANGUAGE_IDS.includes(languageId);
}

/** The file patterns of drafts for a message: `*.md, *.markdown, *.qmd, *.Rmd`. */
export const DRAFT_PATTERNS_TEXT = DRAFT_EXTENSIONS.filter(
  (e, i) => DRAFT_EXTENSIONS.findIndex((f) => f.toLowerCase() === e.toLowerCase()) === i,
)
  .map((e) => `*.${e}`)
  .join(', ');
