import fs from 'node:fs';
import path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { getSystemErrorMap } from 'node:util';

/**
 * Reading drafts and dataset files from disk, for the CLI (and any Node caller): only regular
 * files, through a bounded read, decoded by their byte order mark; folders walked with link loops
 * detected and every unreadable entry reported, never thrown.
 */

/**
 * A problem with one path, its message to print after the path (`cannot read: …` for an error,
 * `skipped: …` for a warning). `error`: something that should have been read was not; `warning`:
 * nothing that could be analysed was lost.
 */
export interface FileProblem {
  path: string;
  severity: 'error' | 'warning';
  message: string;
}

/** The text of a file, or why there is none. */
export type ReadResult = { text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' } | { problem: FileProblem };

/**
 * Why a system call failed, in words (`permission denied`, `link loop`…), without the path and the
 * stack Node puts in the message.
 *
 * @param error What `fs` threw.
 * @returns A short lower-case cause.
 */
export function describeError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
      return 'permission denied';
    case 'EPERM':
      return 'operation not permitted';
    case 'ELOOP':
      return 'link loop (too many levels of symbolic links)';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EISDIR':
      return 'a directory, not a file';
    case 'ENOSPC':
      return 'no space left on device';
    case 'EPIPE':
      return 'broken pipe';
  }
  if (typeof e?.errno === 'number') {
    const known = getSystemErrorMap().get(e.errno);
    if (known) return known[1];
  }
  return e instanceof Error ? e.message.split('\n')[0]! : String(error);
}

/** What a file that is not a regular file is, for a message. */
function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/**
 * A size for a message, in the units of `--max-size` and `policyLens.maxDocumentSize` (1 MB = 10⁶ bytes).
 *
 * @param bytes A size.
 * @returns E.g. "20 MB", "1.5 KB", "12 bytes".
 */
