/**
 * `npm run recall:keyed [-- DIR] [--verbose]`: the analysis against drafts with an answer key
 * (test/fixtures/keyed/: `x.md` and `x.key.md`), written by a separate author who read neither the
 * dataset nor the matcher. A key lists, as `line N: text — note`, the genuine engagement names
 * (section "Genuine…"), the tempting names planted on purpose ("Tempting…") and the borderline
 * ones ("Borderline…", counted neither way).
 *
 * A genuine name is found when an agreement reference (catalogued or not) on its line overlaps its
 * text. An agreement reference that is no genuine name and no borderline one is reported as
 * questionable: the catalogue holds some bodies and laws on purpose, so the catalogued ones are
 * listed for a reader to judge, while an uncatalogued one is a false report of the detector.
 */
import fs from 'node:fs';
import path from 'node:path';
import { analyze, loadBundledDataset } from '../src/core';

interface KeyLine {
  line: number;
  text: string;
}
const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const dir = args.find((a) => !a.startsWith('--')) ?? path.join(__dirname, '..', 'test', 'fixtures', 'keyed');
const dataset = loadBundledDataset();

/** Lower case, one kind of dash and apostrophe, single spaces: how the key and the draft are compared. */
const norm = (s: string): string =>
  s
    .replace(/[’‘]/g, "'")
    .replace(/[-—‐‑]/g, '–')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

function readKey(file: string): Record<'genuine' | 'tempting' | 'borderline', KeyLine[]> {
  const key = { genuine: [] as KeyLine[], tempting: [] as KeyLine[], borderline: [] as KeyLine[] };
  let section: keyof typeof key | undefined;
  for (const row of fs.readFileSync(file, 'utf8').split('\n')) {
    const heading = /^##\s+(\w+)/.exec(row);
    if (heading) {
      const word = heading[1]!.toLowerCase();
      section = word.startsWith('genuine')
        ? 'genuine'
        : word.startsWith('tempting')
          ? 'tempting'
          : word.startsWith('borderline')
            ? 'borderline'
            : undefined;
      continue;
    }
    const m = /^line (\d+): (.+)$/.exec(row);
    if (m && section) key[section].push({ line: Number(m[1]), text: m[2]!.split(' — ')[0]!.trim() });
  }
  return key;
}

const overlaps = (a: string, b: string): boolean => a.includes(b) || b.includes(a);
const total = { genuine: 0, found: 0, foundCatalogued: 0, references: 0, uncatalogued: 0, uncFalse: 0, questionable: 0 };
for (const name of fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.md') && !f.endsWith('.key.md') && f !== 'README.md')
  .sort()) {
  const keyFile = path.join(dir, name.replace(/\.md$/, '.key.md'));
  if (!fs.existsSync(keyFile)) continue;
  const key = readKey(keyFile);
  const analysis = analyze(fs.readFileSync(path.join(dir, name), 'utf8'), dataset);
  const agreements = [
    ...analysis.references
      .filter((r) => r.kind === 'agreement')
      .map((r) => ({ line: r.start.line, text: r.text, id: r.id ?? r.candidates?.join('|') ?? '', unc: false })),
    ...(analysis.uncatalogued ?? []).map((u) => ({ line: u.start.line, text: u.text, id: '(not in the dataset)', unc: true })),
  ];
  const used = new Set<number>();
  const notes: string[] = [];
  let found = 0;
  for (const g of key.genuine) {
    const k = agreements.findIndex(
      (r, i) => !used.has(i) && r.line === g.line && overlaps(norm(r.text).replace(/ \(.*\)$/, ''), norm(g.text)),
    );
    if (k < 0) notes.push(`  missed       ${g.line}: ${g.text}`);
    else {
      used.add(k);
      found++;
      if (!agreements[k]!.unc) total.foundCatalogued++;
    }
  }
  let uncFalse = 0;
  let questionable = 0;
  agreements.forEach((r, i) => {
    if (used.has(i)) return;
    if (key.borderline.some((b) => b.line === r.line && overlaps(norm(b.text), norm(r.text)))) return;
    if (r.unc) uncFalse++;
    else questionable++;
    notes.push(`  ${r.unc ? 'false report' : 'questionable'} ${r.line}: ${JSON.stringify(r.text)} ${r.id}`);
  });
  const uncatalogued = analysis.uncatalogued?.length ?? 0;
  const references = analysis.references.length + uncatalogued;
  total.genuine += key.genuine.length;
  total.found += found;
  total.references += references;
  total.uncatalogued += uncatalogued;
  total.uncFalse += uncFalse;
  total.questionable += questionable;
  console.log(
    `${name.padEnd(14)} genuine names found ${found}/${key.genuine.length}  not in the dataset: ${uncatalogued} reported, ${uncFalse} false  catalogued, to judge: ${questionable}  (${references} references)`,
  );
  if (verbose) for (const n of notes) console.log(n);
}
const pct = (a: number, b: number): string => (b ? ((100 * a) / b).toFixed(1) : '0.0');
console.log(
  `ALL            genuine names found ${total.found}/${total.genuine} (${(total.found / Math.max(1, total.genuine)).toFixed(3)}; ${total.foundCatalogued} catalogued)  ` +
    `not in the dataset: ${total.uncatalogued} reported, ${total.uncFalse} false (${pct(total.uncFalse, total.references)}% of all references)  catalogued, to judge: ${total.questionable}`,
);
