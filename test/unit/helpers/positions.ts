import type { Point } from '../../../src/core';

/** Line and column of an offset, computed independently of the core (CRLF, LF and CR end lines). */
export function pointAt(text: string, offset: number): Point {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\r') {
      if (text[i + 1] === '\n') i++;
      line++;
      lineStart = i + 1;
    } else if (c === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1, offset };
}
