import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { INITIAL, type IGrammar } from 'vscode-textmate';
import { loadBundledDataset, type EntryKind } from '../../src/core';
import { GRAMMAR_PATH, INJECTION_SELECTOR, KIND_SCOPES, SCOPE_NAME, generateGrammar, renderGrammar } from '../../scripts/grammar';
import { HOST_GRAMMARS, markdownGrammar, STAND_IN_SCOPES, standIn } from '../../scripts/grammar-host';

const KIND_OF_SCOPE = new Map(Object.entries(KIND_SCOPES).map(([kind, scope]) => [scope, kind as EntryKind]));

const ROOT = path.join(__dirname, '..', '..');
/** Every token of the document that carries one of our scopes, as [text, kind]. */
function highlights(grammar: IGrammar, markdown: string): Array<[string, EntryKind]> {
  const out: Array<[string, EntryKind]> = [];
  let state = INITIAL;
  for (const line of markdown.split('\n')) {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    for (const token of result.tokens) {
      const ours = token.scopes.filter((s) => s.endsWith('.policy-lens'));
      assert.ok(ours.length <= 1, `nested scopes of ours on ${line}: ${ours.join(' ')}`);
      const kind = ours[0] && KIND_OF_SCOPE.get(ours[0]);
      if (ours[0]) assert.ok(kind, `unknown scope ${ours[0]}`);
      if (kind) out.push([line.slice(token.startIndex, token.endIndex), kind]);
    }
  }
  return out;
}

/** For each character of each line, its scopes other than ours. */
function hostScopes(grammar: IGrammar, markdown: string): string[][] {
  let state = INITIAL;
  return markdown.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    const chars: string[] = [];
    for (const token of result.tokens) {
      const scopes = token.scopes.filter((s) => !s.endsWith('.policy-lens')).join(' ');
      for (let i = token.startIndex; i < Math.min(token.endIndex, line.length); i++) chars.push(scopes);
    }
    return chars;
  });
}

/** Every scope name a raw grammar gives (its own, rule names, content names, capture names). */
function scopeNamesIn(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => scopeNamesIn(v, into));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if ((key === 'name' || key === 'contentName' || key === 'scopeName') && typeof v === 'string')
        v.split(/\s+/).forEach((s) => into.add(s));
      else scopeNamesIn(v, into);
    }
  }
  return into;
}

