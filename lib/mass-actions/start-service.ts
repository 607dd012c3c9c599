import 'server-only';
import { createHash } from 'node:crypto';
import { ApiError } from '../api/api-error';
import { appendAuditEvent, type Actor } from '../audit/audit-trail';
import { getConfig } from '../config';
import { getDatabase, type Database } from '../db/database';
import { acrossInstances } from '../db/shared-flight';
import { checkUploadFile } from '../uploads/file-check';
import { isActionType, type ActionType } from '../uploads/shared/action-types';
import type { UploadPreview } from '../uploads/shared/check-types';
import { getZuoraClient, type ZuoraClient } from '../zuora/client';
import type { ZuoraEnvironmentKind } from '../zuora/shared/hosts';
import { ZuoraError } from '../zuora/errors';
import { exportResumeFile, type FileDownload } from '../result-files/export/exports';
import { ResultFileError } from '../result-files/errors';
import { findCurrentImport } from '../result-files/store/import-records';
import { partFileName, splitCsv } from '../uploads/split';
import { findMassAction, registerMassAction } from './registry';
import type { CheckedUploadView, OverlapSummary, StartAnswer, UploadCheckAnswer } from './shared/start-types';
import { findOverlaps, storeRowFingerprints } from './upload-guard';

// Starting a mass action from the console, in two requests: the file is checked and kept (nothing
// reaches Zuora), the operator reads the preview and any overlap with earlier uploads, then confirms;
// only then is it sent, with an Idempotency-Key that makes a double click, a retry after a timeout or
// the same file confirmed in two tabs one mass action.

export interface UploadRequest {
  fileName: string;
  bytes: Uint8Array;
  actionType: string;
  label: string | null;
}

/** The row fingerprints as stored: the first 52 of their 64 bits, so they stay exact JavaScript numbers on both databases. */
export const storedFingerprint = (fingerprint: string): number => Number.parseInt(fingerprint.slice(0, 13), 16);

/** What the service works with; the routes take the configured ones, tests their own. */
export interface StartDeps {
  db?: Database;
  zuora?: Pick<ZuoraClient, 'startMassAction'>;
  environment?: ZuoraEnvironmentKind;
}

/** Why a mass action is started from another one: the rest of a stopped one, or a retry of its failed rows. */
export interface Lineage {
  parentBulkKey: string;
  relation: 'rest' | 'retry';
  partIndex: number | null;
  partCount: number | null;
}

export async function checkUpload(request: UploadRequest & { lineage?: Lineage | null }, actor: Actor, deps: StartDeps = {}): Promise<UploadCheckAnswer> {
  const db = deps.db ?? (await getDatabase());
  const environment = deps.environment ?? getConfig().zuora.environment;
  if (!isActionType(request.actionType)) throw new ApiError(400, 'bad_request', `actionType: must be one of Zuora's six mass action types, not ${JSON.stringify(request.actionType.slice(0, 40))}.`);
  const actionType = request.actionType;
  const check = checkUploadFile({ name: request.fileName, bytes: request.bytes, actionType });
  if (!check.ok) return { ok: false, problems: check.problems, warnings: check.warnings };
  const { file, preview } = check;
  const fingerprints = file.rowFingerprints.map(storedFingerprint);
  const overlap = summarise(await findOverlaps(db, fingerprints), actionType);
  const lineage = request.lineage ?? null;
  if (lineage && !(await findMassAction(db, lineage.parentBulkKey))) throw new ApiError(404, 'not_registered', 'The mass action these rows retry is not registered in the console.');
  const uploadId = await db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('uploads')
      .values({
        status: 'checked', action_type: actionType, label: request.label, file_name: request.fileName, file_bytes: file.bytes, byte_size: file.bytes.byteLength,
        file_sha256: file.sha256, file_md5: file.md5, row_count: preview.rowCount, preview: JSON.stringify(preview), created_by: actor.email, created_at: new Date().toISOString(),
        idempotency_key: null, bulk_key: null, started_at: null, refusal: null, overlap_confirmation: null,
        parent_bulk_key: lineage?.parentBulkKey ?? null, relation: lineage?.relation ?? null, part_index: lineage?.partIndex ?? null, part_count: lineage?.partCount ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await storeRowFingerprints(trx as unknown as Database, id, fingerprints);
    return id;
  });
  return { ok: true, upload: viewOf(uploadId, actionType, request.label, request.fileName, preview, overlap, environment) };
}

