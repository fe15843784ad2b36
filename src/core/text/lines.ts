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
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1, offset };
  }
}
