import assert from 'node:assert/strict';
import { analyze, fixesFor, loadBundledDataset, type Diagnostic, type Fix } from '../../src/core';

describe('quick fixes for the checks', () => {
  const dataset = loadBundledDataset();
  const only = (text: string, code: string): Diagnostic => {
    const found = analyze(text, dataset).diagnostics.filter((d) => d.code === code);
    assert.equal(found.length, 1, `one ${code} in ${JSON.stringify(text)}`);
    return found[0]!;
  };
  const fixes = (text: string, code: string): { diagnostic: Diagnostic; fixes: Fix[] } => {
    const diagnostic = only(text, code);
    return { diagnostic, fixes: fixesFor(diagnostic, text.slice(diagnostic.start.offset, diagnostic.end.offset), dataset) };
  };
  const apply = (text: string, d: Diagnostic, fix: Fix): string =>
    text.slice(0, d.start.offset) + fix.replacement + text.slice(d.end.offset);

  it('rewrites an ambiguous reference to each candidate, none preferred, and each rewrite resolves it', () => {
    const text = 'The G20 digital ministers’ meeting is held every year.';
    const { diagnostic, fixes: found } = fixes(text, 'ambiguous-reference');
    assert.deepEqual(
      found.map((f) => f.entry),
      diagnostic.entries,
    );
    assert.ok(found.some((f) => f.replacement === "G20 Digital Economy Ministers' Meeting 2022"));
    assert.ok(found.every((f) => f.kind === 'label' && !f.preferred));
    for (const fix of found) {
      const after = analyze(apply(text, diagnostic, fix), dataset);
      const ref = after.references.find((r) => r.start.offset === diagnostic.start.offset);
      assert.equal(ref?.id, fix.entry, fix.replacement);
      assert.equal(ref?.candidates, undefined, fix.replacement);
      assert.deepEqual(after.diagnostics, [], fix.replacement);
    }
  });

  it('rewrites a non-canonical name to the canonical one, as the preferred fix', () => {
    const text = 'The Estonia MOCs matter.';
    const { diagnostic, fixes: found } = fixes(text, 'non-canonical-name');
    assert.deepEqual(found, [
      { kind: 'label', replacement: 'Japan–Estonia Memorandum of Cooperation', entry: 'moc-estonia-2022', preferred: true },
    ]);
    assert.equal(apply(text, diagnostic, found[0]!), 'The Japan–Estonia Memorandum of Cooperation matter.');
    assert.deepEqual(analyze(apply(text, diagnostic, found[0]!), dataset).diagnostics, []);
  });

  it('replaces a contradicted year with the recorded one', () => {
    const text = 'The 2021 G7 meeting in Germany set the tone.';
    const { diagnostic, fixes: found } = fixes(text, 'inconsistent-year');
    assert.deepEqual(found, [{ kind: 'year', replacement: '2022', entry: 'g7-2022-digital-ministers-meeting', preferred: true }]);
    assert.equal(apply(text, diagnostic, found[0]!), 'The 2022 G7 meeting in Germany set the tone.');
    assert.deepEqual(analyze(apply(text, diagnostic, found[0]!), dataset).diagnostics, []);
  });

  it('replaces a host that is not the host with the recorded host', () => {
    const text = 'The Second Meeting of the Japan-EU Digital Partnership Council in Japan.';
    const { diagnostic, fixes: found } = fixes(text, 'inconsistent-host');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.kind, 'host');
    assert.equal(found[0]!.entry, 'eu');
    assert.deepEqual(analyze(apply(text, diagnostic, found[0]!), dataset).diagnostics, []);
  });

  it('offers nothing for a partner that is not a party: which party was meant is not knowable', () => {
    assert.deepEqual(fixes('The Japan–EU Digital Partnership with Korea is new.', 'not-a-party').fixes, []);
  });

  it('suggests the keys an unknown citation key probably meant, and nothing for a key like no other', () => {
    const keys = (text: string) => fixes(text, 'unknown-citation').fixes.map((f) => f.replacement);
    assert.deepEqual(keys('As agreed [@estonia-moc].'), ['@moc-estonia-2022']);
    assert.deepEqual(keys('As agreed [@moc-estonia-2021].'), ['@moc-estonia-2022']);
    assert.deepEqual(keys('As agreed [@Germany].'), ['@deu']);
    assert.deepEqual(keys('As agreed [@zzqx-unheard-of].'), []);
    const { diagnostic, fixes: found } = fixes('As agreed [@estonia-moc].', 'unknown-citation');
    assert.equal(found[0]!.preferred, true);
    assert.deepEqual(analyze(apply('As agreed [@estonia-moc].', diagnostic, found[0]!), dataset).diagnostics, []);
  });

  it('offers no rewrite of a name with markup inside, which the rewrite would unbalance', () => {
    const text = 'The *Estonia* MOCs matter.';
    const { diagnostic, fixes: found } = fixes(text, 'non-canonical-name');
    assert.match(text.slice(diagnostic.start.offset, diagnostic.end.offset), /\*/);
    assert.deepEqual(found, []);
  });

  it('offers nothing when the text under the diagnostic no longer is what was flagged', () => {
    const d = only('The 2021 G7 meeting in Germany set the tone.', 'inconsistent-year');
    assert.deepEqual(fixesFor(d, '2022', dataset), []);
    assert.deepEqual(fixesFor(d, 'twenty', dataset), []);
  });
});
