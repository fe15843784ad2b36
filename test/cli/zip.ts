import { openPromise } from 'yauzl';

/**
 * Reads every file of a zip archive (a .vsix, a .docx) with yauzl, a maintained zip reader.
 *
 * @param file The archive.
 * @returns Each entry's name and bytes, in the archive's order.
 */
export async function readZip(file: string): Promise<Map<string, Buffer>> {
  const zip = await openPromise(file);
  const files = new Map<string, Buffer>();
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      files.set(entry.fileName, Buffer.concat(chunks));
    }
  } finally {
    zip.close();
  }
  return files;
}
