import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ActionType } from './shared/action-types';
import { MAX_UPLOAD_BYTES } from './shared/upload-size';
import { checkUploadFile, type UploadCheck } from './file-check';
import { fingerprintFile, fingerprintRows } from './fingerprints';

const HEADER = ['Object Key', 'Object Type', 'Deferred Revenue Accounting Code'];
const rowsOf = (count: number) => Array.from({ length: count }, (_, i) => [`8a8aa1b2${String(i).padStart(24, '0')}`, i % 2 ? 'Invoice Item' : 'Payment', String(24100 + (i % 37))]);
const csvOf = (records: string[][], style: { bom?: boolean; crlf?: boolean } = {}) =>
  strToU8(stringify(records, { bom: style.bom ?? false, record_delimiter: style.crlf ? 'windows' : 'unix', quoted_match: /[\r\n]/ }));
const text = (value: string) => new TextEncoder().encode(value);
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

function check(name: string, bytes: Uint8Array, actionType: ActionType = 'UpdateAccountingCode') {
  return checkUploadFile({ name, bytes, actionType });
}
function refusal(result: UploadCheck) {
  if (result.ok) throw new Error('expected a refusal');
  return result;
}
function accepted(result: UploadCheck) {
  if (!result.ok) throw new Error(`expected an accepted file, got ${JSON.stringify(result.problems)}`);
  return result;
}
const codesOf = (result: UploadCheck) => refusal(result).problems.map((p) => p.code);

