import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const read = (name: string): Record<string, string> => JSON.parse(readFileSync(path.join(ROOT, name), 'utf8')) as Record<string, string>;

/** What a translation must carry over unchanged: code spans (setting names, examples) and command links. */
function fixedParts(text: string): string[] {
  const code = text.match(/`[^`]+`/g) ?? [];
  const links = text.match(/\]\([^)]+\)/g) ?? [];
  return [...code, ...links].sort();
}

describe('the Japanese translation of the manifest (package.nls.ja.json)', () => {
  const english = read('package.nls.json');
  const japanese = read('package.nls.ja.json');

  it('translates every manifest string and adds none', () => {
    assert.deepEqual(Object.keys(japanese).sort(), Object.keys(english).sort());
  });

  it('is Japanese text, apart from the product name', () => {
    for (const [key, text] of Object.entries(japanese)) {
      if (english[key] === 'Policy Lens') continue;
      assert.notEqual(text, english[key], `${key} is not translated`);
      assert.match(text, /[\u3040-\u30ff\u4e00-\u9fff]/, `${key} has no Japanese in it`);
    }
  });

  it('keeps code spans, setting names and command links as they are', () => {
    for (const [key, text] of Object.entries(japanese)) {
      assert.deepEqual(fixedParts(text), fixedParts(english[key] ?? ''), key);
    }
  });
});
