import { zipSync } from 'fflate';
import { afterEach, expect, it } from 'vitest';
import type { Actor } from '../audit/audit-trail';
import { ResultFileImporter } from '../result-files/import/importer';
import { sandboxPerTest } from '../testing/sandbox-client';
import { describeEachDatabase } from '../testing/test-databases';
import { MAX_UPLOAD_BYTES } from '../uploads/shared/upload-size';
import { recordRefresh } from './registry';
import { getChain } from './chain-service';
import { checkUpload, prepareTheRest, startUpload, type StartDeps } from './start-service';
import { exportFixFile } from '../result-files/export/exports';

const operator: Actor = { email: 'olivia@example.com', name: 'Olivia Operator', role: 'operator', clientAddress: '127.0.0.1' };
const noReason = { typedConfirmation: null, overlapReason: null, adminOverride: false };
const ROWS = 150_000;
// ~45 bytes a row: ~6.6 MB of CSV, which zips to well under Zuora's 4 MB; its rest will not fit in one upload.
const csvText = 'Object Key,Object Type,Deferred Revenue Accounting Code\n' + Array.from({ length: ROWS }, (_, i) => `INV-${String(i).padStart(8, '0')},Invoice Item,DR-${String(i).padStart(6, '0')}`).join('\n') + '\n';

const sandboxes = sandboxPerTest();
afterEach(sandboxes.closeAfterEach);

