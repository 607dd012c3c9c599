import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { checkLineEndings, checkUtf8, linesAt, sniffFormat } from './text-check';

const text = (value: string) => new TextEncoder().encode(value);

describe('what the bytes are, whatever the name says', () => {
  it('tells a zip (an empty one too) from text', () => {
    expect(sniffFormat(zipSync({ 'a.csv': strToU8('x') }), 'The file')).toEqual({ format: 'zip' });
    expect(sniffFormat(zipSync({}), 'The file')).toEqual({ format: 'zip' });
    expect(sniffFormat(text('Object Key,Object Type\n'), 'The file')).toEqual({ format: 'text' });
    expect(sniffFormat(text('\uFEFFObject Key\n'), 'The file')).toEqual({ format: 'text' });
  });

  it.each([
    ['an HTML page', text('\n  <!DOCTYPE html><html><title>Sign in</title>'), 'not_csv', 'is a web page (HTML)'],
    ['an HTML fragment', text('<html lang="en">'), 'not_csv', 'is a web page (HTML)'],
    ['an XML document', text('<?xml version="1.0"?><Workbook/>'), 'not_csv', 'is an XML document'],
    ['an old Excel workbook', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'spreadsheet', 'is an Excel 97–2003 workbook (.xls)'],
    ['a gzip file', Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0]), 'not_csv', 'is a gzip file (.gz), not a zip'],
    ['a PDF', text('%PDF-1.7\n'), 'not_csv', 'is a PDF document'],
    ['UTF-16 little-endian', Uint8Array.from([0xff, 0xfe, 0x4f, 0, 0x62, 0]), 'utf16', 'is UTF-16 text (little-endian'],
    ['UTF-16 big-endian', Uint8Array.from([0xfe, 0xff, 0, 0x4f, 0, 0x62]), 'utf16', 'is UTF-16 text (big-endian'],
    ['UTF-16 without a BOM', new Uint8Array(Buffer.from('Object Key,Object Type\r\nK1,Payment\r\n', 'utf16le')), 'utf16', 'looks like UTF-16 text'],
    ['binary data', Uint8Array.from([0x41, 0x42, 0, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b]), 'not_csv', 'holds binary data'],
  ])('names %s', (_what, bytes, code, words) => {
    const sniffed = sniffFormat(bytes, 'The file');
    expect(sniffed).toEqual({ format: 'refused', problem: { code, message: expect.stringContaining(`The file ${words}`) } });
  });

  it('tells the operator how to save a CSV in UTF-8 when it is UTF-16', () => {
    const sniffed = sniffFormat(Uint8Array.from([0xff, 0xfe, 0x41, 0]), '"data.csv" in the zip');
    expect(sniffed.format === 'refused' && sniffed.problem.message).toBe('"data.csv" in the zip is UTF-16 text (little-endian, it starts with a UTF-16 byte order mark), and Zuora reads UTF-8. In Excel, choose File › Save As › "CSV UTF-8 (Comma delimited) (.csv)" and upload that.');
  });
});

describe('UTF-8', () => {
  it('accepts UTF-8 with or without a BOM, any script', () => {
    expect(checkUtf8(text('\uFEFFa,b\nZoë,李雷 😀\n'), 'The file')).toBeNull();
    expect(checkUtf8(text('a,b\n'), 'The file')).toBeNull();
  });

  it('says where the first byte that is not UTF-8 is: line, column in characters, byte offset, and what it would be in Windows-1252', () => {
    const bytes = new Uint8Array(Buffer.concat([Buffer.from('\uFEFFObject Key,Note\nK1,Zoë\nK2,caf'), Buffer.from([0xe9]), Buffer.from(' noir\n')]));
    expect(checkUtf8(bytes, 'The file')?.message).toBe(
      'The file is not UTF-8: line 3, column 7 (byte offset 33) holds the byte 0xE9 ("é" in Windows-1252), which is not part of a UTF-8 character. ' +
        'The file was probably saved in a Windows or Mac code page, as Excel\'s plain "CSV (Comma delimited)" does. In Excel, choose File › Save As › "CSV UTF-8 (Comma delimited) (.csv)" and upload that.',
    );
  });

  it.each([
    ['a lone continuation byte', [0x61, 0x80, 0x62], 1],
    ['an overlong form', [0x61, 0xc0, 0xaf], 1],
    ['a surrogate', [0x61, 0x62, 0xed, 0xa0, 0x80], 2],
    ['a character cut off at the end', [0x61, 0xe2, 0x82], 1],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
  ])('finds %s', (_what, bytes, offset) => {
    expect(checkUtf8(Uint8Array.from(bytes), 'The file')?.message).toContain(`(byte offset ${offset})`);
  });

  it('gives no Windows-1252 guess for a byte that is no printable character there', () => {
    expect(checkUtf8(Uint8Array.from([0x61, 0x81]), 'The file')?.message).toContain('holds the byte 0x81, which');
  });
});

describe('line endings and line numbers', () => {
  it('refuses lines ended by a carriage return alone, and takes CRLF, LF, or a single line', () => {
    expect(checkLineEndings(text('a,b\r1,2\r'), 'The file')?.code).toBe('cr_line_endings');
    expect(checkLineEndings(text('a,b\r\n1,2\r\n'), 'The file')).toBeNull();
    expect(checkLineEndings(text('a,b\n1,2\n'), 'The file')).toBeNull();
    expect(checkLineEndings(text('a,b'), 'The file')).toBeNull();
  });

  it('numbers lines from 1 at each offset', () => {
    expect(linesAt(text('a\nbb\r\nc\n\nd'), [0, 1, 2, 6, 8, 9])).toEqual([1, 1, 2, 3, 4, 5]);
  });
});
