/**
 * `npm run recall [-- DIR...] [--verbose]`: precision and recall on annotated drafts (by default
 * test/fixtures/recall/ and each folder in it), written by a separate author for measurement.
 *
 * A folder may hold `ids.json`, mapping the author's own ids to catalogue ids: an author who has
 * not read the dataset annotates engagements with ids of their own choosing. An id `new:…` marks
 * an engagement the catalogue is not expected to hold; such references are counted apart, and a
 * report on one of them is neither a hit nor a false positive.
 *
 * Names the catalogue lacks (`Analysis.uncatalogued`, issue 11) are measured apart: a report that
 * overlaps a `new:` annotation is right, any other is a false uncatalogued report (precision); a
 * `new:` name the catalogue does not find counts toward the detector's recall (one it finds was
 * catalogued since, and is counted as such).
 */
import fs from 'node:fs';
import path from 'node:path';
import { analyze, loadBundledDataset, type Reference } from '../src/core';
import { parseAnnotated, type Expected } from '../test/unit/helpers/annotations';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const root = path.join(__dirname, '..', 'test', 'fixtures', 'recall');
const named = args.filter((a) => !a.startsWith('--'));
const dirs = named.length
  ? named
  : [
      root,
      ...fs
        .readdirSync(root, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => path.join(root, d.name)),
    ];
const dataset = loadBundledDataset();

interface Tally {
  expected: number;
  found: number;
  correct: number;
  reported: number;
  falsePositives: number;
  falseFriends: number;
  falseFriendHits: number;
  uncatalogued: number;
  uncataloguedFound: number;
  /** `new:` names the catalogue now finds. */
  nowCatalogued: number;
  /** `new:` names the detector of uncatalogued names finds. */
  detected: number;
  /** Uncatalogued references reported, and the false ones among them. */
  uncReported: number;
  uncFalse: number;
}
const zero = (): Tally => ({
  expected: 0,
  found: 0,
  correct: 0,
  reported: 0,
  falsePositives: 0,
  falseFriends: 0,
  falseFriendHits: 0,
  uncatalogued: 0,
  uncataloguedFound: 0,
  nowCatalogued: 0,
  detected: 0,
  uncReported: 0,
  uncFalse: 0,
});
const add = (into: Tally, from: Tally): void => {
  for (const k of Object.keys(into) as Array<keyof Tally>) into[k] += from[k];
};
const line = (name: string, t: Tally): string =>
  `${name.padEnd(58)} recall ${(t.found / t.expected).toFixed(3)}  right entry ${(t.correct / t.expected).toFixed(3)}  precision ${((t.reported - t.falsePositives) / t.reported).toFixed(3)}  false friends hit ${t.falseFriendHits}/${t.falseFriends}` +
  (t.uncatalogued ? `  uncatalogued found ${t.uncataloguedFound}/${t.uncatalogued}` : '') +
  `  (${t.expected} expected, ${t.reported} reported)` +
  `\n${''.padEnd(58)} uncatalogued: ${t.uncReported} reported, ${t.uncFalse} false (${t.uncReported ? ((100 * t.uncFalse) / t.uncReported).toFixed(1) : '0.0'}% of them, ${((100 * t.uncFalse) / Math.max(1, t.reported + t.uncReported)).toFixed(1)}% of all references reported)` +
  (t.uncatalogued
    ? `, new names found ${t.detected}/${t.uncatalogued - t.nowCatalogued} (recall ${(t.detected / Math.max(1, t.uncatalogued - t.nowCatalogued)).toFixed(3)}; ${t.nowCatalogued} now catalogued)`
    : '');

const overlaps = (a: { start: number; end: number }, r: Reference): boolean => r.start.offset < a.end && r.end.offset > a.start;

function measure(file: string, ids: Record<string, string>): Tally {
  const { text, expected } = parseAnnotated(fs.readFileSync(file, 'utf8'));
  const analysis = analyze(text, dataset);
  const refs = analysis.references;
  const unc = analysis.uncatalogued ?? [];
  const name = path.relative(root, file);
  const isNew = (e: Expected): boolean => e.ids.some((id) => id.startsWith('new:'));
  const positives = expected.filter((e) => !e.falseFriend && !isNew(e));
  const fresh = expected.filter(isNew);
  const t = zero();
  t.expected = positives.length;
  t.reported = refs.length;
  t.falseFriends = expected.filter((e) => e.falseFriend).length;
  t.uncatalogued = fresh.length;
  for (const e of positives) {
    const hit = refs.find((r) => overlaps(e, r));
    if (!hit) {
      if (verbose) console.log(`  miss ${name}: ${JSON.stringify(e.text)} ${e.ids.join(',')}`);
      continue;
    }
    t.found++;
    const want = e.ids.map((id) => ids[id] ?? id);
    const got = hit.candidates ?? (hit.id ? [hit.id] : []);
    const ok = e.ambiguous ? got.some((id) => want.includes(id)) : got.length === 1 && got[0] === want[0];
    if (ok) t.correct++;
    else if (verbose) console.log(`  wrong ${name}: ${JSON.stringify(e.text)} want ${want.join(',')} got ${got.join(',')}`);
  }
  for (const e of fresh) if (refs.some((r) => overlaps(e, r))) t.uncataloguedFound++;
  const overlapsU = (a: { start: number; end: number }, r: { start: { offset: number }; end: { offset: number } }): boolean =>
    r.start.offset < a.end && r.end.offset > a.start;
  for (const e of fresh) {
    // A `new:` name the catalogue finds as an agreement was catalogued since.
    if (refs.some((r) => r.kind === 'agreement' && overlaps(e, r))) t.nowCatalogued++;
    else if (unc.some((u) => overlapsU(e, u))) t.detected++;
    else if (verbose) console.log(`  unc-miss ${name}: ${JSON.stringify(e.text)} ${e.ids.join(',')}`);
  }
  t.uncReported = unc.length;
  for (const u of unc) {
    if (fresh.some((e) => overlapsU(e, u))) continue;
    t.uncFalse++;
    if (verbose) console.log(`  unc-false ${name}: ${JSON.stringify(u.text)} (line ${u.start.line})`);
  }
  for (const r of refs) {
    const friend = expected.find((e) => e.falseFriend && overlaps(e, r));
    if (friend) t.falseFriendHits++;
    if (fresh.some((e) => overlaps(e, r))) {
      t.reported--;
      continue;
    }
    if (!positives.some((e) => overlaps(e, r))) {
      t.falsePositives++;
      if (verbose)
        console.log(`  extra ${name}: ${JSON.stringify(r.text)} ${r.candidates?.join(',') ?? r.id}${friend ? ' (false friend)' : ''}`);
    }
  }
  return t;
}

for (const dir of dirs) {
  const idsFile = path.join(dir, 'ids.json');
  const ids = fs.existsSync(idsFile) ? (JSON.parse(fs.readFileSync(idsFile, 'utf8')) as Record<string, string>) : {};
  const total = zero();
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .sort()) {
    const t = measure(path.join(dir, file), ids);
    add(total, t);
    console.log(line(file, t));
  }
  console.log(line(`ALL ${path.relative(process.cwd(), dir) || '.'}`, total));
  console.log('');
}