describeEachDatabase('starting the rest of a stopped mass action', (open) => {
  it('splits a rest over 4 MB into parts that each fit, labelled part i of n, each started as a child of the stopped one', { timeout: 60_000 }, async () => {
    const ctx = await sandboxes.setup();
    await ctx.control.behaviour({ pendingMs: 0, rowsPerSecond: 50, stoppingMs: 0, failEvery: 0 });
    const db = await open();
    const deps: StartDeps = { db, zuora: ctx.client, environment: 'sandbox' };
    const checked = await checkUpload({ fileName: 'codes.zip', bytes: zipSync({ 'codes.csv': new TextEncoder().encode(csvText) }), actionType: 'UpdateAccountingCode', label: 'December codes' }, operator, deps);
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    const { bulkKey } = await startUpload(checked.upload.uploadId, noReason, operator, deps);

    await fetch(`${ctx.sandbox.url}/__sandbox/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: 2000 }) });
    await ctx.client.stopMassAction(bulkKey);
    await fetch(`${ctx.sandbox.url}/__sandbox/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: 1000 }) });
    const { state } = await ctx.client.getMassAction(bulkKey);
    expect(state.status).toBe('Stopped');
    await recordRefresh(db, bulkKey, state, new Date());
    const imported = await new ResultFileImporter({ db: async () => db, zuora: ctx.client }).ensureSettled({ bulkKey, actionType: state.actionType, outputUrl: state.outputUrl });
    expect(imported.state).toBe('ready');
    const notProcessed = ROWS - Number(state.processedCount);

    const rest = await prepareTheRest(bulkKey, operator, deps);
    expect(rest.rows).toBe(notProcessed);
    expect(rest.parts.length).toBe(2);
    expect(rest.parts.map((p) => p.label)).toEqual(['December codes: the rest, part 1 of 2', 'December codes: the rest, part 2 of 2']);
    expect(rest.parts.every((p) => p.preview.byteSize <= MAX_UPLOAD_BYTES)).toBe(true);
    // Nothing reached Zuora yet: only the original upload.
    expect((await ctx.control.stats()).uploads.accepted).toBe(1);

    const children = [];
    for (const part of rest.parts) children.push((await startUpload(part.uploadId, noReason, operator, deps)).bulkKey);
    expect((await ctx.control.stats()).uploads.accepted).toBe(3);
    const rows = await db.selectFrom('mass_actions').select(['bulk_key', 'parent_bulk_key', 'relation', 'part_index', 'part_count']).where('bulk_key', 'in', children).orderBy('part_index').execute();
    expect(rows).toEqual(children.map((key, i) => ({ bulk_key: key, parent_bulk_key: bulkKey, relation: 'rest', part_index: i + 1, part_count: 2 })));
  });

  it('refuses a mass action that is not Stopped, or whose result file is not imported, changing nothing', async () => {
    const ctx = await sandboxes.setup();
    await ctx.control.behaviour({ pendingMs: 60_000 });
    const db = await open();
    const deps: StartDeps = { db, zuora: ctx.client, environment: 'sandbox' };
    const checked = await checkUpload({ fileName: 'c.csv', bytes: new TextEncoder().encode('Object Key,Object Type\nA,Invoice Item\n'), actionType: 'UpdateAccountingCode', label: null }, operator, deps);
    if (!checked.ok) throw new Error('refused');
    const { bulkKey } = await startUpload(checked.upload.uploadId, noReason, operator, deps);
    await recordRefresh(db, bulkKey, (await ctx.client.getMassAction(bulkKey)).state, new Date());
    await expect(prepareTheRest(bulkKey, operator, deps)).rejects.toMatchObject({ status: 409, code: 'not_stopped' });
    await ctx.client.stopMassAction(bulkKey);
    await fetch(`${ctx.sandbox.url}/__sandbox/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: 5000 }) });
    await recordRefresh(db, bulkKey, (await ctx.client.getMassAction(bulkKey)).state, new Date());
    const before = await db.selectFrom('uploads').select('id').execute();
    await expect(prepareTheRest(bulkKey, operator, deps)).rejects.toMatchObject({ status: 409, code: 'result_not_ready' });
    expect(await db.selectFrom('uploads').select('id').execute()).toEqual(before);
  });

  it('shows the chain, original → the rest → a retry, and a summary across it that adds up', { timeout: 60_000 }, async () => {
    const ctx = await sandboxes.setup();
    const db = await open();
    const deps: StartDeps = { db, zuora: ctx.client, environment: 'sandbox' };
    const advance = (advanceMs: number) => fetch(`${ctx.sandbox.url}/__sandbox/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs }) });
    const settle = async (bulkKey: string) => {
      const { state } = await ctx.client.getMassAction(bulkKey);
      await recordRefresh(db, bulkKey, state, new Date());
      if (state.outputUrl) await new ResultFileImporter({ db: async () => db, zuora: ctx.client }).ensureSettled({ bulkKey, actionType: state.actionType, outputUrl: state.outputUrl });
      return state;
    };
    const start = async (fileName: string, bytes: Uint8Array, lineage?: Parameters<typeof checkUpload>[0]['lineage']) => {
      const checked = await checkUpload({ fileName, bytes, actionType: 'UpdateAccountingCode', label: fileName, lineage }, operator, deps);
      if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
      return (await startUpload(checked.upload.uploadId, noReason, operator, deps)).bulkKey;
    };

    // The original: 100 rows, every 5th fails, stopped after 40.
    await ctx.control.behaviour({ pendingMs: 0, rowsPerSecond: 10, stoppingMs: 0, failEvery: 5 });
    const original = await start('original.csv', new TextEncoder().encode('Object Key,Object Type\n' + Array.from({ length: 100 }, (_, i) => `INV-${i},Invoice Item`).join('\n') + '\n'));
    await advance(4000);
    await ctx.client.stopMassAction(original);
    await advance(100);
    const stopped = await settle(original);
    expect([stopped.status, stopped.processedCount, stopped.errorCount]).toEqual(['Stopped', 40, 8]);

    // The rest, and a retry of the 8 failed rows (the fix file, its cells as they were): all succeed.
    await ctx.control.behaviour({ pendingMs: 0, rowsPerSecond: 1_000_000, stoppingMs: 0, failEvery: 0 });
    const [rest] = (await prepareTheRest(original, operator, deps)).parts;
    const restKey = (await startUpload(rest!.uploadId, noReason, operator, deps)).bulkKey;
    const fix = Buffer.concat(await (async () => { const chunks: Buffer[] = []; for await (const c of (await exportFixFile(db, original)).stream) chunks.push(c as Buffer); return chunks; })());
    const retryKey = await start('fixed.csv', new Uint8Array(fix), { parentBulkKey: original, relation: 'retry', partIndex: null, partCount: null });
    const midway = await getChain(db, restKey);
    expect(midway?.summary).toMatchObject({ total: 100, succeeded: 32, failed: 8, notProcessed: 60, pendingMembers: 2 });

    await advance(1000);
    await settle(restKey);
    await settle(retryKey);
    const chain = await getChain(db, retryKey);
    expect(chain?.members.map((m) => [m.bulkKey, m.relation, m.depth, m.status])).toEqual([[original, 'original', 0, 'Stopped'], [restKey, 'rest', 1, 'Completed'], [retryKey, 'retry', 1, 'Completed']]);
    expect(chain?.summary).toEqual({ total: 100, succeeded: 100, failed: 0, notProcessed: 0, pendingMembers: 0 });
    expect(await getChain(db, (await start('alone.csv', new TextEncoder().encode('Object Key,Object Type\nX-1,Invoice Item\n'))))).toBeNull();
  });
});