/**
 * The rest of a stopped mass action, made ready to start: its not-processed rows (the resume file, as
 * the job page offers it), split into parts of at most 4 MB when it is larger, each checked and kept
 * as an upload of its own, labelled part i of n. Nothing reaches Zuora until each is confirmed.
 */
export async function prepareTheRest(bulkKey: string, actor: Actor, deps: StartDeps = {}): Promise<{ parts: CheckedUploadView[]; rows: number }> {
  const db = deps.db ?? (await getDatabase());
  const parent = await findMassAction(db, bulkKey);
  if (!parent) throw new ApiError(404, 'not_registered', 'This bulk key is not registered in the console.');
  if (parent.state?.status !== 'Stopped') throw new ApiError(409, 'not_stopped', `Only a Stopped mass action has a rest to start; this one is ${parent.state?.status ?? 'not read from Zuora yet'}.`);
  const actionType = parent.state.actionType;
  if (!isActionType(actionType)) throw new ApiError(409, 'unknown_action_type', `Zuora gives this mass action's type as ${JSON.stringify(actionType)}, which the console cannot start.`);
  const imported = await findCurrentImport(db, bulkKey);
  if (imported?.status === 'ready' && imported.not_processed_count === 0) throw new ApiError(409, 'nothing_left', 'Every row of this mass action was processed: there is no rest to start.');
  let resume: FileDownload;
  try {
    resume = await exportResumeFile(db, bulkKey);
  } catch (error) {
    if (error instanceof ResultFileError && error.code === 'not_ready') throw new ApiError(409, 'result_not_ready', `${error.message} The rest is read from it: open the job page's result file and wait for it to be imported.`);
    throw error;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of resume.stream as AsyncIterable<Buffer>) chunks.push(chunk);
  const bytes = new Uint8Array(Buffer.concat(chunks));
  const split = splitCsv(bytes);
  if (!split.ok) throw new ApiError(422, split.problem.code, split.problem.message);
  const name = parent.label ?? bulkKey;
  const parts: CheckedUploadView[] = [];
  for (const part of split.parts) {
    const count = split.parts.length;
    const label = `${name}: the rest${count > 1 ? `, part ${part.index} of ${count}` : ''}`;
    const fileName = count > 1 ? partFileName(resume.fileName, part.index, count) : resume.fileName;
    const answer = await checkUpload({ fileName, bytes: part.bytes, actionType, label, lineage: { parentBulkKey: bulkKey, relation: 'rest', partIndex: count > 1 ? part.index : null, partCount: count > 1 ? count : null } }, actor, deps);
    if (!answer.ok) throw new ApiError(422, 'rest_refused', `The rest of this mass action does not pass the console's checks: ${answer.problems.map((p) => p.message).join(' ')}`);
    parts.push(answer.upload);
  }
  return { parts, rows: parts.reduce((sum, p) => sum + p.preview.rowCount, 0) };
}

export interface StartRequest {
  /** Production: the row count, typed. */
  typedConfirmation: string | null;
  /** Why rows that overlap earlier uploads are sent anyway; required when there is an overlap. */
  overlapReason: string | null;
  /** MPU only, admins only: send payments that already succeeded elsewhere. */
  adminOverride: boolean;
}

