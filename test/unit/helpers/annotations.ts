/** An expectation written inline in a Markdown fixture. */
export interface Expected {
  text: string;
  /** Offsets in the stripped text. */
  start: number;
  end: number;
  /** `ids` for a reference, with `ambiguous` when every listed id is a candidate; empty for a false friend (`-`). */
  ids: string[];
  ambiguous: boolean;
  falseFriend: boolean;
}

// The visible text never holds `{{` or `}}`, so a Quarto shortcode (`{{< meta x >}}`) before an annotation is left as it is.
const ANNOTATION = /\{\{((?:(?!\{\{|\}\})[\s\S])*?)\|([^{}|]*)\}\}/g;

/**
 * Strips `{{visible text|id}}`, `{{text|?id1,id2}}` (ambiguous) and `{{text|-}}` (must not be
 * reported) annotations, returning the plain Markdown and what each annotation expects.
 */
export function parseAnnotated(source: string): { text: string; expected: Expected[] } {
  let text = '';
  let last = 0;
  const expected: Expected[] = [];
  for (const m of source.matchAll(ANNOTATION)) {
    text += source.slice(last, m.index);
    const [, visible, spec] = m as unknown as [string, string, string];
    const start = text.length;
    text += visible;
    const falseFriend = spec.trim() === '-';
    const ambiguous = spec.trim().startsWith('?');
    const ids = falseFriend
      ? []
      : spec
          .trim()
          .replace(/^\?/, '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
    expected.push({ text: visible, start, end: text.length, ids, ambiguous, falseFriend });
    last = m.index + m[0].length;
  }
  text += source.slice(last);
  return { text, expected };
}
