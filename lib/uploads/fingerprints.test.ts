import { stringify } from 'csv-stringify/sync';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { checkUploadFile } from './file-check';
import { fingerprintFile, fingerprintFromBigInt, fingerprintRows, fingerprintToBigInt } from './fingerprints';

const HEADER = ['# Reviewer', 'Object Key', 'Object Type', 'Deferred Revenue Accounting Code', 'Recognized Revenue Accounting Code'];
const ROWS = [
  ['Ana', 'K1', 'Invoice Item', '24100', '41000'],
  ['Zoë', 'K2', 'Payment', '', '41200'],
  ['Ana', 'K3', 'Credit Memo Item', 'Reclass, "urgent"\r\nsecond line', ''],
  ['', 'K4', 'Refund', '24300', '41300'],
];
const fingerprints = (header: string[], rows: string[][], actionType = 'UpdateAccountingCode' as const) => fingerprintRows(header, rows, actionType);
/** The same table with its columns in another order (by name). */
const reordered = (header: string[], rows: string[][], order: string[]) => [order, ...rows.map((row) => order.map((name) => row[header.indexOf(name)] ?? ''))] as const;

describe('row fingerprints', () => {
  const original = fingerprints(HEADER, ROWS);

  it('are 16 hex characters, one per row, different for different rows', () => {
    expect(original).toHaveLength(4);
    for (const fingerprint of original) expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(original).size).toBe(4);
  });

  it('do not depend on the order of the columns', () => {
    const [header, ...rows] = reordered(HEADER, ROWS, ['Recognized Revenue Accounting Code', 'Object Type', '# Reviewer', 'Deferred Revenue Accounting Code', 'Object Key']);
    expect(fingerprints([...header], rows)).toEqual(original);
  });

  it('leave out # columns, and Zuora\'s response columns: a resume file and a fix file fingerprint as the upload did', () => {
    const resultHeader = [...HEADER, 'Success', 'Error Message'];
    const resultRows = ROWS.map((row, i) => [...row, ['Y', 'N', '', ''][i]!, i === 1 ? 'Payment K2 not found' : '']);
    expect(fingerprints(resultHeader, resultRows)).toEqual(original);
    // The console's fix file: the uploaded columns and `#Error Message`; its own `#` columns may go.
    const fixHeader = [...HEADER.slice(1), '#Error Message'];
    expect(fingerprints(fixHeader, ROWS.map((row) => [...row.slice(1), 'Payment K2 not found']))).toEqual(original);
  });

  it('take a blank cell for an absent column, and nothing else for blank', () => {
    const withoutRecognized = fingerprints(HEADER.slice(0, 4), ROWS.map((row) => row.slice(0, 4)));
    expect(withoutRecognized[2]).toBe(original[2]); // row 3's Recognized code is blank
    expect(withoutRecognized[0]).not.toBe(original[0]);
    expect(fingerprints([...HEADER, 'Group ID'], ROWS.map((row) => [...row, '']))).toEqual(original);
    expect(fingerprints(HEADER, [['', 'K1', 'Invoice Item', '24100', ' ']])[0]).not.toBe(fingerprints(HEADER, [['', 'K1', 'Invoice Item', '24100', '']])[0]);
  });

  it('keep values as written but names without their padding', () => {
    expect(fingerprints(HEADER.map((name) => ` ${name} `), ROWS)).toEqual(original);
    expect(fingerprints(HEADER, [['', 'K1 ', 'Invoice Item', '24100', '41000']])[0]).not.toBe(original[0]);
    expect(fingerprints(HEADER, [['', 'k1', 'Invoice Item', '24100', '41000']])[0]).not.toBe(original[0]);
  });

  it('tell a value from the column it sits in, and no value can pass for two cells', () => {
    const header = ['Object Key', 'Object Type', 'Deferred Revenue Accounting Code'];
    const pairs = [
      [['K1', '', 'x'], ['K1', 'x', '']],
      [['K1', 'ab', ''], ['K1', 'a', 'b']],
      [['K1', '11:Object Typex', ''], ['K1', 'x', '']],
      [['', '', ''], ['', '', ' ']],
    ];
    for (const [a, b] of pairs) expect(fingerprints(header, [a!])).not.toEqual(fingerprints(header, [b!]));
  });

  it('count Revenue Schedule Number as input when updating schedules, and as Zuora\'s answer when creating them', () => {
    const header = ['Subscription Charge Key', 'Revenue Schedule Number'];
    const create = fingerprintRows(header, [['SCK-1', 'RS-1'], ['SCK-1', 'RS-2']], 'CreateRevenueSchedule');
    expect(create[0]).toBe(create[1]);
    const update = fingerprintRows(header, [['SCK-1', 'RS-1'], ['SCK-1', 'RS-2']], 'UpdateRevenueSchedule');
    expect(update[0]).not.toBe(update[1]);
  });

  it('are the same for the same rows in any file the check reads: BOM and CRLF or not, zipped or not', () => {
    const plain = strToU8(stringify([HEADER, ...ROWS], { record_delimiter: 'unix' }));
    const excel = strToU8(stringify([HEADER, ...ROWS], { bom: true, record_delimiter: 'windows', quoted: true }));
    const fromFile = (name: string, bytes: Uint8Array) => {
      const result = checkUploadFile({ name, bytes, actionType: 'UpdateAccountingCode' });
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      return result.file.rowFingerprints;
    };
    expect(fromFile('a.csv', plain)).toEqual(original);
    expect(fromFile('b.csv', excel)).toEqual(original);
    expect(fromFile('c.zip', zipSync({ 'c.csv': excel }))).toEqual(original);
  });

  it('fit a signed 64-bit integer column and come back from it', () => {
    expect(fingerprintToBigInt('ffffffffffffffff')).toBe(-1n);
    expect(fingerprintToBigInt('7fffffffffffffff')).toBe(2n ** 63n - 1n);
    expect(fingerprintToBigInt('0000000000000001')).toBe(1n);
    for (const fingerprint of original) {
      const value = fingerprintToBigInt(fingerprint);
      expect(value >= -(2n ** 63n) && value < 2n ** 63n).toBe(true);
      expect(fingerprintFromBigInt(value)).toBe(fingerprint);
    }
  });

  it('take well under a second for a 4 MB file of 80,000 rows, and do not collide on them', () => {
    const header = ['Object Key', 'Object Type', 'Deferred Revenue Accounting Code', 'Recognized Revenue Accounting Code'];
    const rows = Array.from({ length: 80_000 }, (_, i) => [`8a8aa1b2${String(i).padStart(24, '0')}`, 'Invoice Item', String(24100 + (i % 37)), String(41000 + (i % 53))]);
    const started = performance.now();
    const result = fingerprintRows(header, rows, 'UpdateAccountingCode');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(new Set(result).size).toBe(80_000);
  });
});

describe('the file fingerprint', () => {
  const rows = fingerprintRows(HEADER, ROWS, 'UpdateAccountingCode');

  it('is SHA-256 over the action type and its rows in order', () => {
    expect(fingerprintFile('UpdateAccountingCode', rows)).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprintFile('UpdateAccountingCode', [...rows])).toBe(fingerprintFile('UpdateAccountingCode', rows));
  });

  it('differs when a row differs, when the rows are in another order, or for another action type', () => {
    const base = fingerprintFile('UpdateAccountingCode', rows);
    expect(fingerprintFile('UpdateAccountingCode', [...rows].reverse())).not.toBe(base);
    expect(fingerprintFile('UpdateAccountingCode', rows.slice(1))).not.toBe(base);
    expect(fingerprintFile('UpdateRevenueSchedule', rows)).not.toBe(base);
  });
});
