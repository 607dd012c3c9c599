import { strToU8, Zip, ZipDeflate, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readUploadZip } from './zip-entry';

const CSV = strToU8('Object Key,Object Type\nK1,Invoice Item\nK2,Payment\n'.repeat(50));

/** A zip written as a stream: sizes only after the data, as a streaming writer would. */
function streamedZip(name: string, body: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    parts.push(chunk);
  });
  const entry = new ZipDeflate(name, { level: 9 });
  zip.add(entry);
  entry.push(body, true);
  zip.end();
  return Buffer.concat(parts);
}

/** Rewrites the uncompressed size the central directory records for the first entry. */
function withStatedSize(zip: Uint8Array, size: number): Uint8Array {
  const copy = zip.slice();
  const view = new DataView(copy.buffer);
  for (let at = copy.length - 22; at >= 0; at--) {
    if (view.getUint32(at, true) === 0x02014b50) {
      view.setUint32(at + 24, size, true);
      return copy;
    }
  }
  throw new Error('no directory entry');
}

const problemOf = (result: ReturnType<typeof readUploadZip>) => (result.ok ? null : result.problem);

describe('the one CSV of an uploaded zip', () => {
  it('comes out byte for byte, deflated, stored or streamed, with its name', () => {
    for (const zip of [zipSync({ 'accounting codes.csv': CSV }), zipSync({ 'accounting codes.csv': CSV }, { level: 0 }), streamedZip('accounting codes.csv', CSV)]) {
      expect(readUploadZip(zip)).toEqual({ ok: true, csvName: 'accounting codes.csv', csv: CSV });
    }
  });

  it('may sit in a folder: folder entries hold no file', () => {
    const zip = zipSync({ 'export/': new Uint8Array(0), 'export/codes.CSV': CSV });
    expect(readUploadZip(zip)).toMatchObject({ ok: true, csvName: 'export/codes.CSV' });
  });

  it('is missing from an empty zip', () => {
    expect(problemOf(readUploadZip(zipSync({})))).toEqual({ code: 'zip_empty', message: 'The zip is empty: it holds no file. Zuora takes a zip holding exactly one CSV.' });
  });

  it('is not alone in a zip of several files, which are all named', () => {
    expect(problemOf(readUploadZip(zipSync({ 'january.csv': CSV, 'february.csv': CSV })))).toEqual({
      code: 'zip_several_entries',
      message: 'The zip holds 2 files ("january.csv" and "february.csv"); Zuora takes a zip holding exactly one CSV. Zip one CSV alone, or upload the CSV itself.',
    });
    const mac = problemOf(readUploadZip(zipSync({ 'codes.csv': CSV, '__MACOSX/._codes.csv': strToU8('x') })));
    expect(mac?.message).toContain('"codes.csv" and "__MACOSX/._codes.csv"');
    expect(mac?.message).toContain('added by macOS when it compresses a folder');
    const many = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`part-${i}.csv`, CSV]));
    expect(problemOf(readUploadZip(zipSync(many)))?.message).toContain('"part-9.csv", and 4 more)');
  });

  it('is not a CSV when the one file is something else', () => {
    expect(problemOf(readUploadZip(zipSync({ 'codes.txt': CSV })))).toEqual({ code: 'zip_entry_not_csv', message: 'The zip holds "codes.txt", which is not a .csv file; Zuora takes a zip holding one CSV.' });
  });

  it('is not in an Excel workbook or an OpenDocument file, which are zips of XML', () => {
    const xlsx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), '_rels/.rels': strToU8('<r/>'), 'xl/workbook.xml': strToU8('<w/>'), 'xl/worksheets/sheet1.xml': strToU8('<s/>') });
    expect(problemOf(readUploadZip(xlsx))).toEqual({ code: 'spreadsheet', message: expect.stringContaining('The file is an Excel workbook (.xlsx), which is a zip of XML files, not a zip holding a CSV.') });
    expect(problemOf(readUploadZip(zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet'), 'content.xml': strToU8('<x/>') })))?.message).toContain('an OpenDocument file (.ods)');
  });

  it('cannot be read from a zip cut short, and says it was probably cut while copied', () => {
    const zip = zipSync({ 'codes.csv': CSV });
    expect(problemOf(readUploadZip(zip.subarray(0, zip.length - 30)))).toEqual({ code: 'zip_corrupt', message: expect.stringContaining('The zip is incomplete: its closing directory is missing') });
  });

  it('cannot be read from a zip whose data was damaged', () => {
    const zip = zipSync({ 'codes.csv': CSV }, { level: 0 });
    zip[60] = zip[60]! ^ 0xff; // inside the stored CSV
    expect(problemOf(readUploadZip(zip))).toEqual({ code: 'zip_corrupt', message: expect.stringContaining('does not match the size and checksum its directory records') });
    const deflated = zipSync({ 'codes.csv': CSV });
    deflated[45] = deflated[45]! ^ 0x55;
    expect(problemOf(readUploadZip(deflated))?.code).toBe('zip_corrupt');
  });

  it('is refused before unzipping when it would unzip past the cap, a zip bomb included', () => {
    const big = new Uint8Array(3 * 1024 * 1024).fill(0x41);
    const bomb = zipSync({ 'bomb.csv': big }, { level: 9 });
    expect(bomb.length).toBeLessThan(10_000);
    expect(problemOf(readUploadZip(bomb, 1024 * 1024))).toEqual({
      code: 'zip_unzips_too_large',
      message: '"bomb.csv" unzips to 3 MB, more than the 1 MB the console checks; a 4 MB zip of a mass action\'s rows unzips to about 25 MB.',
    });
  });

  it('never grows past the size its directory states: a zip that understates it is damaged, not unzipped whole', () => {
    const lying = withStatedSize(zipSync({ 'bomb.csv': new Uint8Array(3 * 1024 * 1024).fill(0x41) }, { level: 9 }), 1000);
    expect(problemOf(readUploadZip(lying, 1024 * 1024))?.code).toBe('zip_corrupt');
  });
});
