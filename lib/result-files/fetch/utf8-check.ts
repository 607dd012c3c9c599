import 'server-only';
import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import { formatCount } from '../../shared/format';
import { ResultFileError } from '../errors';

const BOM = [0xef, 0xbb, 0xbf];
const LF = 0x0a;
const CR = 0x0d;
// What a joined block cannot carry (stored-block.ts): its two separators, and U+0000, which
// PostgreSQL's text refuses (JSON writes it as \u0000).
const UNJOINABLE = [0x1f, 0x1e, 0x00];

/**
 * CSV bytes in, the same bytes out once known to be UTF-8, without the BOM, in chunks cut between
 * characters and never inside a CRLF. csv-parse would decode
 * invalid bytes into U+FFFD silently; this refuses them, saying where (byte and line) they are.
 * Remembers the BOM and the line ending so exports can be written in the same style, and whether
 * any cell may hold a character a joined block cannot carry (the ASCII separators the row store joins
 * cells with, or NUL; stored-block.ts): set before the parser sees the bytes that hold one, so no row
 * holding one is joined.
 */
export class Utf8Check extends Transform {
  hasBom = false;
  lineEnding: '\r\n' | '\n' | null = null;
  mayHoldUnjoinable = false;
  private offset = 0;
  private lines = 1;
  private isStart = true;
  private carry: Buffer | null = null;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let bytes = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    if (this.isStart) {
      if (bytes.byteLength < BOM.length) {
        this.carry = Buffer.from(bytes);
        return done();
      }
      bytes = this.skipBom(bytes);
    }
    const end = completeLength(bytes);
    if (end < bytes.byteLength) this.carry = Buffer.from(bytes.subarray(end));
    done(this.pass(bytes.subarray(0, end)));
  }

  override _flush(done: TransformCallback): void {
    let rest = this.carry;
    this.carry = null;
    if (rest && this.isStart) rest = this.skipBom(rest);
    // Whatever is still held back: a file shorter than a BOM, or a character cut off at the very end.
    done(rest && rest.byteLength > 0 ? this.pass(rest) : undefined);
  }

  private skipBom(bytes: Buffer): Buffer {
    this.isStart = false;
    this.hasBom = BOM.every((b, i) => bytes[i] === b);
    if (!this.hasBom) return bytes;
    this.offset += BOM.length;
    return bytes.subarray(BOM.length);
  }

  private pass(bytes: Buffer): ResultFileError | undefined {
    if (!isUtf8(bytes)) return this.invalid(bytes, firstInvalidByte(bytes));
    for (let at = bytes.indexOf(LF); at >= 0; at = bytes.indexOf(LF, at + 1)) {
      if (this.lineEnding === null) this.lineEnding = at > 0 && bytes[at - 1] === 0x0d ? '\r\n' : '\n';
      this.lines += 1;
    }
    if (!this.mayHoldUnjoinable && UNJOINABLE.some((byte) => bytes.indexOf(byte) >= 0)) this.mayHoldUnjoinable = true;
    this.offset += bytes.byteLength;
    if (bytes.byteLength > 0) this.push(bytes);
    return undefined;
  }

  private invalid(bytes: Buffer, at: number): ResultFileError {
    let line = this.lines;
    for (let i = bytes.indexOf(LF); i >= 0 && i < at; i = bytes.indexOf(LF, i + 1)) line += 1;
    return new ResultFileError(
      'invalid_utf8',
      `The CSV in the result zip is not valid UTF-8: byte ${formatCount(this.offset + at)} (line ${formatCount(line)}) is not part of a UTF-8 character. Zuora writes UTF-8, so the file was altered or is not Zuora's.`,
    );
  }
}

/**
 * The length of `bytes` without a multi-byte character cut off at its end, nor a CR that may be the
 * first half of a CRLF: papaparse reads a closing quote followed by a lone CR at the end of a chunk as
 * an invalid quote, so a line ending is never split between two chunks.
 */
function completeLength(bytes: Uint8Array): number {
  if (bytes[bytes.byteLength - 1] === CR) return bytes.byteLength - 1;
  for (let i = bytes.byteLength - 1; i >= 0 && i >= bytes.byteLength - 4; i--) {
    const byte = bytes[i] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return i + length > bytes.byteLength ? i : bytes.byteLength;
  }
  return bytes.byteLength;
}

/** Only on the error path: a strict streaming decoder fed byte by byte stops exactly at the first bad byte. */
function firstInvalidByte(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let i = 0; i < bytes.byteLength; i++) {
    try {
      decoder.decode(bytes.subarray(i, i + 1), { stream: true });
    } catch {
      return i;
    }
  }
  return bytes.byteLength;
}