describe('the TextMate injection grammar', () => {
  const dataset = loadBundledDataset();
  let grammar: IGrammar;

  before(async () => {
    grammar = await markdownGrammar();
  });

  describe('the checked-in file', () => {
    it('is what the generator makes from the bundled dataset', () => {
      const current = readFileSync(path.join(ROOT, GRAMMAR_PATH), 'utf8').replace(/\r\n/g, '\n');
      assert.ok(
        current === renderGrammar(dataset),
        `${GRAMMAR_PATH} is out of date (the dataset or the generator changed): run \`npm run grammar\` to regenerate it.`,
      );
    });

    it('passes the generator’s own --check', () => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'generate-grammar.ts'), '--check'], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /is up to date/);
    });

    it('is an injection into Markdown, with a rule and a scope in our namespace per kind, and of a reasonable size', () => {
      const g = generateGrammar(dataset);
      assert.equal(g.scopeName, SCOPE_NAME);
      assert.match(g.injectionSelector, /^L:text\.html\.markdown /);
      for (const kind of ['agreement', 'pillar', 'country'] as const) {
        assert.equal(g.repository[kind]?.name, `entity.name.${kind}.policy-lens`);
        assert.ok(
          g.patterns.some((p) => p.include === `#${kind}`),
          kind,
        );
      }
      const size = Buffer.byteLength(renderGrammar(dataset));
      assert.ok(size < 400 * 1024, `the grammar is ${Math.round(size / 1024)} KB`);
    });

    it('names in its selector only scopes the real Markdown and HTML grammars give', () => {
      const known = new Set<string>();
      for (const file of Object.values(HOST_GRAMMARS)) scopeNamesIn(JSON.parse(readFileSync(file, 'utf8')), known);
      for (const scope of STAND_IN_SCOPES) scopeNamesIn(JSON.parse(standIn(scope)!), known);
      const selectorScopes = INJECTION_SELECTOR.replace(/(^|,\s*)L:/g, '$1')
        .split(/[\s()|,]+/)
        .map((t) => t.replace(/^-/, ''))
        .filter((t) => t.length > 0);
      assert.ok(selectorScopes.length >= 5, selectorScopes.join(' '));
      for (const scope of selectorScopes) {
        const exists = [...known].some((name) => name === scope || name.startsWith(`${scope}.`));
        assert.ok(exists, `no scope ${scope} in the VS Code Markdown/HTML grammars`);
      }
    });
  });

  describe('in a Markdown editor', () => {
    it('colours names in paragraphs, headings, list items, quotes, tables, emphasis and link text', () => {
      const md = [
        '# Japan and the EU',
        '',
        'Japan signed the Japan–EU Digital Partnership with the EU.',
        '',
        'Setext heading on India',
        '=======================',
        '',
        '- Denmark in a list item',
        '  1. Estonia in a nested, numbered item',
        '',
        '> A quote about Singapore',
        '',
        '| Partner | Engagement |',
        '| --- | --- |',
        '| Ukraine | EU-Japan digital partnership |',
        '',
        'Emphasis on **Tunisia** and _Jordan_, a [link about Belgium](https://example.org/belgium).',
        '',
        'The Multi-layered Connectivity pillar, IPEF Pillar II and the Technology strand (a short form, left to the analysis).',
      ].join('\n');
      assert.deepEqual(highlights(grammar, md), [
        ['Japan', 'country'],
        ['EU', 'country'],
        ['Japan', 'country'],
        ['Japan–EU Digital Partnership', 'agreement'],
        ['EU', 'country'],
        ['India', 'country'],
        ['Denmark', 'country'],
        ['Estonia', 'country'],
        ['Singapore', 'country'],
        ['Ukraine', 'country'],
        ['EU-Japan digital partnership', 'agreement'],
        ['Tunisia', 'country'],
        ['Jordan', 'country'],
        ['Belgium', 'country'],
        ['Multi-layered Connectivity', 'pillar'],
        ['IPEF Pillar II', 'pillar'],
      ]);
    });

    it('colours nothing in front matter, fenced or indented code, inline code, HTML, comments, link destinations or URLs', () => {
      const md = [
        '---',
        'title: Japan and India',
        'partner: EU',
        '---',
        '',
        '```',
        'Japan in a fenced block',
        '```',
        '',
        '~~~markdown',
        '# Japan in embedded Markdown',
        '~~~',
        '',
        '```js',
        'const partner = "Japan";',
        '```',
        '',
        '    India in indented code',
        '',
        'Inline `Japan` code and ``India`` too.',
        '',
        '<div class="note">',
        'Japan inside an HTML block',
        '</div>',
        '',
        '<p title="Japan">EU</p>',
        '',
        '<!-- India in a comment -->',
        '',
        '[japan-ref]: https://example.org/Japan "Japan"',
        '',
        'See https://example.org/data-free-flow-with-trust and <https://example.org/Japan>.',
      ].join('\n');
      assert.deepEqual(highlights(grammar, md), []);
    });

    it('leaves every scope of the Markdown grammar as it was', async () => {
      const md = [
        '# Japan heading',
        'Japan opens a paragraph; the EU–Japan Digital Partnership ends it',
        '',
        '- Japan opens a list item',
        '| Japan | India |',
        '| --- | --- |',
        '| EU | US |',
        '',
        '> Japan opens a quote with **India** and [Korea](https://example.org/Korea).',
        '',
        'Japan',
        '=====',
      ].join('\n');
      const plain = await markdownGrammar(false);
      assert.ok(highlights(grammar, md).length >= 12);
      assert.deepEqual(hostScopes(grammar, md), hostScopes(plain, md));
    });

    it('colours nothing in Pandoc attributes, Quarto shortcodes, fenced div lines or citation and cross-reference keys', () => {
      const md = [
        '# Japan and India {#sec-Japan .India lang=Korea}',
        '',
        '::: {.callout-note #India title="Japan"}',
        'Germany is in the callout.',
        ':::',
        '',
        '::: Japan',
        '::::',
        '',
        'See @sec-Japan and [@fig-India; @Japan2020], [France]{.Korea}, `x`{.India} and {{< include _Japan.qmd >}}.',
        '',
        '![Italy](map.png){#fig-Japan width=50%} and {-} and {=html}.',
      ].join('\n');
      assert.deepEqual(highlights(grammar, md), [
        ['Japan', 'country'],
        ['India', 'country'],
        ['Germany', 'country'],
      ]);
      // A span's text is left to the decorations: the Markdown grammar matches `[France]` whole as a link reference.
    });

    it('keeps inline HTML tags out but colours the text between them', () => {
      assert.deepEqual(highlights(grammar, 'Talks with <abbr title="Japan">EU</abbr> officials.'), [['EU', 'country']]);
    });

    it('matches whole words only', () => {
      assert.deepEqual(highlights(grammar, 'India, but not Indiana or Indianapolis.'), [['India', 'country']]);
    });

    it('keeps the case rules: US but not us, Japan and JAPAN but not japan, CHAD only as Chad', () => {
      assert.deepEqual(highlights(grammar, 'The US told us, and the U.S. agreed.'), [
        ['US', 'country'],
        ['U.S.', 'country'],
      ]);
      assert.deepEqual(highlights(grammar, 'Japan, JAPAN and japan; Chad and CHAD.'), [
        ['Japan', 'country'],
        ['JAPAN', 'country'],
        ['Chad', 'country'],
      ]);
    });

    it('treats dashes and spaces alike, apostrophes and diacritics loosely, plurals and possessives as the name', () => {
      assert.deepEqual(highlights(grammar, 'The Japan–EU Digital Partnership and the EU-Japan digital partnership.'), [
        ['Japan–EU Digital Partnership', 'agreement'],
        ['EU-Japan digital partnership', 'agreement'],
      ]);
      assert.deepEqual(highlights(grammar, "The EU — Japan Digital Partnership; Japan’s and Japan's; G20 and G 20."), [
        ['EU — Japan Digital Partnership', 'agreement'],
        ['Japan', 'country'],
        ['Japan', 'country'],
        ['G20', 'country'],
        ['G 20', 'country'],
      ]);
      assert.deepEqual(highlights(grammar, "Côte d’Ivoire and Cote d'Ivoire."), [
        ['Côte d’Ivoire', 'country'],
        ["Cote d'Ivoire", 'country'],
      ]);
    });

    it('prefers the longest name, across kinds too, commas and quotes included', () => {
      assert.deepEqual(highlights(grammar, "Japan's NFOIP Pillar 2 serves the NFOIP."), [
        ['Japan', 'country'],
        ['NFOIP Pillar 2', 'pillar'],
        ['NFOIP', 'agreement'],
      ]);
      assert.deepEqual(highlights(grammar, 'The G7 Industry, Technology and Digital Ministerial Meeting met in Italy.'), [
        ['G7 Industry, Technology and Digital Ministerial Meeting', 'agreement'],
        ['Italy', 'country'],
      ]);
      assert.deepEqual(highlights(grammar, 'Extending Efforts for Security and Safe Use of the “Sea” to the “Air”.'), [
        ['Extending Efforts for Security and Safe Use of the “Sea” to the “Air', 'pillar'],
      ]);
    });

    it('leaves names that need context, stop phrases and seas to the analysis', () => {
      assert.deepEqual(highlights(grammar, 'Technology matters. So do Governance, Community and Sustainability.'), []);
      assert.deepEqual(highlights(grammar, 'A guinea pig crossed the Indian Ocean to the Sea of Japan.'), []);
    });
  });

  for (const [language, root] of [
    ['Quarto', 'text.html.quarto'],
    ['R Markdown', 'text.html.rmarkdown'],
  ] as const) {
    describe(`in ${language === 'Quarto' ? 'a' : 'an'} ${language} editor (${root})`, () => {
      let draft: IGrammar;
      before(async () => {
        draft = await markdownGrammar(true, root);
      });

      it('colours the names of its prose, as in Markdown', () => {
        const md = [
          '# Japan and India',
          '',
          'Japan signed the Japan–EU Digital Partnership.',
          '',
          '- Denmark in a list item',
          '',
          '> A quote about Singapore',
        ].join('\n');
        assert.deepEqual(highlights(draft, md), highlights(grammar, md));
        assert.equal(highlights(draft, md).length, 6);
      });

      it('colours nothing in front matter, code chunks, chunk options, inline code chunks, attributes or div fences', () => {
        const md = [
          '---',
          'title: "Japan and India"',
          'bibliography: references.json',
          '---',
          '',
          '```{r, echo=FALSE}',
          '#| label: fig-Japan',
          '# India in a comment',
          'japan <- "Japan"',
          '```',
          '',
          '```{python}',
          'partner = "India"',
          '```',
          '',
          'Inline `r Japan` and `{python} India`, see @fig-Japan and {{< meta India >}}.',
          '',
          '::: {.callout-note title="Japan"}',
          ':::',
        ].join('\n');
        assert.deepEqual(highlights(draft, md), []);
      });

      it('leaves every scope of its grammar as it was', async () => {
        const md = ['# Japan heading {#sec-Japan}', 'Japan opens a paragraph; @sec-Japan ends it', '', '::: {.India}', 'India', ':::'].join(
          '\n',
        );
        const plain = await markdownGrammar(false, root);
        assert.ok(highlights(draft, md).length >= 3);
        assert.deepEqual(hostScopes(draft, md), hostScopes(plain, md));
      });
    });
  }
});
