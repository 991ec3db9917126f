/**
 * The text of an uploaded CSV as the server reads it (a BOM dropped): UTF-8 when the bytes are
 * valid UTF-8, else GB18030 (the superset of GBK/GB2312 that Chinese Excel and WPS save), so the
 * preview shows what will be imported instead of mojibake.
 * @example decodeLabCsv(new Uint8Array([0xc2, 0xd6, 0xb4, 0xce])) // { text: '轮次', encoding: 'gb18030' }
 */
export function decodeLabCsv(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' } {
  // Only the start of a big file is read: a UTF-8 character cut at the end of the slice is not
  // a reason to switch, so up to three trailing bytes may be left out.
  for (let cut = 0; cut <= Math.min(3, bytes.length); cut++) {
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytes.length - cut));
      return { text, encoding: 'utf-8' };
    } catch {
      // try a shorter slice, then GB18030
    }
  }
  return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
}