export async function startUpload(uploadId: number, request: StartRequest, actor: Actor, deps: StartDeps = {}): Promise<StartAnswer> {
  const database = deps.db ?? (await getDatabase());
  const environment = deps.environment ?? getConfig().zuora.environment;
  const zuora = deps.zuora ?? getZuoraClient();
  const upload = await database.selectFrom('uploads').selectAll().where('id', '=', uploadId).executeTakeFirst();
  if (!upload || (upload.created_by !== actor.email && actor.role !== 'admin')) throw new ApiError(404, 'not_found', 'There is no such checked file of yours; check the file again.');
  if (upload.status === 'started') return { bulkKey: upload.bulk_key!, alreadyStarted: true };
  if (upload.status === 'refused') throw new ApiError(409, 'refused_before', `Zuora refused this file: ${upload.refusal ?? ''} Check a corrected file.`);
  const actionType = upload.action_type as ActionType;
  if (environment === 'production' && request.typedConfirmation?.trim() !== String(upload.row_count)) {
    throw new ApiError(400, 'confirmation_required', `This is production: type the number of rows, ${upload.row_count}, to start it.`);
  }
  const reason = request.overlapReason?.trim() || null;
  // The same file for the same purpose, confirmed in another tab or checked twice: the same mass action,
  // however long after, unless the operator says why it must run again (then its own key, below).
  const sameUploadKey = idempotencyKeyOf(upload, actionType, null);
  const twin = await database.selectFrom('uploads').select('bulk_key').where('idempotency_key', '=', sameUploadKey).where('status', '=', 'started').executeTakeFirst();
  if (twin?.bulk_key && !reason) return { bulkKey: twin.bulk_key, alreadyStarted: true };
  const stored = await database.selectFrom('upload_row_fingerprints').select('fingerprint').where('upload_id', '=', uploadId).orderBy('row_number').execute();
  const overlap = summarise(await findOverlaps(database, stored.map((r) => Number(r.fingerprint)), uploadId), actionType);
  const hasOverlap = overlap.running.length + overlap.succeeded.length + overlap.unknown.length > 0;
  if (hasOverlap && !reason) throw new ApiError(409, 'overlap_unconfirmed', `Some of these rows were uploaded before (${describeOverlap(overlap)}); give a reason to send them again.`);
  if (overlap.isBlocked && !(request.adminOverride && actor.role === 'admin')) {
    throw new ApiError(403, 'overlap_blocked', `Payments that already succeeded would be made again (${describeOverlap(overlap)}); only an admin can override this, with a reason.`);
  }
  const idempotencyKey = idempotencyKeyOf(upload, actionType, hasOverlap ? uploadId : null);
  const confirmation = hasOverlap ? JSON.stringify({ reason, adminOverride: overlap.isBlocked, overlap }) : null;

  const { value } = await acrossInstances(database, `upload:${idempotencyKey}`, () => send(database, zuora, { ...upload, action_type: actionType }, idempotencyKey, confirmation, actor), {
    serializeError: (error) => (error instanceof ApiError ? { status: error.status, code: error.code, message: error.message } : { message: error instanceof Error ? error.message : String(error) }),
    deserializeError: (e) => (e.status && e.code ? new ApiError(e.status, e.code, e.message) : new Error(e.message)),
    tooLong: () => new ApiError(503, 'start_pending', 'This file is being sent to Zuora from another request; its mass action appears in a moment.'),
  });
  return value;
}

/**
 * The same file, action type and lineage make the same key, so Zuora makes one mass action of them;
 * an upload sent again on purpose (an overlap confirmed with a reason) gets a key of its own.
 */
function idempotencyKeyOf(upload: { file_sha256: string; parent_bulk_key: string | null; relation: string | null; part_index: number | null }, actionType: ActionType, confirmedUploadId: number | null): string {
  const parts = [upload.file_sha256, actionType, upload.parent_bulk_key ?? '', upload.relation ?? '', upload.part_index ?? '', confirmedUploadId ?? ''];
  return `mac-${createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 48)}`;
}

type UploadRow = { id: number; action_type: ActionType; file_name: string; file_bytes: Uint8Array; file_md5: string; row_count: number; label: string | null; parent_bulk_key: string | null; relation: string | null; part_index: number | null; part_count: number | null };

