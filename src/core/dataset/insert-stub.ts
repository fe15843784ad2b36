/**
 * Where "Add to Team Dataset…" puts a stub entry: the edits that append it to a dataset file's
 * `entries`, computed with jsonc-parser so that the file's formatting, comments and other entries
 * stay as they were. Pure: the editor applies the edits as one undoable change.
 */
import { applyEdits, findNodeAtLocation, modify, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { AgreementEntry } from '../types';

/** One text edit: replace `length` characters at `offset` with `content`. */
export interface TextEdit {
  offset: number;
  length: number;
  content: string;
}

/** The edits to make, or why none can be made. */
export type StubInsertion =
  { ok: true; edits: TextEdit[]; text: string; entry: AgreementEntry; entryOffset: number } | { ok: false; reason: string };

/** The ids of the entries a dataset file's text already has (none when it is not a dataset). */
function idsIn(root: Node | undefined): Set<string> {
  const ids = new Set<string>();
  const entries = root && findNodeAtLocation(root, ['entries']);
  for (const e of entries?.type === 'array' ? (entries.children ?? []) : []) {
    const id = findNodeAtLocation(e, ['id']);
    if (typeof id?.value === 'string') ids.add(id.value);
  }
  return ids;
}

/** The indentation the file already uses: the first indented line's, else two spaces. */
function indentationOf(text: string): { insertSpaces: boolean; tabSize: number } {
  const m = /\n([ \t]+)\S/.exec(text);
  if (!m) return { insertSpaces: true, tabSize: 2 };
  return m[1]!.startsWith('\t') ? { insertSpaces: false, tabSize: 1 } : { insertSpaces: true, tabSize: m[1]!.length };
}

/**
 * Appends after the last element by hand: jsonc-parser's `modify` reformats the element before an
 * insertion, and the file must keep it as written. The new element takes the last one's indentation;
 * a comment that ends the last one's line stays with it.
 */
function appendAfter(
  text: string,
  last: Node,
  entry: AgreementEntry,
  options: { insertSpaces: boolean; tabSize: number; eol: string },
): TextEdit[] {
  const end = last.offset + last.length;
  const lineStart = text.lastIndexOf('\n', last.offset - 1) + 1;
  const lead = text.slice(lineStart, last.offset);
  const unit = options.insertSpaces ? ' '.repeat(options.tabSize) : '\t';
  const indent = /^[ \t]*$/.test(lead) ? lead : /^[ \t]*/.exec(lead)![0] + unit;
  const body = JSON.stringify(entry, null, unit)
    .split('\n')
    .join(options.eol + indent);
  const lineEnd = text.slice(end).search(/\r?\n/);
  const rest = lineEnd < 0 ? '' : text.slice(end, end + lineEnd);
  if (lineEnd >= 0 && /^\s*\/\/.*$/.test(rest)) {
    return [
      { offset: end, length: 0, content: ',' },
      { offset: end + lineEnd, length: 0, content: options.eol + indent + body },
    ];
  }
  return [{ offset: end, length: 0, content: ',' + options.eol + indent + body }];
}

/**
 * The edits that append a stub entry to a dataset file.
 *
 * @param text The file's text ('' for a file to create).
 * @param build Makes the entry, given the ids it must not take: those of the file itself (the
 *   caller adds the loaded dataset's).
 * @returns The edits, the text after them, the entry and its offset there; or, for a file that is
 *   not valid JSON or not a dataset object, a one-line reason, and no edits.
 */
export function insertStub(text: string, build: (fileIds: ReadonlySet<string>) => AgreementEntry): StubInsertion {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const errors: ParseError[] = [];
  const root = text.trim() === '' ? undefined : parseTree(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    return { ok: false, reason: `it is not valid JSON (${printParseErrorCode(errors[0]!.error)} at offset ${errors[0]!.offset})` };
  }
  if (root && root.type !== 'object') return { ok: false, reason: 'it is not a dataset file (its top level is not an object)' };
  const entries = root && findNodeAtLocation(root, ['entries']);
  if (entries && entries.type !== 'array') return { ok: false, reason: 'its "entries" is not a list' };
  const entry = build(idsIn(root));
  const formattingOptions = { ...indentationOf(text), eol };
  let edits: TextEdit[];
  if (!root) {
    const body = JSON.stringify({ entries: [entry] }, null, 2).replace(/\n/g, eol);
    edits = [{ offset: 0, length: text.length, content: body + eol }];
  } else if (!entries) {
    edits = modify(text, ['entries'], [entry], { formattingOptions });
  } else if (!entries.children?.length) {
    edits = modify(text, ['entries', -1], entry, { formattingOptions, isArrayInsertion: true });
  } else {
    edits = appendAfter(text, entries.children[entries.children.length - 1]!, entry, formattingOptions);
  }
  const after = applyEdits(text, edits);
  const newRoot = parseTree(after, [], { allowTrailingComma: true })!;
  const list = findNodeAtLocation(newRoot, ['entries'])!;
  const node = list.children![list.children!.length - 1]!;
  return { ok: true, edits, text: after, entry, entryOffset: node.offset };
}
