/** A size for people: "12 KB" under a megabyte, "1.5 MB" above (of bytes, or of characters where a limit counts those). */
export function sizeText(size: number): string {
  return size < 1e6 ? `${Math.max(1, Math.round(size / 1e3))} KB` : `${(size / 1e6).toFixed(1)} MB`;
}