async function send(db: Database, zuora: NonNullable<StartDeps['zuora']>, upload: UploadRow, idempotencyKey: string, confirmation: string | null, actor: Actor): Promise<StartAnswer> {
  let started: { bulkKey: string; replayed: boolean; meta: { trackId: string | null; requestId: string | null } };
  try {
    started = await zuora.startMassAction({ file: { name: upload.file_name, bytes: upload.file_bytes }, actionType: upload.action_type, checksum: upload.file_md5, idempotencyKey });
  } catch (error) {
    if (error instanceof ZuoraError && (error.kind === 'refused' || (error.status !== null && error.status >= 400 && error.status < 500 && error.status !== 429))) {
      const said = error.reasons.map((r) => r.message).filter(Boolean).join('; ') || error.message;
      await db.updateTable('uploads').set({ status: 'refused', refusal: said }).where('id', '=', upload.id).execute();
      await appendAuditEvent(db, actor, {
        kind: 'mass-action-start', bulkKey: null, summary: `Start refused by Zuora: ${said}`, zuora: { trackId: error.trackId, requestId: error.requestId },
        details: { file: upload.file_name, actionType: upload.action_type, rows: upload.row_count, zuoraAnswer: 'refused', message: said },
      });
      throw new ApiError(422, 'zuora_refused', `Zuora refused the file: ${said}`);
    }
    if (error instanceof ZuoraError && error.kind === 'replayed_without_key') throw new ApiError(502, 'zuora_replay_without_key', error.message);
    if (error instanceof ZuoraError) {
      throw new ApiError(504, 'zuora_unreachable', `Zuora did not answer (${error.message}). Start it again: the console sends the same Idempotency-Key, so Zuora makes the mass action once whether or not this upload reached it.`);
    }
    throw error;
  }
  const at = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('uploads').set({ status: 'started', bulk_key: started.bulkKey, started_at: at, idempotency_key: idempotencyKey, overlap_confirmation: confirmation }).where('id', '=', upload.id).execute();
    await registerMassAction(trx as unknown as Database, { bulkKey: started.bulkKey, label: upload.label, registeredBy: actor.email, via: 'console' });
    await trx.updateTable('mass_actions').set({ upload_id: upload.id, parent_bulk_key: upload.parent_bulk_key, relation: upload.relation, part_index: upload.part_index, part_count: upload.part_count }).where('bulk_key', '=', started.bulkKey).execute();
  });
  await appendAuditEvent(db, actor, {
    kind: 'mass-action-start', bulkKey: started.bulkKey, zuora: started.meta,
    summary: `Started in the console: ${upload.row_count.toLocaleString('en-US')} rows of ${upload.action_type} from ${upload.file_name}${started.replayed ? ' (Zuora had it already: the same upload)' : ''}`,
    details: { file: upload.file_name, actionType: upload.action_type, rows: upload.row_count, label: upload.label, idempotencyKey, replayed: started.replayed, overlap: confirmation === null ? null : JSON.parse(confirmation) },
  });
  return { bulkKey: started.bulkKey, alreadyStarted: started.replayed };
}

function summarise(report: Awaited<ReturnType<typeof findOverlaps>>, actionType: ActionType): OverlapSummary {
  const strip = ({ bulkKey, label, status, startedAt, rows }: (typeof report.running)[number]) => ({ bulkKey, label, status, startedAt, rows });
  return { running: report.running.map(strip), succeeded: report.succeeded.map(strip), unknown: report.unknown.map(strip), isBlocked: actionType === 'MPU' && report.succeeded.length > 0 };
}

function describeOverlap(overlap: OverlapSummary): string {
  const name = (o: { label: string | null; bulkKey: string }) => o.label ?? o.bulkKey;
  return [
    ...overlap.succeeded.map((o) => `${o.rows.toLocaleString('en-US')} already succeeded in ${name(o)}`),
    ...overlap.running.map((o) => `${o.rows.toLocaleString('en-US')} are in ${name(o)}, still ${o.status ?? 'Pending'}`),
    ...overlap.unknown.map((o) => `${o.rows.toLocaleString('en-US')} are in ${name(o)}, ${o.status}, outcome not known yet`),
  ].join('; ');
}

function viewOf(uploadId: number, actionType: ActionType, label: string | null, fileName: string, preview: UploadPreview, overlap: OverlapSummary, environment: ZuoraEnvironmentKind): CheckedUploadView {
  const typedConfirmation = environment === 'production' ? String(preview.rowCount) : null;
  return { uploadId, actionType, label, fileName, preview, overlap, typedConfirmation };
}