describe('an accepted upload', () => {
  it('comes with its preview: columns marked, row count, the first 20 rows, size, format and checksums', () => {
    const bytes = csvOf([['#Note', ...HEADER], ...rowsOf(25).map((row) => ['', ...row])]);
    const { preview, file } = accepted(check('codes.csv', bytes));
    expect(preview).toEqual({
      format: 'csv', byteSize: bytes.length, csvByteSize: bytes.length, csvName: null,
      columns: [
        { index: 0, name: '#Note', kind: 'informational' }, { index: 1, name: 'Object Key', kind: 'required' },
        { index: 2, name: 'Object Type', kind: 'required' }, { index: 3, name: 'Deferred Revenue Accounting Code', kind: 'known' },
      ],
      rowCount: 25, rows: rowsOf(20).map((row) => ['', ...row]),
      md5: md5(bytes), sha256: createHash('sha256').update(bytes).digest('hex'), warnings: [],
    });
    expect(preview.md5).toMatch(/^[0-9a-f]{32}$/);
    expect(file).toMatchObject({ name: 'codes.csv', actionType: 'UpdateAccountingCode', format: 'csv', csv: bytes, hasBom: false, lineEnding: '\n', header: ['#Note', ...HEADER] });
    expect(file.rowCount).toBe(25);
    expect(file.bounds).toHaveLength(27);
    expect(file.rowFingerprints).toEqual(fingerprintRows(file.header, rowsOf(25).map((row) => ['', ...row]), 'UpdateAccountingCode'));
    expect(file.fileFingerprint).toBe(fingerprintFile('UpdateAccountingCode', file.rowFingerprints));
    expect(file.rowKeys).toBeUndefined();
  });

  it("reads a #Row column's row numbers, for a retry to be matched to its source's rows exactly", () => {
    const { file } = accepted(check('codes_fix.csv', csvOf([['#Row', ...HEADER, '#Error Message'], ['7', 'K1', 'Payment', '', 'Not found'], ['', 'K9', 'Payment', '', ''], ['12', 'K2', 'Refund', '', 'Closed period']])));
    expect(file.rowKeys).toEqual([7, null, 12]);
    expect(file.rowFingerprints).toEqual(fingerprintRows(HEADER, [['K1', 'Payment', ''], ['K9', 'Payment', ''], ['K2', 'Refund', '']], 'UpdateAccountingCode'));
  });

  it('may be written as Excel on Windows writes it: BOM, CRLF, quoted commas and line breaks, any script', () => {
    const records = [HEADER, ['K1', 'Invoice Item', 'Reclass, per audit'], ['K2', 'Payment', 'Line one\r\nLine two'], ['K3', 'Refund', 'Zoë 李雷 "quoted"']];
    const { file, preview } = accepted(check('codes.csv', csvOf(records, { bom: true, crlf: true })));
    expect(file.header).toEqual(HEADER);
    expect(preview.rows).toEqual(records.slice(1));
    expect(file).toMatchObject({ hasBom: true, lineEnding: '\r\n' });
    expect(preview.rowCount).toBe(3);
  });

  it('may be a zip holding one CSV: the checksums are of the zip, the one Zuora receives', () => {
    const csv = csvOf([HEADER, ...rowsOf(3)]);
    const zip = zipSync({ 'codes.csv': csv });
    const { preview, file } = accepted(check('codes.ZIP', zip));
    expect(preview).toMatchObject({ format: 'zip', byteSize: zip.length, csvByteSize: csv.length, csvName: 'codes.csv', rowCount: 3, md5: md5(zip) });
    expect(file.csv).toEqual(csv);
    expect(file.bytes).toBe(zip);
  });

  it('may be exactly 4 MB', () => {
    const head = 'Object Key,Object Type\n';
    const key = `8a8aa1b2${'0'.repeat(24)}`;
    const row = `${key},Payment\n`;
    const count = Math.floor((MAX_UPLOAD_BYTES - head.length) / row.length);
    const rest = MAX_UPLOAD_BYTES - head.length - count * row.length;
    const bytes = text(head + row.repeat(count - 1) + `${key}${'k'.repeat(rest)},Payment\n`);
    expect(bytes.length).toBe(MAX_UPLOAD_BYTES);
    expect(accepted(check('codes.csv', bytes)).preview.rowCount).toBe(count);
    expect(codesOf(check('codes.csv', text(head + row.repeat(count) + 'K'.repeat(rest + 1))))).toEqual(['too_large', 'ragged_rows']);
  });

  it('may hold columns the console does not know: accepted, and named', () => {
    const { preview } = accepted(check('codes.csv', csvOf([[...HEADER, 'Cost Center'], ['K1', 'Payment', '', 'CC-1']])));
    expect(preview.columns.at(-1)).toEqual({ index: 3, name: 'Cost Center', kind: 'unknown' });
    expect(preview.warnings.map((w) => w.code)).toEqual(['unknown_columns']);
  });

  it('is warned of required cells left blank, which Zuora fails row by row', () => {
    const { preview } = accepted(check('codes.csv', csvOf([HEADER, ['K1', 'Payment', ''], ['', 'Payment', '']])));
    expect(preview.warnings).toEqual([{ code: 'blank_required_cells', message: '"Object Key" is blank in row 2: Zuora will fail that row.' }]);
  });

  it('that is a response file sent back is warned that its rows marked Y or N already ran', () => {
    const records = [[...HEADER, 'Success', 'Error Message'], ['K1', 'Payment', '', 'Y', ''], ['K2', 'Payment', '', 'N', 'Not found'], ['K3', 'Payment', '', '', '']];
    const { preview } = accepted(check('codes_response.csv', csvOf(records)));
    expect(preview.warnings).toEqual([{
      code: 'response_columns',
      message: 'The file holds "Success" and "Error Message", which Zuora writes in its response file: this looks like a response file. 2 of its rows already ran (Success is Y or N): uploaded again, they run again. To finish a stopped mass action, start "the rest" from its page; to retry failed rows, use its fix file.',
    }]);
  });
});

