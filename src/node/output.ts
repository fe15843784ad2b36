import crypto from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';

// C0 controls (ESC starts the terminal's escape sequences, OSC 8 hyperlinks among them), DEL, C1
// controls (U+009B is a one-character CSI on some terminals) and the bidi embeddings, overrides and
// isolates, which reorder what a terminal shows (Trojan Source). Other Unicode is printed as it is.
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const UNSAFE_IN_TERMINAL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * Makes text from a draft, a dataset or a file name safe to print on a terminal: control
 * characters and bidi overrides become visible escapes (`\x1b`, `\n`, `\u202e`), so that data can
 * neither drive the terminal nor break a line of the report.
 *
 * @param text Any text.
 * @returns The text with every such character escaped.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE_IN_TERMINAL, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}

/**
 * Like `terminalSafe` for a whole export shown on a terminal: line breaks and tabs are kept.
 *
 * @param text Text of several lines.
 * @returns The text with the other controls escaped.
 */
export function terminalSafeLines(text: string): string {
  return text.replace(UNSAFE_IN_TERMINAL, (c) => (c === '\n' || c === '\r' || c === '\t' ? c : terminalSafe(c)));
}

// JSON.stringify escapes C0 controls only.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text whose strings hold no raw DEL, C1 control, line separator or bidi override: they are
 * written as `\uXXXX` escapes, which parse back to the same value.
 *
 * @param value Any JSON value.
 * @param indent Indentation, as for `JSON.stringify`.
 * @returns The JSON text.
 */
export function safeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Writes a long output to a stream in chunks, waiting for the stream to drain, so that the output
 * is never held whole in memory (a JSON report can be larger than the longest string V8 allows).
 */
export class ChunkedOutput {
  private parts: string[] = [];
  private size = 0;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly chunk = 1 << 16,
  ) {}

  /** Queues text; call `flushIfFull` now and then. */
  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
  }

  /** Writes the queued text once it is a chunk long. */
  async flushIfFull(): Promise<void> {
    if (this.size >= this.chunk) await this.flush();
  }

  /** Writes the queued text. */
  async flush(): Promise<void> {
    if (this.size === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }
}

/**
 * Whether two stats are of the same file.
 *
 * @param a A stat.
 * @param b Another.
 * @returns True when device and inode agree.
 */
export function sameFile(a: fs.Stats, b: fs.Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/**
 * Writes a file atomically: into a temporary file beside the target, flushed to disk, then renamed
 * over it, so that a failure (a full disk) leaves the previous file as it was and no partial file.
 * A link is followed (the file it points to is replaced, the link kept). A target that exists and is
 * not a regular file (a device, a FIFO) is written to directly, as it cannot be replaced.
 *
 * @param target The file to write.
 * @param data Its new content.
 * @throws The system error (the temporary file removed).
 */
export function writeFileAtomic(target: string, data: string): void {
  let real = target;
  let mode: number | undefined;
  try {
    real = fs.realpathSync(target);
    const stat = fs.statSync(real);
    if (stat.isDirectory()) throw Object.assign(new Error(`EISDIR: ${target}`), { code: 'EISDIR' });
    if (!stat.isFile()) return fs.writeFileSync(real, data);
    mode = stat.mode & 0o7777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const temp = path.join(path.dirname(real), `.${path.basename(real)}.${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(temp, 'wx', mode ?? 0o666);
  try {
    try {
      const bytes = Buffer.from(data, 'utf8');
      for (let offset = 0; offset < bytes.length;) offset += fs.writeSync(fd, bytes, offset);
      if (mode !== undefined) fs.fchmodSync(fd, mode);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, real);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  // The rename itself reaches the disk with the folder; not every system can fsync a folder.
  try {
    const dir = fs.openSync(path.dirname(real), 'r');
    try {
      fs.fsyncSync(dir);
    } finally {
      fs.closeSync(dir);
    }
  } catch {
    // The file is written; only its durability across a power cut is left to the system.
  }
}
