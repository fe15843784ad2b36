import * as vscode from 'vscode';
import type { Point } from '../core';

/** Converts a core point (1-based line and column) to a VS Code position (0-based). */
export function toPosition(point: Pick<Point, 'line' | 'column'>): vscode.Position {
  return new vscode.Position(point.line - 1, point.column - 1);
}

/** Converts a core start/end pair to a VS Code range. */
export function toRange(item: { start: Pick<Point, 'line' | 'column'>; end: Pick<Point, 'line' | 'column'> }): vscode.Range {
  return new vscode.Range(toPosition(item.start), toPosition(item.end));
}
