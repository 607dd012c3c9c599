import type { MassAction } from './mass-actions';
import { snapshotAt, type Snapshot, type Status } from './life-cycle';
import { buildResultZip } from './result-file';
import { formatZuoraDateTime } from './zuora-time';

type Count = number | string | null;

/** The body of GET /v1/bulk/{bulk-key}: the fields of GETMassUpdateType. */
export interface MassActionView {
  actionType: string;
  status: Status;
  totalCount: Count;
  processedCount: Count;
  successCount: Count;
  errorCount: Count;
  inputSize: number;
  outputSize: number;
  outputType: '(url:.csv.zip)';
  outputURL: string | null;
  uploadedBy: string;
  uploadedOn: string;
  startedOn: string | null;
  endedOn: string | null;
  success: true;
}

/** The result zip, built the first time it exists and cached: a terminal action never changes. */
export function resultFileOf(action: MassAction, snapshot: Snapshot): Uint8Array | null {
  if (!snapshot.hasResultFile) return null;
  action.resultFile ??= buildResultZip(action, snapshot.processed ?? 0);
  return action.resultFile;
}

export function describeMassAction(action: MassAction, now: number, fileBaseUrl: string): MassActionView {
  const snapshot = snapshotAt(action, now);
  const { processed } = snapshot;
  const count = (value: number | null): Count =>
    value === null ? null : action.behaviour.countsAsStrings ? String(value) : value;
  const errors = processed === null ? null : (action.outcomes.errorsBefore[processed] ?? 0);
  const file = resultFileOf(action, snapshot);
  const time = (ms: number | null) => (ms === null ? null : formatZuoraDateTime(ms));
  return {
    actionType: action.actionType,
    status: snapshot.status,
    // Zuora leaves every count null until processing starts (also when stopped before then).
    totalCount: count(processed === null ? null : action.totalRows),
    processedCount: count(processed),
    successCount: count(processed === null || errors === null ? null : processed - errors),
    errorCount: count(errors),
    inputSize: action.inputSize,
    outputSize: file?.byteLength ?? 0,
    outputType: '(url:.csv.zip)',
    outputURL: file ? `${fileBaseUrl}/v1/files/${action.fileId}` : null,
    uploadedBy: action.uploadedBy,
    uploadedOn: formatZuoraDateTime(action.uploadedAt),
    startedOn: time(snapshot.startedAt),
    endedOn: time(snapshot.endedAt),
    success: true,
  };
}
