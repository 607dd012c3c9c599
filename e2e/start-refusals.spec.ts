import { zipSync } from 'fflate';
import { expect, test } from './fixtures';
import { E2E_CONSOLE_URL, E2E_SANDBOX_URL, storageStateFor } from './stack';

// Every kind of bad file, through the upload API as the page sends it: each refused with its own
// message, nothing kept, nothing sent to Zuora. And a resume file over 4 MB, split into parts.

type UploadCounts = { accepted: number; replayed: number; refused: number; abandoned: number };
const uploadCounts = async (): Promise<UploadCounts> => ((await (await fetch(`${E2E_SANDBOX_URL}/__sandbox/stats`)).json()) as { uploads: UploadCounts }).uploads;
const text = (s: string) => Buffer.from(s, 'utf8');
const rows = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `R-${tag}-${i},Invoice Item`).join('\n');

test.use({ storageState: storageStateFor('operator') });

test('each bad file is refused with its message, and no upload reaches Zuora', async ({ request }) => {
  const tag = Date.now().toString(36);
  const cases: { name: string; bytes: Buffer; says: RegExp }[] = [
    { name: 'big.csv', bytes: text(`Object Key,Object Type\n${'x'.repeat(4 * 1024 * 1024)},Invoice Item\n`), says: /over.*4 MB|4 MB.*over|too large|larger than/i },
    { name: 'page.csv', bytes: text('<!DOCTYPE html><html><body>Error</body></html>'), says: /HTML/ },
    { name: 'two.zip', bytes: Buffer.from(zipSync({ 'a.csv': text('Object Key,Object Type\nA,Invoice Item\n'), 'b.csv': text('Object Key,Object Type\nB,Invoice Item\n') })), says: /a\.csv.*b\.csv|two|2 files|several/i },
    { name: 'latin1.csv', bytes: Buffer.concat([text('Object Key,Object Type\nCaf'), Buffer.from([0xe9]), text(',Invoice Item\n')]), says: /UTF-8/ },
    { name: 'missing.csv', bytes: text(`Object Key\n${rows(2, tag)}\n`), says: /Object Type/ },
    { name: 'twice.csv', bytes: text(`Object Key,Object Type,Object Type\nA,Invoice Item,Invoice Item\n`), says: /twice|more than once|duplicate/i },
    { name: 'empty-rows.csv', bytes: text('Object Key,Object Type\n'), says: /no data rows|no rows/i },
    { name: 'ragged.csv', bytes: text(`Object Key,Object Type\nA,Invoice Item,extra\n`), says: /field|column/i },
  ];
  const before = await uploadCounts();
  for (const bad of cases) {
    const response = await request.post('/api/uploads', {
      headers: { origin: E2E_CONSOLE_URL },
      multipart: { actionType: 'UpdateAccountingCode', file: { name: bad.name, mimeType: 'text/csv', buffer: bad.bytes } },
    });
    const body = (await response.json()) as { ok?: boolean; problems?: { message: string }[]; error?: { message: string } };
    const said = (body.problems ?? []).map((p) => p.message).join(' ') || body.error?.message || '';
    expect(response.status(), `${bad.name}: ${said}`).toBe(422);
    expect(said, bad.name).toMatch(bad.says);
  }
  expect(await uploadCounts()).toEqual(before);
});

test('a rest over 4 MB is split into parts that each fit, each started as its own mass action', async ({ request }) => {
  test.setTimeout(120_000);
  const headers = { origin: E2E_CONSOLE_URL };
  const tag = Date.now().toString(36);
  // ~150,000 rows, ~6 MB of CSV zipped well under 4 MB; processed slowly so that a stop leaves nearly all.
  const csv = `Object Key,Object Type,Deferred Revenue Accounting Code\n${Array.from({ length: 150_000 }, (_, i) => `S-${tag}-${String(i).padStart(7, '0')},Invoice Item,DR-${i}`).join('\n')}\n`;
  await fetch(`${E2E_SANDBOX_URL}/__sandbox/behaviour`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pendingMs: 0, rowsPerSecond: 100, stoppingMs: 0, failEvery: 0 }) });
  try {
    const checked = (await (await request.post('/api/uploads', { headers, multipart: { actionType: 'UpdateAccountingCode', label: `split-${tag}`, file: { name: `split-${tag}.zip`, mimeType: 'application/zip', buffer: Buffer.from(zipSync({ [`split-${tag}.csv`]: text(csv) })) } } })).json()) as { upload: { uploadId: number } };
    const started = (await (await request.post(`/api/uploads/${checked.upload.uploadId}/start`, { headers, data: {} })).json()) as { bulkKey: string };
    expect((await request.post(`/api/mass-actions/${started.bulkKey}/stop`, { headers, data: { reason: 'e2e: split the rest' } })).status()).toBe(200);
    // Stopped, and its result file imported (the job page's result section asks for it).
    await expect.poll(async () => ((await (await request.get(`/api/mass-actions/${started.bulkKey}`)).json()) as { row: { state: { status: string } | null } }).row.state?.status, { timeout: 30_000 }).toBe('Stopped');
    await expect.poll(async () => ((await (await request.get(`/api/mass-actions/${started.bulkKey}/result`)).json()) as { status: { state: string } | null }).status?.state, { timeout: 60_000 }).toBe('ready');

    const before = await uploadCounts();
    const rest = (await (await request.post(`/api/mass-actions/${started.bulkKey}/rest`, { headers, data: {} })).json()) as { rows: number; parts: { uploadId: number; label: string; preview: { byteSize: number; rowCount: number } }[] };
    expect(rest.parts.length).toBeGreaterThanOrEqual(2);
    expect(rest.parts.map((p) => p.label)).toEqual(rest.parts.map((_, i) => `split-${tag}: the rest, part ${i + 1} of ${rest.parts.length}`));
    expect(rest.parts.every((p) => p.preview.byteSize <= 4 * 1024 * 1024)).toBe(true);
    expect(rest.parts.reduce((sum, p) => sum + p.preview.rowCount, 0)).toBe(rest.rows);
    expect(await uploadCounts()).toEqual(before);
    for (const part of rest.parts) expect((await request.post(`/api/uploads/${part.uploadId}/start`, { headers, data: {} })).status()).toBe(200);
    expect((await uploadCounts()).accepted).toBe(before.accepted + rest.parts.length);
    const job = (await (await request.get(`/api/mass-actions/${started.bulkKey}`)).json()) as { chain: { members: { relation: string; partIndex: number | null }[] } | null };
    expect(job.chain?.members.map((m) => [m.relation, m.partIndex])).toEqual([['original', null], ...rest.parts.map((_, i) => ['rest', i + 1])]);
  } finally {
    await fetch(`${E2E_SANDBOX_URL}/__sandbox/behaviour`, { method: 'DELETE' });
  }
});
