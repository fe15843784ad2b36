import type { Point } from '../types';

/** Converts UTF-16 offsets to unist points (1-based line and column). CRLF, LF and lone CR end a line, as in micromark. */
export class LineIndex {
  private readonly starts: number[] = [0];

  /**
   * @param text The whole document.
   */
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      } else if (c === 10) {
        this.starts.push(i + 1);
      }
    }
  }

  /**
   * @param offset A UTF-16 offset into the text.
   * @returns The point at that offset.
   */
  point(offset: number): Point {
    const lo = lineAt(this.starts, offset);
    return { line: lo + 1, column: offset - this.starts[lo]! + 1, offset };
  }
}

/**
 * The line holding an offset, by binary search.
 *
 * @param starts Ascending line-start offsets, the first 0.
 * @param offset An offset at or after the first start.
 * @returns The index in `starts` of the last start at or before `offset`.
 */
export function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
