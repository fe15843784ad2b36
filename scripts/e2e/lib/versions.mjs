// Every version the end-to-end harness depends on, in one place.
// Bump here; the install stamp (.cache/e2e/stamp.json) notices and reinstalls.

/** Node that code-server needs (code-server 4.139 declares engines.node "24"), from the npm registry package `node`. */
export const NODE_VERSION = '24.21.0';

/** code-server from the npm registry: VS Code 1.139 served to a browser, with a Node extension host. */
export const CODE_SERVER_VERSION = '4.139.1';

/** Must equal the exact devDependency in package.json; checked at start-up. */
export const PLAYWRIGHT_CORE_VERSION = '1.65.1';

/**
 * Debian packages the harness needs: the browser it drives, Kerberos headers for code-server's native
 * module, and a colour emoji font so flags in hover cards render in screenshots as users see them.
 */
export const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'fonts-noto-color-emoji'];

/** Where Debian's chromium puts its launcher. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Bumped when the layout of the install cache changes. */
export const CACHE_LAYOUT = 1;

/** The VS Code inside that code-server; `.vscode-test.mjs` downloads the same one for the desktop route. */
export const VSCODE_VERSION = '1.139.1';