describe('a refused upload', () => {
  it('is told everything wrong with it at once, not just the first thing', () => {
    const bytes = new Uint8Array(Buffer.concat([Buffer.from('Object Key,Object Key,Note\nK1,K1,caf'), Buffer.from([0xe9]), Buffer.from('\nK2,K2\n\nK3,K3,x\n')]));
    expect(codesOf(check('codes.txt', bytes))).toEqual(['wrong_extension', 'not_utf8', 'missing_columns', 'duplicate_columns', 'blank_lines', 'ragged_rows']);
  });

  it('over 4 MB is told by how much, and what else is wrong', () => {
    const bytes = csvOf([['Object Key', 'Type'], ...rowsOf(120_000).map(([key]) => [key!, 'Payment'])]);
    const problems = refusal(check('codes.csv', bytes)).problems;
    expect(problems.map((p) => p.code)).toEqual(['too_large', 'missing_columns']);
    expect(problems[0]?.message).toBe("The file is 4.7 MB (4,920,016 bytes), 709 KB over Zuora's limit of 4 MB (4,194,304 bytes). Zip it (a CSV usually zips to a fifth of its size or less), or split its rows into several files.");
    expect(refusal(check('codes.zip', zipSync({ 'codes.csv': new Uint8Array(5 * 1024 * 1024).map(() => Math.floor(Math.random() * 256)) }, { level: 0 }))).problems[0]?.message).toContain('Split its rows into several files.');
  });

  it('is named for what it is when it is no CSV: a web page, a spreadsheet, UTF-16, a zip within the zip', () => {
    expect(refusal(check('codes.csv', text('<!doctype html><html><body>Session expired</body></html>'))).problems).toEqual([{ code: 'not_csv', message: expect.stringContaining('The file is a web page (HTML)') }]);
    const xlsx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<w/>') });
    expect(codesOf(check('codes.xlsx', xlsx))).toEqual(['spreadsheet']);
    expect(refusal(check('codes.csv', new Uint8Array(Buffer.from('\uFEFFObject Key,Object Type\r\n', 'utf16le')))).problems).toEqual([{ code: 'utf16', message: expect.stringContaining('is UTF-16 text (little-endian') }]);
    expect(refusal(check('codes.zip', zipSync({ 'codes.csv': zipSync({ 'inner.csv': strToU8('a') }) }))).problems).toEqual([{ code: 'not_csv', message: '"codes.csv" in the zip is itself a zip archive, not a CSV.' }]);
    expect(refusal(check('codes.zip', zipSync({ 'codes.csv': strToU8('<html><body>no</body></html>') }))).problems[0]?.message).toContain('"codes.csv" in the zip is a web page');
  });

  it('whose name does not say what its bytes are is told to rename it', () => {
    const csv = csvOf([HEADER, ...rowsOf(2)]);
    expect(refusal(check('codes.zip', csv)).problems).toEqual([{ code: 'wrong_extension', message: '"codes.zip" is named .zip, but it is not a zip archive: it holds text. Zuora takes a .csv, or a .zip holding one .csv: if it is a CSV, rename it to end in .csv.' }]);
    expect(refusal(check('codes.csv', zipSync({ 'codes.csv': csv }))).problems).toEqual([{ code: 'wrong_extension', message: '"codes.csv" is a zip archive named .csv: rename it to end in .zip. Zuora takes a .csv or a .zip, and whether it looks at the name or the bytes is unconfirmed.' }]);
    expect(codesOf(check('codes', csv))).toEqual(['wrong_extension']);
  });

  it('that is a zip of several files, a damaged zip, or an empty one, says so', () => {
    const csv = csvOf([HEADER, ...rowsOf(2)]);
    expect(codesOf(check('codes.zip', zipSync({ 'a.csv': csv, 'b.csv': csv })))).toEqual(['zip_several_entries']);
    expect(codesOf(check('codes.zip', zipSync({ 'a.csv': csv }).subarray(0, 40)))).toEqual(['zip_corrupt']);
    expect(codesOf(check('codes.zip', zipSync({})))).toEqual(['zip_empty']);
  });

  it('that is not UTF-8 is told where, in the zip too, and what else is wrong', () => {
    const latin1 = new Uint8Array(Buffer.from('Object Key,Type\nK1,Caf\xe9\n', 'latin1'));
    const result = refusal(check('codes.zip', zipSync({ 'codes.csv': latin1 })));
    expect(result.problems.map((p) => p.code)).toEqual(['not_utf8', 'missing_columns']);
    expect(result.problems[0]?.message).toMatch(/^"codes\.csv" in the zip is not UTF-8: line 2, column 7 \(byte offset 22\) holds the byte 0xE9 \("é" in Windows-1252\)/);
  });

  it('with no rows, no header, or nothing at all, says which', () => {
    expect(refusal(check('codes.csv', csvOf([HEADER]))).problems).toEqual([{ code: 'no_rows', message: 'The file has a header but no rows: there is nothing for Zuora to do.' }]);
    expect(refusal(check('codes.csv', text('Object Key,Object Type'))).problems.map((p) => p.code)).toEqual(['no_rows']);
    expect(codesOf(check('codes.csv', text('\nObject Key,Object Type\nK1,Payment\n')))).toEqual(['no_header']);
    expect(refusal(check('codes.csv', new Uint8Array(0))).problems).toEqual([{ code: 'empty_file', message: '"codes.csv" is empty (0 bytes).' }]);
  });

  it('with rows of another length names the first few by row and line, expected and found, and counts them all', () => {
    const records = [HEADER, ['K0', 'Payment', 'Two\nlines'], ...rowsOf(20)];
    for (const i of [2, 5, 6, 9, 11, 14, 17, 20]) records[i] = i % 2 ? records[i]!.slice(0, 2) : [...records[i]!, 'extra'];
    expect(refusal(check('codes.csv', csvOf(records))).problems).toEqual([{
      code: 'ragged_rows',
      message: "8 rows do not have the header's 3 fields: row 2 (line 4) has 4, row 5 (line 7) has 2, row 6 (line 8) has 4, row 9 (line 11) has 2, row 11 (line 13) has 2, and 3 more. Zuora reads cells by their position, so such a row's values land in the wrong columns; a comma inside a value must be inside quotes.",
    }]);
  });

  it('with blank lines names them, at the end of the file too', () => {
    expect(refusal(check('codes.csv', text('Object Key,Object Type\nK1,Payment\n\nK2,Refund\n\n'))).problems).toEqual([{
      code: 'blank_lines', message: 'The file has 2 blank lines (lines 3 and 5). Zuora may read each one as a row, and fail it: remove them.',
    }]);
  });

  it('with an unclosed quote says where it opens, and what it found before', () => {
    const result = refusal(check('codes.csv', text('Object Key,Object Type\nK1\nK2,"Payment\nK3,Refund\n')));
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'ragged_rows' }),
      { code: 'unclosed_quote', message: 'A quote opened in row 2 (starting on line 3), field 2 is never closed, so the rest of the file reads as one cell and was not checked. Close the quote; a quote inside a quoted cell is written twice ("").' },
    ]);
  });

  it('with an unclosed quote in its header says so, not that it has no header', () => {
    expect(codesOf(check('codes.csv', text('Object Key,"Object Type\nK1,Payment\n')))).toEqual(['unclosed_quote']);
  });

  it('with a stray quote says where', () => {
    expect(refusal(check('codes.csv', text('Object Key,Object Type\nK1,Payment\nK2,"Pay"ment\n'))).problems).toEqual([{
      code: 'bad_quote', message: 'Row 2 (starting on line 3), field 2 has a stray quote: a cell holding a quote must be quoted as a whole, with the quote written twice ("say ""hi"""). The file was not checked past it.',
    }]);
  });

  it('with old Mac line endings says so', () => {
    expect(codesOf(check('codes.csv', text('Object Key,Object Type\rK1,Payment\r')))).toEqual(['cr_line_endings']);
  });

  it('with a required column in other capitals is refused, with its other warnings', () => {
    const result = refusal(check('payments.csv', csvOf([['payment amount', 'Currency', 'Payment Date', 'Payment Method ID', 'Memo'], ['10', 'USD', '2026-11-28', 'PM1', 'x']]), 'MPU'));
    expect(result.problems.map((p) => p.code)).toEqual(['column_name_mismatch']);
    expect(result.warnings.map((w) => w.code)).toEqual(['unknown_columns']);
  });
});
