import 'server-only';
import { isUtf8 } from 'node:buffer';
import { formatCount } from '../shared/format';
import type { Problem } from './shared/check-types';

// What a file's bytes are, whatever its name says: a zip, CSV text, or something an operator saved by
// mistake (a spreadsheet, a sign-in page, a UTF-16 export), each named so they know what to do instead.

export const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
const LF = 0x0a;
const CR = 0x0d;
const SAVE_AS_CSV = 'In Excel, choose File › Save As › "CSV UTF-8 (Comma delimited) (.csv)" and upload that.';

export type Sniffed = { format: 'zip' } | { format: 'text' } | { format: 'refused'; problem: Problem };

const startsWith = (bytes: Uint8Array, signature: readonly number[]) => signature.every((byte, i) => bytes[i] === byte);

/** `what`: how messages name the bytes ("The file", `"data.csv" in the zip`). */
export function sniffFormat(bytes: Uint8Array, what: string): Sniffed {
  const refuse = (code: Problem['code'], message: string): Sniffed => ({ format: 'refused', problem: { code, message } });
  // Local file header, or the end record of an empty zip.
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return { format: 'zip' };
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return refuse('spreadsheet', `${what} is an Excel 97–2003 workbook (.xls) or another old Office file, not a CSV. ${SAVE_AS_CSV}`);
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    const order = bytes[0] === 0xff ? 'little-endian' : 'big-endian';
    return refuse('utf16', `${what} is UTF-16 text (${order}, it starts with a UTF-16 byte order mark), and Zuora reads UTF-8. ${SAVE_AS_CSV}`);
  }
  if (looksLikeUtf16WithoutBom(bytes)) return refuse('utf16', `${what} looks like UTF-16 text (every other byte is zero), and Zuora reads UTF-8. ${SAVE_AS_CSV}`);
  if (startsWith(bytes, [0x1f, 0x8b])) return refuse('not_csv', `${what} is a gzip file (.gz), not a zip. Zuora takes a .csv, or a .zip holding one .csv.`);
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return refuse('not_csv', `${what} is a PDF document, not a CSV.`);
  const head = new TextDecoder().decode(bytes.subarray(0, 512)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (/^<(!doctype html|html|head|body)\b/.test(head)) {
    return refuse('not_csv', `${what} is a web page (HTML), not a CSV: perhaps a sign-in or error page was saved in place of the file. Download the file again.`);
  }
  if (head.startsWith('<?xml')) return refuse('not_csv', `${what} is an XML document, not a CSV. ${SAVE_AS_CSV}`);
  if (bytes.subarray(0, 8192).includes(0)) return refuse('not_csv', `${what} holds binary data (zero bytes), not CSV text.`);
  return { format: 'text' };
}

/** Null when the bytes are UTF-8 (with or without a BOM); otherwise where the first bad byte is. */
export function checkUtf8(bytes: Uint8Array, what: string): Problem | null {
  if (isUtf8(bytes)) return null;
  const at = firstInvalidByte(bytes);
  const { line, column } = lineAndColumn(bytes, at);
  const byte = bytes[at] ?? 0;
  // WHATWG's "latin1" is Windows-1252: what Excel's plain CSV writes on most Western Windows machines.
  const asWindows = new TextDecoder('latin1').decode(bytes.subarray(at, at + 1));
  const guess = /[\p{L}\p{S}\p{P}]/u.test(asWindows) ? ` ("${asWindows}" in Windows-1252)` : '';
  return {
    code: 'not_utf8',
    message:
      `${what} is not UTF-8: line ${formatCount(line)}, column ${formatCount(column)} (byte offset ${formatCount(at)}) holds the byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')}${guess}, ` +
      `which is not part of a UTF-8 character. The file was probably saved in a Windows or Mac code page, as Excel's plain "CSV (Comma delimited)" does. ${SAVE_AS_CSV}`,
  };
}

/** Mac's old "CSV (Macintosh)" ends lines with CR alone: Zuora documents none, and it would read as one line. */
export function checkLineEndings(bytes: Uint8Array, what: string): Problem | null {
  if (bytes.includes(LF) || !bytes.includes(CR)) return null;
  return { code: 'cr_line_endings', message: `${what} ends its lines with a carriage return alone (the old Mac format), which Zuora does not read. Save it with Windows (CRLF) or Unix (LF) line endings, e.g. as "CSV UTF-8 (Comma delimited)".` };
}

/** The line (from 1) of each offset, ascending offsets in, one pass over the bytes. */
export function linesAt(bytes: Uint8Array, offsets: readonly number[]): number[] {
  let line = 1;
  let from = 0;
  return offsets.map((offset) => {
    for (let at = bytes.indexOf(LF, from); at >= 0 && at < offset; at = bytes.indexOf(LF, at + 1)) {
      line += 1;
      from = at + 1;
    }
    return line;
  });
}

function lineAndColumn(bytes: Uint8Array, at: number): { line: number; column: number } {
  const lineStart = bytes.lastIndexOf(LF, at - 1) + 1;
  const [line = 1] = linesAt(bytes, [at]);
  // Everything before the first bad byte is valid, so this counts characters, not bytes.
  const before = new TextDecoder().decode(bytes.subarray(lineStart, at)).replace(/^\uFEFF/, '');
  return { line, column: [...before].length + 1 };
}

/** The start of the first sequence that is not UTF-8 (overlong forms and surrogates included), by RFC 3629's table. */
function firstInvalidByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < (k === 1 ? low : 0x80) || next > (k === 1 ? high : 0xbf)) return i;
    }
    i += length;
  }
  return bytes.length;
}

function looksLikeUtf16WithoutBom(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 512);
  if (sample.length < 8) return false;
  let evenZeros = 0;
  let oddZeros = 0;
  sample.forEach((byte, i) => {
    if (byte === 0) {
      if (i % 2 === 0) evenZeros += 1;
      else oddZeros += 1;
    }
  });
  // ASCII text in UTF-16 has a zero in every other byte; a binary file's zeros fall anywhere.
  const half = sample.length / 2;
  return Math.max(evenZeros, oddZeros) > half * 0.8 && Math.min(evenZeros, oddZeros) < half * 0.1;
}