export function sizeText(bytes: number): string {
  if (bytes >= 1e6) return `${+(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${+(bytes / 1e3).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/**
 * Parses a size limit: a number of bytes, or a number with `KB`, `MB` or `GB` (powers of 1000, as
 * `policyLens.maxDocumentSize` counts in MB), case-insensitive.
 *
 * @param text E.g. `500000`, `500KB`, `1.5MB`.
 * @returns The number of bytes, or undefined when the text is not a size.
 */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9 }[(m[2] ?? 'b').toLowerCase() as 'b' | 'kb' | 'mb' | 'gb'];
  return Math.floor(Number(m[1]) * unit);
}

/**
 * Decodes a file's bytes: UTF-16 LE or BE by their byte order mark, otherwise UTF-8 (a UTF-8 BOM is
 * dropped, as editors do, so that positions match theirs and JSON parses). A NUL character or bytes
 * that are not UTF-8 make it a binary file.
 *
 * @param bytes The file's content.
 * @returns The text and its encoding, or undefined for a binary file.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' } | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text: string;
  let encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) {
    if (buffer.length % 2 !== 0) return undefined;
    text = buffer.toString('utf16le', 2);
    encoding = 'utf-16le';
  } else if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) {
    if (buffer.length % 2 !== 0) return undefined;
    const swapped = Buffer.from(buffer.subarray(2));
    swapped.swap16();
    text = swapped.toString('utf16le');
    encoding = 'utf-16be';
  } else {
    if (buffer.includes(0) || !isUtf8(buffer)) return undefined;
    const bom = buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
    text = buffer.toString('utf8', bom ? 3 : 0);
    encoding = 'utf-8';
  }
  if (encoding !== 'utf-8' && text.includes('\0')) return undefined;
  return { text, encoding };
}

// Opening a FIFO for reading waits for a writer; O_NONBLOCK makes the open return at once, so that
// fstat can tell it is not a regular file. It changes nothing for regular files. (Not on Windows,
// where there are no FIFOs to open.)
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * Reads a regular file of at most `maxBytes` bytes. Anything else (a FIFO, a device such as
 * /dev/zero, a directory, a larger file, a file that grows past the limit while read) is refused
 * without reading a byte more than the limit.
 *
 * @param file The path (links are followed).
 * @param maxBytes The largest file read.
 * @returns The bytes, or the problem (an error).
 */
export function readBounded(file: string, maxBytes: number): { bytes: Buffer } | { problem: FileProblem } {
  const problem = (cause: string): { problem: FileProblem } => ({
    problem: { path: file, severity: 'error', message: `cannot read: ${cause}` },
  });
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (error) {
    return problem(describeError(error));
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return problem(`not a regular file (${kindOf(stat)})`);
    const overLimit = (size: number): { problem: FileProblem } =>
      problem(`${sizeText(size)}, over the ${sizeText(maxBytes)} limit (raise it with --max-size)`);
    if (stat.size > maxBytes) return overLimit(stat.size);
    // One byte more than allowed tells a file that grew while read.
    const bytes = Buffer.allocUnsafe(Math.min(maxBytes, stat.size) + 1);
    let length = 0;
    for (;;) {
      const n = fs.readSync(fd, bytes, length, bytes.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > maxBytes) return overLimit(length);
      if (length === bytes.length) break;
    }
    return { bytes: bytes.subarray(0, length) };
  } catch (error) {
    return problem(describeError(error));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads a text file: `readBounded`, then `decodeText`. A binary file is a warning: it is not text
 * to analyse.
 *
 * @param file The path.
 * @param maxBytes The largest file read.
 * @returns The text, or the problem.
 */
export function readTextFile(file: string, maxBytes: number): ReadResult {
  const read = readBounded(file, maxBytes);
  if ('problem' in read) return read;
  const decoded = decodeText(read.bytes);
  if (!decoded) return { problem: { path: file, severity: 'warning', message: 'skipped: a binary file (not UTF-8 or UTF-16 text)' } };
  return decoded;
}

/** Options for `findMarkdownFiles`. */
export interface WalkOptions {
  /** Which file names to collect. */
  include: (name: string) => boolean;
  /** Which entries of a folder to leave out, files and folders (e.g. dot-folders, node_modules). */
  skip: (name: string) => boolean;
}

/**
 * Walks a folder for the files `include` takes, in name order. Links are followed; a folder reached
 * twice (a link to itself or to a parent) is walked once and reported. A dangling link, a link loop
 * or an entry that is neither a file nor a folder (a FIFO, a socket, a device) is a warning; a folder
 * or entry that cannot be read is an error. The walk always goes on.
 *
 * @param root The folder.
 * @param options What to collect and skip.
 * @returns The files found (paths joined onto `root`) and the problems met.
 */
export function walkFolder(root: string, options: WalkOptions): { files: string[]; problems: FileProblem[] } {
  const files: string[] = [];
  const problems: FileProblem[] = [];
  const seen = new Map<string, string>();
  const warn = (p: string, message: string): void => void problems.push({ path: p, severity: 'warning', message });
  const fail = (p: string, message: string): void => void problems.push({ path: p, severity: 'error', message });
  // Recursion is bounded: a path has at most PATH_MAX (4,096) bytes, so at most 2,048 levels.
  const walk = (dir: string, stat: fs.Stats): void => {
    const key = `${stat.dev}:${stat.ino}`;
    const first = seen.get(key);
    if (first !== undefined) return warn(dir, `skipped: a link loop (the folder ${first} again)`);
    seen.set(key, dir);
    let names: string[];
    try {
      names = fs.readdirSync(dir).sort();
    } catch (error) {
      return fail(dir, `cannot read the folder: ${describeError(error)}`);
    }
    for (const name of names) {
      if (options.skip(name)) continue;
      const full = path.join(dir, name);
      let entry: fs.Stats;
      try {
        entry = fs.statSync(full);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        let link = false;
        try {
          link = fs.lstatSync(full).isSymbolicLink();
        } catch {
          // Gone meanwhile: reported below as it is.
        }
        if (link && code === 'ENOENT') warn(full, `skipped: a dangling link (to ${safeReadlink(full)})`);
        else if (link && code === 'ELOOP') warn(full, 'skipped: a link loop (too many levels of symbolic links)');
        else fail(full, `cannot read: ${describeError(error)}`);
        continue;
      }
      if (entry.isDirectory()) walk(full, entry);
      else if (!options.include(name)) continue;
      else if (entry.isFile()) files.push(full);
      else warn(full, `skipped: not a regular file (${kindOf(entry)})`);
    }
  };
  try {
    walk(root, fs.statSync(root));
  } catch (error) {
    fail(root, `cannot read: ${describeError(error)}`);
  }
  return { files, problems };
}

function safeReadlink(file: string): string {
  try {
    return fs.readlinkSync(file);
  } catch {
    return 'an unreadable target';
  }
}
