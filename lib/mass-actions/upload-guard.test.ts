import { expect, it } from 'vitest';
import type { Database } from '../db/database';
import { describeEachDatabase } from '../testing/test-databases';
import type { MassActionStatus } from './shared/status';
import { findOverlaps, storeRowFingerprints } from './upload-guard';

const AT = '2026-12-01T10:00:00.000Z';
const key = (n: number) => n.toString().padStart(32, 'b');

/** An upload the console sent, its mass action at `status`, and (when given) its result file's outcomes. */
async function sent(db: Database, n: number, status: MassActionStatus, fingerprints: number[], outcomes?: number[]): Promise<number> {
  await db.insertInto('mass_actions').values({ bulk_key: key(n), label: `upload ${n}`, registered_by: 'op', registered_via: 'console', registered_at: AT, status, snapshot: null, refreshed_at: AT, refresh_error: null, action_type: 'MPU', uploaded_by: null, uploaded_on: null, stopping_since: null, rate_per_second: null }).execute();
  const { id } = await db.insertInto('uploads').values({ status: 'started', action_type: 'MPU', label: `upload ${n}`, file_name: 'f.csv', file_bytes: new Uint8Array([1]), byte_size: 1, file_sha256: 'a'.repeat(64), file_md5: 'b'.repeat(32), row_count: fingerprints.length, preview: '{}', created_by: 'op', created_at: AT, idempotency_key: `k${n}`, bulk_key: key(n), started_at: `2026-12-01T10:0${n}:00.000Z`, refusal: null, parent_bulk_key: null, relation: null, part_index: null, part_count: null, overlap_confirmation: null }).returning('id').executeTakeFirstOrThrow();
  await storeRowFingerprints(db, id, fingerprints);
  if (outcomes) {
    const imported = await db.insertInto('result_imports').values({ bulk_key: key(n), status: 'ready', owner: 'o', started_at: AT, heartbeat_at: AT, finished_at: AT, rows_imported: outcomes.length, columns: '[]', raw_size: 0 }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('result_row_blocks').values({ import_id: imported.id, first_row: 1, row_count: outcomes.length, outcomes: Uint8Array.from(outcomes), encoding: 0, cells: '' }).execute();
  }
  return id;
}

// Outcome codes as stored: 0 failed, 1 not processed, 2 succeeded.
describeEachDatabase('the double-upload guard', (open) => {
  it('names the running mass actions holding these rows, and the finished ones where they succeeded', async () => {
    const db = await open();
    await sent(db, 1, 'Processing', [11, 12, 13]);
    await sent(db, 2, 'Completed', [21, 22, 23, 24], [2, 0, 2, 1]);
    await sent(db, 3, 'Stopped', [31, 32]);
    await sent(db, 4, 'Failed', [41]);
    const report = await findOverlaps(db, [12, 13, 13, 21, 22, 23, 24, 31, 41, 99]);
    expect(report.running.map((o) => [o.label, o.rows])).toEqual([['upload 1', 2]]);
    // Of 21–24 only 21 and 23 succeeded; a failed row (22) or one never processed (24) may be sent again.
    expect(report.succeeded.map((o) => [o.label, o.rows])).toEqual([['upload 2', 2]]);
    // Stopped with no imported result file: its outcome is not known yet. A Failed one processed nothing.
    expect(report.unknown.map((o) => [o.label, o.rows])).toEqual([['upload 3', 1]]);
  });

  it('ignores uploads that never reached Zuora and the upload being checked itself', async () => {
    const db = await open();
    const mine = await sent(db, 1, 'Processing', [1, 2, 3]);
    await db.updateTable('uploads').set({ status: 'refused' }).where('id', '=', mine).execute();
    expect(await findOverlaps(db, [1, 2, 3])).toEqual({ running: [], succeeded: [], unknown: [] });
    const other = await sent(db, 2, 'Processing', [1]);
    expect((await findOverlaps(db, [1], other)).running).toEqual([]);
  });

  it('counts a row once however often the files hold it, and finds 52-bit fingerprints exactly', async () => {
    const db = await open();
    const big = 2 ** 52 - 1;
    await sent(db, 1, 'Pending', [big, big, 5]);
    const report = await findOverlaps(db, [big, big, big - 1]);
    expect(report.running.map((o) => o.rows)).toEqual([1]);
  });

  it('looks up 20,000 rows against 20 uploads of 20,000 in one query each way', async () => {
    const db = await open();
    for (let n = 0; n < 20; n++) await sent(db, n, 'Processing', Array.from({ length: 20_000 }, (_, i) => n * 1_000_000 + i));
    const report = await findOverlaps(db, Array.from({ length: 20_000 }, (_, i) => 5_000_000 + i * 2));
    expect(report.running.map((o) => o.rows)).toEqual([10_000]);
  });
});
