// What run.mjs hands each UI check module in scripts/e2e/ui/ (files named NN-name.mjs, run in order
// in one workbench session, with the fixture draft open in an editor).

/**
 * @typedef {object} UiContext
 * @property {(name: string, fn: () => Promise<void>) => Promise<void>} check  runs one named check; a throw fails it (with a screenshot in the logs)
 * @property {import('playwright-core').Page} page  the workbench page
 * @property {{ page: import('playwright-core').Page, log: string }} browser
 * @property {{ url: string, port: number }} server  the code-server instance
 * @property {string} workspace  the fixture workspace folder (test/e2e/fixtures/workspace)
 * @property {string} draft  the fixture draft open in the editor
 * @property {string} images  where screenshots go: .cache/e2e/images, or docs/images with `--update-docs`
 * @property {(p: string) => string} rel  a path relative to the repository, for messages
 * @property {typeof import('../lib/browser.mjs')} lib  hoverPhrase, locateInEditor, openWorkbench, ...
 */
export {};
