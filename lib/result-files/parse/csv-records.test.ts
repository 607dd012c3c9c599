import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCsvRecords } from './csv-records';
import { Utf8Check } from '../fetch/utf8-check';

async function recordsOf(chunks: Buffer[]): Promise<string[][]> {
  const records: string[][] = [];
  await readCsvRecords(Readable.from(chunks).pipe(new Utf8Check()), (batch) => {
    records.push(...batch);
  });
  return records;
}

describe('CSV records from chunks cut anywhere', () => {
  it('reads a CRLF split between two chunks right after a quoted field', async () => {
    const records = await recordsOf([Buffer.from('Key,Error\r\nK1,"Not found, ""K"""\r'), Buffer.from('\nK2,\r\n')]);
    expect(records).toEqual([['Key', 'Error'], ['K1', 'Not found, "K"'], ['K2', '']]);
  });

  it('reads a character split between two chunks', async () => {
    const bytes = Buffer.from('Key,Error\nK1,Zürich\n');
    const at = bytes.indexOf(0xbc); // the second byte of ü
    expect(await recordsOf([bytes.subarray(0, at), bytes.subarray(at)])).toEqual([['Key', 'Error'], ['K1', 'Zürich']]);
  });
});
