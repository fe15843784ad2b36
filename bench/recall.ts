/**
 * `npm run recall`: precision and recall on the annotated drafts in test/fixtures/recall/, which
 * were written by a separate author for measurement and are not used to tune the matcher.
 */
import fs from 'node:fs';
import path from 'node:path';
import { analyze, loadBundledDataset } from '../src/core';
import { parseAnnotated } from '../test/unit/helpers/annotations';

const dir = path.join(__dirname, '..', 'test', 'fixtures', 'recall');
const dataset = loadBundledDataset();
const verbose = process.argv.includes('--verbose');
const total = { expected: 0, found: 0, correct: 0, reported: 0, falsePositives: 0, falseFriends: 0, falseFriendHits: 0 };

for (const file of fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.md') && f !== 'README.md')
  .sort()) {
  const { text, expected } = parseAnnotated(fs.readFileSync(path.join(dir, file), 'utf8'));
  const refs = analyze(text, dataset).references;
  const positives = expected.filter((e) => !e.falseFriend);
  const overlaps = (a: { start: number; end: number }, r: (typeof refs)[number]): boolean =>
    r.start.offset < a.end && r.end.offset > a.start;
  const stats = {
    expected: positives.length,
    found: 0,
    correct: 0,
    reported: refs.length,
    falsePositives: 0,
    falseFriends: expected.length - positives.length,
    falseFriendHits: 0,
  };
  for (const e of positives) {
    const hit = refs.find((r) => overlaps(e, r));
    if (!hit) {
      if (verbose) console.log(`  miss ${file}: ${JSON.stringify(e.text)} ${e.ids.join(',')}`);
      continue;
    }
    stats.found++;
    const got = hit.candidates ?? [hit.id];
    const ok = e.ambiguous ? got.some((id) => e.ids.includes(id)) : got.length === 1 && got[0] === e.ids[0];
    if (ok) stats.correct++;
    else if (verbose) console.log(`  wrong ${file}: ${JSON.stringify(e.text)} want ${e.ids.join(',')} got ${got.join(',')}`);
  }
  for (const r of refs) {
    const friend = expected.find((e) => e.falseFriend && overlaps(e, r));
    if (friend) stats.falseFriendHits++;
    if (!positives.some((e) => overlaps(e, r))) {
      stats.falsePositives++;
      if (verbose)
        console.log(`  extra ${file}: ${JSON.stringify(r.text)} ${r.candidates?.join(',') ?? r.id}${friend ? ' (false friend)' : ''}`);
    }
  }
  for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += stats[k];
  console.log(
    `${file.padEnd(55)} recall ${(stats.found / stats.expected).toFixed(3)}  right entry ${(stats.correct / stats.expected).toFixed(3)}  precision ${((stats.reported - stats.falsePositives) / stats.reported).toFixed(3)}  false friends hit ${stats.falseFriendHits}/${stats.falseFriends}`,
  );
}
console.log(
  `${'ALL'.padEnd(55)} recall ${(total.found / total.expected).toFixed(3)}  right entry ${(total.correct / total.expected).toFixed(3)}  precision ${((total.reported - total.falsePositives) / total.reported).toFixed(3)}  false friends hit ${total.falseFriendHits}/${total.falseFriends}  (${total.expected} expected, ${total.reported} reported)`,
);
