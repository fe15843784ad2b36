import assert from 'node:assert/strict';
import { analyze, loadBundledDataset } from '../../src/core';

describe('checks against the record', () => {
  const dataset = loadBundledDataset();
  const diagnostics = (text: string) =>
    analyze(text, dataset).diagnostics.map((d) => ({ code: d.code, text: text.slice(d.start.offset, d.end.offset), message: d.message }));

  it('flags a year next to a reference that contradicts the entry, citing the value and source', () => {
    const d = diagnostics('The 2021 G7 meeting in Germany set the tone.');
    assert.equal(d.length, 1);
    assert.equal(d[0]!.code, 'inconsistent-year');
    assert.equal(d[0]!.text, '2021');
    assert.match(d[0]!.message, /dates "G7 Digital Ministers' Meeting 2022" to 2022.*not 2021 \(source: /);
  });

  it('accepts a year that agrees, in any of the usual positions', () => {
    for (const text of [
      'The 2022 Estonia MOC.',
      'The Estonia MOC (2022) matters.',
      'The Estonia MOC of 2022.',
      'The Estonia MOC, 2022, matters.',
    ]) {
      assert.deepEqual(diagnostics(text), [], text);
    }
  });

  it('flags a host that is not the host, and a partner that is not a party', () => {
    const host = diagnostics('The Second Meeting of the Japan-EU Digital Partnership Council in Japan.');
    assert.equal(host[0]?.code, 'inconsistent-host');
    assert.equal(host[0]?.text, 'Japan');
    const partner = diagnostics('The Japan–EU Digital Partnership with Korea is new.');
    assert.equal(partner[0]?.code, 'not-a-party');
    assert.equal(partner[0]?.text, 'Korea');
    assert.match(partner[0].message, /lists Japan and European Union/);
  });

  it('reports an ambiguous reference as information, with its candidates', () => {
    const analysis = analyze('The G7 digital ministers’ meeting is held every year.', dataset);
    const d = analysis.diagnostics.find((x) => x.code === 'ambiguous-reference');
    assert.equal(d?.severity, 'information');
    assert.ok((d?.entries ?? []).length >= 2);
  });

  it('hints at a name that is not a recognised form, never at a recognised one or a list item', () => {
    const hints = (text: string) =>
      analyze(text, dataset)
        .diagnostics.filter((d) => d.code === 'non-canonical-name')
        .map((d) => text.slice(d.start.offset, d.end.offset));
    assert.deepEqual(hints('The Estonia MOCs and the memoranda of cooperation with Estonia.'), ['Estonia MOCs']);
    assert.deepEqual(
      hints('The Estonia MOC, the Japan–EU Digital Partnership, the EU-Japan digital partnership and Data Free Flow with Trust (DFFT).'),
      [],
    );
    assert.deepEqual(hints('MOCs with Saudi Arabia, Tunisia and Jordan.'), ['MOCs with Saudi Arabia']);
    const d = analyze('The Estonia MOCs.', dataset).diagnostics[0]!;
    assert.equal(d.severity, 'hint');
    assert.match(d.message, /canonical name is "Japan–Estonia Memorandum of Cooperation"/);
  });
});
