// The part of yauzl's API the tests use (the package ships no types).
declare module 'yauzl' {
  import type { Readable } from 'node:stream';
  export interface Entry {
    fileName: string;
  }
  export interface ZipFile {
    eachEntry(): AsyncIterable<Entry>;
    openReadStreamPromise(entry: Entry, options?: object): Promise<Readable>;
    close(): void;
  }
  export function openPromise(path: string, options?: object): Promise<ZipFile>;
}
