import { stringify } from 'csv-stringify/sync';
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from './shared/upload-size';
import { checkUploadFile } from './file-check';
import { fingerprintRows } from './fingerprints';
import { partFileName, splitCsv, type CsvPart } from './split';

const text = (value: string) => new TextEncoder().encode(value);
const concat = (chunks: Uint8Array[]) => new Uint8Array(Buffer.concat(chunks));
// vitest's toEqual walks a typed array element by element: far too slow for megabytes.
const isSameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

/** Each part without its BOM and header, put back together. */
function rowsOf(parts: CsvPart[], prefixLength: number): Uint8Array {
  return concat(parts.map((part) => part.bytes.subarray(prefixLength)));
}

function partsOf(csv: Uint8Array, maxPartBytes?: number): CsvPart[] {
  const result = splitCsv(csv, { maxPartBytes });
  if (!result.ok) throw new Error(result.problem.message);
  return result.parts;
}

describe('splitting a CSV into uploads', () => {
  it('cuts a 9 MB file into parts of 4 MB at most, each with the header, whose rows are the file\'s rows exactly', () => {
    const records = [['Object Key', 'Object Type', 'Deferred Revenue Accounting Code', '# Note']];
    for (let i = 0; i < 170_000; i++) records.push([`8a8aa1b2${String(i).padStart(24, '0')}`, i % 3 ? 'Invoice Item' : 'Credit Memo Item', String(24100 + (i % 37)), i % 97 ? '' : 'two\r\nlines, "quoted"']);
    const csv = strToU8(stringify(records, { bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ }));
    expect(csv.length).toBeGreaterThan(9 * 1024 * 1024);
    const parts = partsOf(csv);
    const prefix = csv.subarray(0, text('\uFEFFObject Key,Object Type,Deferred Revenue Accounting Code,# Note\r\n').length);

    expect(parts).toHaveLength(3);
    for (const part of parts) {
      expect(part.bytes.length).toBeLessThanOrEqual(MAX_UPLOAD_BYTES);
      expect(isSameBytes(part.bytes.subarray(0, prefix.length), prefix)).toBe(true);
    }
    expect(isSameBytes(rowsOf(parts, prefix.length), csv.subarray(prefix.length))).toBe(true);
    expect(parts.map((p) => [p.index, p.firstRow])).toEqual([[1, 1], [2, parts[0]!.lastRow + 1], [3, parts[1]!.lastRow + 1]]);
    expect(parts.at(-1)?.lastRow).toBe(170_000);
    // Greedy: a part ends only where the next row would not fit.
    const rowBytes = (row: number) => stringify([records[row]!], { record_delimiter: 'windows', quoted_match: /[\r\n]/ }).length;
    for (const part of parts.slice(0, -1)) expect(part.bytes.length + rowBytes(part.lastRow + 1)).toBeGreaterThan(MAX_UPLOAD_BYTES);
    // Each part is a file the check accepts, with the rows its range says: together, the file's rows.
    const partFingerprints = parts.flatMap((part) => {
      const checked = checkUploadFile({ name: partFileName('codes.csv', part.index, parts.length), bytes: part.bytes, actionType: 'UpdateAccountingCode' });
      if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
      expect(checked.file.rowCount).toBe(part.lastRow - part.firstRow + 1);
      expect(checked.preview.rows[0]).toEqual(records[part.firstRow]);
      return checked.file.rowFingerprints;
    });
    expect(partFingerprints).toEqual(fingerprintRows(records[0]!, records.slice(1), 'UpdateAccountingCode'));
  });

  it('keeps each row byte for byte: quoting, mixed line endings, a last row without one', () => {
    const csv = text('Object Key,Object Type\r\n"K1",Payment\n"K2","Line\r\nbreak"\r\nK3,"say ""hi"""\r\nK4,Zoë\r\nK5,last');
    const parts = partsOf(csv, 52);
    expect(parts.map((p) => new TextDecoder().decode(p.bytes))).toEqual([
      'Object Key,Object Type\r\n"K1",Payment\n',
      'Object Key,Object Type\r\n"K2","Line\r\nbreak"\r\n',
      'Object Key,Object Type\r\nK3,"say ""hi"""\r\nK4,Zoë\r\n',
      'Object Key,Object Type\r\nK5,last',
    ]);
    expect(parts.map((p) => [p.firstRow, p.lastRow])).toEqual([[1, 1], [2, 2], [3, 4], [5, 5]]);
  });

  it('answers a file that fits as one part, the file itself', () => {
    const csv = text('\uFEFFObject Key,Object Type\nK1,Payment\n');
    expect(partsOf(csv)).toEqual([{ index: 1, bytes: csv, firstRow: 1, lastRow: 1 }]);
  });

  it('uses the record bounds of the check when given, with the same parts', () => {
    const csv = text('Object Key,Object Type\nK1,Payment\nK2,Refund\nK3,Payment\n');
    const checked = checkUploadFile({ name: 'codes.csv', bytes: csv, actionType: 'UpdateAccountingCode' });
    if (!checked.ok) throw new Error('refused');
    expect(splitCsv(csv, { maxPartBytes: 40, bounds: checked.file.bounds })).toEqual(splitCsv(csv, { maxPartBytes: 40 }));
  });

  it('refuses a row that, with the header, is over the limit on its own', () => {
    const csv = text(`Object Key,Object Type\nK1,Payment\nK2,"${'x'.repeat(100)}"\nK3,Payment\n`);
    expect(splitCsv(csv, { maxPartBytes: 100 })).toEqual({
      ok: false,
      problem: { code: 'row_too_large', message: 'Row 2 (line 3) alone is 106 bytes: with the header it is over the 100 bytes a file may hold, so no part can carry it. A value that long is most likely a quote never closed.' },
    });
  });

  it('has nothing to split in a file without rows, or one whose quotes hide where rows end', () => {
    expect(splitCsv(text('Object Key,Object Type\n'))).toMatchObject({ ok: false, problem: { code: 'no_rows' } });
    expect(splitCsv(text('Object Key,Object Type\nK1,"open\n'))).toMatchObject({ ok: false, problem: { code: 'unclosed_quote' } });
  });

  it('names the parts after the file', () => {
    expect(partFileName('november codes.csv', 2, 3)).toBe('november codes_part-2-of-3.csv');
    expect(partFileName('codes.ZIP', 1, 2)).toBe('codes_part-1-of-2.csv');
  });
});
