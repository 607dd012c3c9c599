import { afterEach, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import type { Actor } from '../audit/audit-trail';
import { listAuditEventsFor } from '../audit/audit-trail';
import { sandboxPerTest } from '../testing/sandbox-client';
import { describeEachDatabase } from '../testing/test-databases';
import { findMassAction } from './registry';
import { checkUpload, startUpload, type StartDeps } from './start-service';

const operator: Actor = { email: 'olivia@example.com', name: 'Olivia Operator', role: 'operator', clientAddress: '127.0.0.1' };
const admin: Actor = { email: 'ada@example.com', name: 'Ada Admin', role: 'admin', clientAddress: '127.0.0.1' };
const csv = (rows: number, from = 0) => new TextEncoder().encode('Object Key,Object Type\n' + Array.from({ length: rows }, (_, i) => `INV-${from + i},Invoice Item`).join('\n') + '\n');
const payments = (rows: number) => new TextEncoder().encode('Billing Account ID,Payment Amount,Currency,Payment Date,Payment Method ID\n' + Array.from({ length: rows }, (_, i) => `A-${i},10.00,USD,2026-12-01,PM-${i}`).join('\n') + '\n');
const noReason = { typedConfirmation: null, overlapReason: null, adminOverride: false };

const sandboxes = sandboxPerTest();
afterEach(sandboxes.closeAfterEach);

describeEachDatabase('starting a mass action from the console', (open) => {
  async function setup(environment: StartDeps['environment'] = 'sandbox') {
    const ctx = await sandboxes.setup();
    await ctx.control.behaviour({ pendingMs: 60_000 });
    const deps: StartDeps = { db: await open(), zuora: ctx.client, environment };
    const check = async (bytes: Uint8Array, actionType = 'UpdateAccountingCode', who = operator) => {
      const answer = await checkUpload({ fileName: 'codes.csv', bytes, actionType, label: 'December codes' }, who, deps);
      if (!answer.ok) throw new Error(`refused: ${JSON.stringify(answer.problems)}`);
      return answer.upload;
    };
    const accepted = async () => (await ctx.control.stats()).uploads.accepted;
    return { ctx, deps, db: deps.db!, check, accepted };
  }

  it('refuses a bad file with its reasons, keeps nothing and sends nothing', async () => {
    const { deps, db, accepted } = await setup();
    const answer = await checkUpload({ fileName: 'codes.csv', bytes: new TextEncoder().encode('Object Key\nINV-1\n'), actionType: 'UpdateAccountingCode', label: null }, operator, deps);
    expect(answer.ok).toBe(false);
    expect(JSON.stringify(answer)).toContain('Object Type');
    expect(await db.selectFrom('uploads').select('id').execute()).toEqual([]);
    expect(await accepted()).toBe(0);
  });

  it('checks, then starts on confirmation: registered as started in the console, audited, its lineage empty', async () => {
    const { deps, db, check, accepted } = await setup();
    const upload = await check(csv(3));
    expect(upload.preview.rowCount).toBe(3);
    expect(await accepted()).toBe(0);
    const started = await startUpload(upload.uploadId, noReason, operator, deps);
    expect(started.alreadyStarted).toBe(false);
    expect(await accepted()).toBe(1);
    const row = await findMassAction(db, started.bulkKey);
    expect(row).toMatchObject({ label: 'December codes', registeredBy: operator.email, registeredVia: 'console' });
    const trail = await listAuditEventsFor(db, started.bulkKey);
    expect(trail.map((e) => [e.kind, e.summary])).toEqual([['mass-action-start', 'Started in the console: 3 rows of UpdateAccountingCode from codes.csv']]);
  });

  it('makes one mass action of a double click, of 20 confirmations at once, and of the same file checked in two tabs', async () => {
    const { deps, check, accepted } = await setup();
    const first = await check(csv(3));
    const secondTab = await check(csv(3));
    const answers = await Promise.all([
      ...Array.from({ length: 20 }, () => startUpload(first.uploadId, noReason, operator, deps)),
      startUpload(secondTab.uploadId, noReason, operator, deps),
    ]);
    expect(new Set(answers.map((a) => a.bulkKey)).size).toBe(1);
    expect(await accepted()).toBe(1);
    // A third tab confirming the same file afterwards: still the same mass action, not an overlap to explain.
    const later = await startUpload((await check(csv(3))).uploadId, noReason, operator, deps);
    expect(later).toEqual({ bulkKey: answers[0]!.bulkKey, alreadyStarted: true });
    expect(await accepted()).toBe(1);
  });

  it('in production, wants the row count typed', async () => {
    const { deps, check, accepted } = await setup('production');
    const upload = await check(csv(12));
    expect(upload.typedConfirmation).toBe('12');
    await expect(startUpload(upload.uploadId, { ...noReason, typedConfirmation: 'production' }, operator, deps)).rejects.toMatchObject({ code: 'confirmation_required' });
    expect(await accepted()).toBe(0);
    await startUpload(upload.uploadId, { ...noReason, typedConfirmation: '12' }, operator, deps);
    expect(await accepted()).toBe(1);
  });

  it('shows the overlap with a running upload, and sends it again only with a reason, as a new mass action', async () => {
    const { deps, check, accepted } = await setup();
    const first = await startUpload((await check(csv(10))).uploadId, noReason, operator, deps);
    // Rows 5–14: five of them are in the first one, still Pending.
    const again = await check(csv(10, 5));
    expect(again.overlap.running.map((o) => [o.bulkKey, o.rows, o.status])).toEqual([[first.bulkKey, 5, null]]);
    const refused = await startUpload(again.uploadId, noReason, operator, deps).catch((e: unknown) => e as ApiError);
    expect(refused).toMatchObject({ status: 409, code: 'overlap_unconfirmed' });
    expect((refused as ApiError).message).toContain('5 are in December codes');
    expect(await accepted()).toBe(1);
    const second = await startUpload(again.uploadId, { ...noReason, overlapReason: 'the first one was stopped by mistake' }, operator, deps);
    expect(second.bulkKey).not.toBe(first.bulkKey);
    expect(await accepted()).toBe(2);
  });

  it('blocks payments that already succeeded unless an admin overrides it, with the reason kept', async () => {
    const { ctx, deps, db, check, accepted } = await setup();
    await ctx.control.behaviour({ pendingMs: 0, rowsPerSecond: 1_000_000, failEvery: 0 });
    const first = await startUpload((await check(payments(4), 'MPU')).uploadId, noReason, operator, deps);
    // Its result file imported, as the job page does: every row succeeded.
    await db.insertInto('result_imports').values({ bulk_key: first.bulkKey, status: 'ready', owner: 'o', started_at: 'x', heartbeat_at: 'x', finished_at: 'x', rows_imported: 4, columns: '[]', raw_size: 0 }).execute();
    const { id } = await db.selectFrom('result_imports').select('id').where('bulk_key', '=', first.bulkKey).executeTakeFirstOrThrow();
    await db.insertInto('result_row_blocks').values({ import_id: id, first_row: 1, row_count: 4, outcomes: Uint8Array.from([2, 2, 2, 2]), encoding: 0, cells: '' }).execute();
    await db.updateTable('mass_actions').set({ status: 'Completed' }).where('bulk_key', '=', first.bulkKey).execute();

    const again = await check(payments(4), 'MPU');
    expect(again.overlap).toMatchObject({ isBlocked: true, succeeded: [{ bulkKey: first.bulkKey, rows: 4 }] });
    const reason = { ...noReason, overlapReason: 'Zuora reversed them (case 4411)' };
    await expect(startUpload(again.uploadId, { ...reason, adminOverride: true }, operator, deps)).rejects.toMatchObject({ status: 403, code: 'overlap_blocked' });
    expect(await accepted()).toBe(1);
    const overridden = await startUpload(again.uploadId, { ...reason, adminOverride: true }, admin, deps);
    expect(await accepted()).toBe(2);
    const [entry] = await listAuditEventsFor(db, overridden.bulkKey);
    expect(entry?.details).toMatchObject({ overlap: { reason: 'Zuora reversed them (case 4411)', adminOverride: true } });
  });

  it('says Zuora refused the file in its words, and remembers it', async () => {
    const { ctx, deps, check, accepted } = await setup();
    const upload = await check(csv(2));
    // A checksum that does not match the bytes: Zuora (the sandbox) refuses the upload.
    const refusal = await startUpload(upload.uploadId, noReason, operator, { ...deps, zuora: { startMassAction: async (input) => ctx.client.startMassAction({ ...input, checksum: '0'.repeat(32) }) } }).catch((e: unknown) => e as ApiError);
    expect(refusal).toMatchObject({ status: 422, code: 'zuora_refused' });
    expect((refusal as ApiError).message).toMatch(/^Zuora refused the file: .*checksum/i);
    expect(await accepted()).toBe(0);
    await expect(startUpload(upload.uploadId, noReason, operator, deps)).rejects.toMatchObject({ code: 'refused_before' });
  });
});
