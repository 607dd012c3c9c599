import 'server-only';
import { sql } from 'kysely';
import type { Database } from '../db/database';
import { isPostgres } from '../db/dialect';
import { readRowOutcomes } from '../result-files/read/row-outcomes';
import type { MassActionStatus } from './shared/status';

// The double-upload guard: every file the console uploads keeps a fingerprint of each data row
// (upload_row_fingerprints). A new file's rows are looked up among the uploads that reached Zuora: rows
// a mass action still runs (Pending, Processing, Stopping) and rows that already succeeded in a finished
// one are the overlap the operator must see, and confirm, before anything is sent.

const INSERT_BATCH = 2_000;
const ACTIVE: MassActionStatus[] = ['Pending', 'Processing', 'Stopping'];

/** Keeps the fingerprints of an upload's rows, in file order (row 1 first). */
export async function storeRowFingerprints(db: Database, uploadId: number, fingerprints: readonly number[]): Promise<void> {
  for (let start = 0; start < fingerprints.length; start += INSERT_BATCH) {
    const values = fingerprints.slice(start, start + INSERT_BATCH).map((fingerprint, i) => ({ fingerprint, upload_id: uploadId, row_number: start + i + 1 }));
    // A file may hold the same row twice: both are kept, under their own row numbers.
    await db.insertInto('upload_row_fingerprints').values(values).onConflict((oc) => oc.doNothing()).execute();
  }
}

export interface OverlapWith {
  bulkKey: string;
  label: string | null;
  status: MassActionStatus | null;
  /** When the earlier upload was sent to Zuora. */
  startedAt: string;
  /** Rows of the new file also in that upload (each counted once). */
  rows: number;
  /** Of those, how many succeeded there: null while it runs, or while its result file is not imported. */
  succeeded: number | null;
}

export interface OverlapReport {
  /** Mass actions still running that hold some of these rows. */
  running: OverlapWith[];
  /** Finished mass actions in which some of these rows succeeded. */
  succeeded: OverlapWith[];
  /** Finished ones whose outcome is not known yet (their result file not imported). */
  unknown: OverlapWith[];
}

/** Where the rows with these fingerprints were uploaded before (other uploads than `exceptUploadId`). */
export async function findOverlaps(db: Database, fingerprints: readonly number[], exceptUploadId: number | null = null): Promise<OverlapReport> {
  const wanted = [...new Set(fingerprints)];
  const report: OverlapReport = { running: [], succeeded: [], unknown: [] };
  if (wanted.length === 0) return report;
  const matches = await matchingRows(db, wanted, exceptUploadId);
  const byUpload = new Map<number, { fingerprints: Set<number>; rowNumbers: number[] }>();
  for (const match of matches) {
    const entry = byUpload.get(match.upload_id) ?? { fingerprints: new Set(), rowNumbers: [] };
    entry.fingerprints.add(Number(match.fingerprint));
    entry.rowNumbers.push(match.row_number);
    byUpload.set(match.upload_id, entry);
  }
  if (byUpload.size === 0) return report;
  const uploads = await db
    .selectFrom('uploads')
    .innerJoin('mass_actions', 'mass_actions.bulk_key', 'uploads.bulk_key')
    .select(['uploads.id', 'uploads.bulk_key', 'uploads.started_at', 'mass_actions.label', 'mass_actions.status'])
    .where('uploads.id', 'in', [...byUpload.keys()])
    .where('uploads.status', '=', 'started')
    .execute();
  for (const upload of uploads) {
    const entry = byUpload.get(upload.id)!;
    const status = upload.status as MassActionStatus | null;
    const base = { bulkKey: upload.bulk_key!, label: upload.label, status, startedAt: upload.started_at ?? '', rows: entry.fingerprints.size };
    if (status === null || ACTIVE.includes(status)) {
      report.running.push({ ...base, succeeded: null });
      continue;
    }
    const outcomes = await readRowOutcomes(db, upload.bulk_key!);
    if (!outcomes) {
      if (status !== 'Failed') report.unknown.push({ ...base, succeeded: null });
      continue;
    }
    const succeeded = new Set<number>();
    const fingerprintOf = new Map(matches.filter((m) => m.upload_id === upload.id).map((m) => [m.row_number, Number(m.fingerprint)]));
    for (const rowNumber of entry.rowNumbers) if (outcomes[rowNumber - 1] === 'succeeded') succeeded.add(fingerprintOf.get(rowNumber)!);
    if (succeeded.size > 0) report.succeeded.push({ ...base, rows: succeeded.size, succeeded: succeeded.size });
  }
  const byStart = (a: OverlapWith, b: OverlapWith) => b.startedAt.localeCompare(a.startedAt);
  report.running.sort(byStart);
  report.succeeded.sort(byStart);
  report.unknown.sort(byStart);
  return report;
}

/** The stored rows with these fingerprints: one indexed probe each, the list passed as one parameter. */
async function matchingRows(db: Database, fingerprints: number[], exceptUploadId: number | null) {
  const except = exceptUploadId ?? -1;
  if (isPostgres(db)) {
    const { rows } = await sql<{ fingerprint: number; upload_id: number; row_number: number }>`
      select fingerprint, upload_id, row_number from upload_row_fingerprints
      where fingerprint = any(${fingerprints}::bigint[]) and upload_id <> ${except}`.execute(db);
    return rows;
  }
  const { rows } = await sql<{ fingerprint: number; upload_id: number; row_number: number }>`
    select f.fingerprint, f.upload_id, f.row_number from json_each(${JSON.stringify(fingerprints)}) as wanted
    join upload_row_fingerprints as f on f.fingerprint = wanted.value
    where f.upload_id <> ${except}`.execute(db);
  return rows;
}
