import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes `ours.json` in `dir`: a user dataset with one bilateral memorandum between Japan and
 * Curaçao whose label the test chooses (the export tests give it the characters their formats must
 * escape). Returns the file's path, for `--dataset`.
 */
export function writeUserEntry(dir: string, entry: { id: string; label: string; summary: string; url: string; date: string }): string {
  const file = path.join(dir, 'ours.json');
  const { id, label, summary, url, date } = entry;
  const agreement = { id, kind: 'agreement', label, aliases: [], summary, sources: [{ title: 'Notice', url }], type: 'memorandum', date };
  fs.writeFileSync(file, JSON.stringify({ entries: [{ ...agreement, classification: 'bilateral', parties: ['jpn', 'cuw'] }] }));
  return file;
}
