import { strToU8, Zip, ZipDeflate, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database';
import { FAKE_SOURCE, fakeZuora, resultFilesContext, zipOf } from '../../testing/result-files';
import { DATABASE_KINDS, describeEachDatabase } from '../../testing/test-databases';
import { openRawZip } from '../export/exports';
import { ResultFileImporter } from '../import/importer';
import type { ResultFileLimits } from './limits';
import type { ResultFileStatus } from '../shared/types';

const GOOD_CSV = 'Object Key,Success,Error Message\nK1,Y,\nK2,N,Not found\n';

function failureOf(status: ResultFileStatus) {
  if (status.state !== 'failed') throw new Error(`expected a failure, got ${status.state}`);
  return status.failure;
}

/** A zip written as a stream: sizes only after the data, as a streaming writer (or a bomb) would. */
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

describeEachDatabase('a malformed result file is refused with a precise message, and nothing crashes', (open) => {
  let db: Database | undefined;

  /** Each file into a fresh database. */
  async function importBytes(bytes: Uint8Array, limits: Partial<ResultFileLimits> = {}) {
    db = await open();
    const fake = fakeZuora(bytes);
    const importer = new ResultFileImporter({ db: async () => db as Database, zuora: fake.zuora, limits });
    const status = await importer.ensureSettled(FAKE_SOURCE);
    return { status, importer, fake };
  }

  it('imports a well-formed file (the control case)', async () => {
    const { status } = await importBytes(zipOf({ 'x_response.csv': GOOD_CSV }));
    expect(status).toMatchObject({ state: 'ready', rowsImported: 2, counts: { succeeded: 1, failed: 1, notProcessed: 0, all: 2 } });
  });

  it('not a zip: says what it looks like, and keeps it for the raw download', async () => {
    const html = strToU8('<html><head><title>Error</title></head><body>upstream connect error</body></html>');
    const { status } = await importBytes(html);
    expect(failureOf(status)).toEqual({
      code: 'not_zip',
      message: 'The result file is not a zip archive: it begins with "<html><head><title>Error</title></head><body>upstream connec". It looks like an HTML page, perhaps an error page from a proxy.',
      retryable: false,
    });
    expect(status).toMatchObject({ hasRawFile: true });
    const raw = await openRawZip(db as Database, FAKE_SOURCE.bulkKey);
    const chunks: Buffer[] = [];
    for await (const chunk of raw.stream) chunks.push(Buffer.from(chunk as Uint8Array));
    expect(new Uint8Array(Buffer.concat(chunks))).toEqual(html);
  });

  it('an empty zip, two entries, a file that is not a CSV', async () => {
    expect(failureOf((await importBytes(zipOf({}))).status)).toMatchObject({ code: 'empty_zip', message: 'The result zip is empty: it holds no CSV file.' });
    expect(failureOf((await importBytes(zipOf({ 'a.csv': GOOD_CSV, 'b.csv': GOOD_CSV }))).status)).toMatchObject({
      code: 'several_entries',
      message: 'The result zip holds more than one file ("a.csv", then "b.csv"); Zuora\'s result zip holds exactly one CSV.',
    });
    expect(failureOf((await importBytes(zipOf({ 'report.txt': GOOD_CSV }))).status)).toMatchObject({ code: 'not_csv', message: 'The result zip holds "report.txt", which is not a CSV file.' });
  });

  it('a zip bomb, whether its entry declares its size or hides it until after the data', async () => {
    const bomb = strToU8(`Object Key,Success\n${'K,Y\n'.repeat(1_000_000)}`); // 4 MB of CSV, a few KB zipped
    const limits = { maxUncompressedBytes: 1024 * 1024 };
    const declared = zipSync({ 'bomb.csv': bomb }, { level: 9 });
    const hidden = streamedZip('bomb.csv', bomb);
    expect(declared.byteLength).toBeLessThan(50_000);
    expect(failureOf((await importBytes(declared, limits)).status)).toMatchObject({
      code: 'uncompressed_too_large',
      message: 'The CSV inside the result zip unzips to 3.8 MB, over the console\'s limit of 1 MB (a zip bomb or a far larger file than Zuora produces).',
    });
    const { status } = await importBytes(hidden, limits);
    expect(failureOf(status)).toMatchObject({ code: 'uncompressed_too_large', message: expect.stringContaining('unzips to more than 1 MB, over the console\'s limit of 1 MB') });
    expect(status).toMatchObject({ rowsImported: expect.any(Number) });
    expect(status.state === 'failed' && status.rowsImported < 262_144).toBe(true); // stopped at the cap, not after the whole file
  });

  it('a download over the cap, announced or not', async () => {
    const zip = zipOf({ 'x.csv': GOOD_CSV.repeat(50) });
    const { status } = await importBytes(zip, { maxDownloadBytes: 100 });
    expect(failureOf(status)).toMatchObject({ code: 'download_too_large', message: 'The result file is more than 100 bytes, over the console\'s download limit of 100 bytes; download it from Zuora directly.' });
    expect(status).toMatchObject({ hasRawFile: false });
    const announced = fakeZuora(() => new Response(zip, { headers: { 'content-length': String(zip.byteLength) } }));
    const importer = new ResultFileImporter({ db: async () => db as Database, zuora: announced.zuora, limits: { maxDownloadBytes: 100 } });
    const other = { ...FAKE_SOURCE, bulkKey: 'g'.repeat(32) };
    expect(failureOf(await importer.ensureSettled(other)).message).toBe(`The result file is ${zip.byteLength} bytes, over the console's download limit of 100 bytes; download it from Zuora directly.`);
  });

  it('a zip cut short after its data, and one whose data no longer matches its checksum', async () => {
    const zip = zipOf({ 'x.csv': GOOD_CSV });
    expect(failureOf((await importBytes(zip.subarray(0, zip.byteLength - 22))).status)).toMatchObject({
      code: 'truncated_zip',
      message: `The result zip is truncated: it ends after ${zip.byteLength - 22} bytes without its closing directory, so the download was probably cut short.`,
    });
    const stored = zipSync({ 'x.csv': strToU8(GOOD_CSV) }, { level: 0 });
    const flipped = stored.slice();
    const at = Buffer.from(flipped).indexOf('K2');
    flipped[at] = 'Q'.charCodeAt(0);
    expect(failureOf((await importBytes(flipped)).status)).toMatchObject({ code: 'corrupt_zip', message: 'The result zip is damaged: "x.csv" does not match the size and checksum its directory records.' });
  });

  it('no Success column, a ragged row, a blank line, an unknown Success value', async () => {
    expect(failureOf((await importBytes(zipOf({ 'x.csv': 'Object Key,Error Message\nK1,\n' }))).status)).toMatchObject({
      code: 'no_success_column',
      message: 'The result file has no Success column, so the outcome of its rows cannot be known. Its columns are: "Object Key", "Error Message".',
    });
    const ragged = `Object Key,Success,Error Message\n${'K,Y,\n'.repeat(4_999)}K5000,N\nK,Y,\n`;
    const { status } = await importBytes(zipOf({ 'x.csv': ragged }));
    expect(failureOf(status)).toMatchObject({ code: 'ragged_row', message: 'Row 5,000 has 2 cells, but the header has 3 columns.' });
    expect(status).toMatchObject({ rowsImported: 4000 }); // four whole blocks had landed: they are not shown as a file
    expect(failureOf((await importBytes(zipOf({ 'x.csv': 'Object Key,Success\nK,Y\n\nK,Y\n' }))).status).message).toBe('Row 2 is an empty line, but the header has 2 columns.');
    expect(failureOf((await importBytes(zipOf({ 'x.csv': 'Object Key,Success\nK,Y\nK,maybe\n' }))).status)).toMatchObject({
      code: 'bad_success_value',
      message: 'Row 2 has "maybe" in its Success column, where Zuora writes Y, N or nothing.',
    });
  });

  it('invalid UTF-8, an unclosed quote, an empty CSV', async () => {
    const bytes = Buffer.concat([Buffer.from('\ufeffObject Key,Success\nK1,Y\nK'), Buffer.from([0xe9]), Buffer.from('2,Y\n')]);
    expect(failureOf((await importBytes(zipOf({ 'x.csv': bytes }))).status)).toMatchObject({
      code: 'invalid_utf8',
      message: 'The CSV in the result zip is not valid UTF-8: byte 29 (line 3) is not part of a UTF-8 character. Zuora writes UTF-8, so the file was altered or is not Zuora\'s.',
    });
    expect(failureOf((await importBytes(zipOf({ 'x.csv': 'Object Key,Success\n"K1,Y\nK2,Y\n' }))).status)).toMatchObject({
      code: 'invalid_csv',
      message: expect.stringMatching(/^The CSV in the result zip is malformed: Quote Not Closed/),
    });
    expect(failureOf((await importBytes(zipOf({ 'x_response.csv': '' }))).status)).toMatchObject({ code: 'empty_csv', message: 'The CSV in the result zip ("x_response.csv") is empty: it has no header row.' });
  });

  it('keeps a failure of the file itself, but tries again after a broken download', async () => {
    const refused = await importBytes(zipOf({}));
    await refused.importer.ensureSettled(FAKE_SOURCE);
    expect(refused.fake.calls).toHaveLength(1);

    db = await open();
    let attempt = 0;
    const good = zipOf({ 'x.csv': GOOD_CSV });
    const fake = fakeZuora(() => {
      attempt += 1;
      if (attempt > 1) return new Response(good);
      const body = new ReadableStream({ pull: (controller) => controller.error(new Error('socket hang up')) });
      return new Response(body);
    });
    let clock = Date.now();
    const importer = new ResultFileImporter({ db: async () => db as Database, zuora: fake.zuora, now: () => clock });
    expect(failureOf(await importer.ensureSettled(FAKE_SOURCE))).toEqual({
      code: 'download_failed',
      message: 'The download of the result file broke off after 0 bytes (socket hang up); it will be tried again.',
      retryable: true,
    });
    // Not at once (a polling page would download in a loop), but once the failure is 30 s old.
    expect(await importer.ensureSettled(FAKE_SOURCE)).toMatchObject({ state: 'failed' });
    expect(attempt).toBe(1);
    clock += 30_001;
    expect(await importer.ensureSettled(FAKE_SOURCE)).toMatchObject({ state: 'ready', rowsImported: 2 });
  });
});

describe.each(DATABASE_KINDS)('faults of the sandbox: the file as a real Zuora could serve it (%s)', (kind) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  async function importWithFault(faults: Record<string, unknown>) {
    const ctx = await resultFilesContext({ database: kind });
    close = ctx.close;
    const bulkKey = await ctx.upload({ name: 'codes.csv', bytes: strToU8(`Object Key,Object Type\n${'K,Invoice Item\n'.repeat(3000)}`) }, { pendingMs: 0, rowsPerSecond: 1_000_000 });
    await ctx.control.faults(faults);
    const { outputUrl, actionType } = await ctx.settled(bulkKey);
    await ctx.control.resetStats();
    const status = await ctx.importer.ensureSettled({ bulkKey, actionType, outputUrl });
    return { status, outputUrl, stats: await ctx.control.stats(), sandboxUrl: ctx.sandbox.url };
  }

  it('a truncated zip', async () => {
    const { status } = await importWithFault({ resultFile: 'truncated' });
    expect(failureOf(status)).toMatchObject({ code: 'truncated_zip', message: expect.stringMatching(/^The result zip is truncated: it ends in the middle of "codes_response.csv" after [\d,]+ bytes/) });
  });

  it('an error page instead of the zip', async () => {
    const { status } = await importWithFault({ resultFile: 'corrupt' });
    expect(failureOf(status)).toMatchObject({ code: 'not_zip', message: expect.stringContaining('It looks like an HTML page') });
  });

  it('a result file on a foreign host: refused before the token is sent anywhere', async () => {
    const { status, outputUrl, stats, sandboxUrl } = await importWithFault({ foreignOutputUrl: true });
    expect(outputUrl).toMatch(/^https:\/\/files\.example\.net\//);
    expect(failureOf(status)).toEqual({ code: 'foreign_host', message: `The result file's address differs from the configured Zuora host in its scheme, host and port (https://files.example.net, not ${sandboxUrl}); the console does not send its token there.`, retryable: false });
    expect(stats.calls['GET /v1/files/{file-id}']).toBeUndefined();
  });
});
