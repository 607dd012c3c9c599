// Browser-safe: what the start page gets back when it checks a file, and when it starts one.
import type { ActionType } from '../../uploads/shared/action-types';
import type { Problem, UploadPreview, Warning } from '../../uploads/shared/check-types';
import type { MassActionStatus } from './status';

/** Where rows of the file were sent before (lib/mass-actions/upload-guard.ts). */
export interface Overlap {
  bulkKey: string;
  label: string | null;
  status: MassActionStatus | null;
  startedAt: string;
  rows: number;
}

export interface OverlapSummary {
  /** Mass actions still running (Pending, Processing, Stopping) that hold some of these rows. */
  running: Overlap[];
  /** Finished ones in which some of these rows succeeded. */
  succeeded: Overlap[];
  /** Finished ones whose result file is not imported yet: whether these rows succeeded there is not known. */
  unknown: Overlap[];
  /** MPU (payments): rows that already succeeded block the upload unless an admin overrides it. */
  isBlocked: boolean;
}

/** A file checked and kept, waiting for the operator's confirmation. */
export interface CheckedUploadView {
  uploadId: number;
  actionType: ActionType;
  label: string | null;
  fileName: string;
  preview: UploadPreview;
  overlap: OverlapSummary;
  /** Production: the operator types the row count to confirm. */
  typedConfirmation: string | null;
}

export type UploadCheckAnswer = { ok: true; upload: CheckedUploadView } | { ok: false; problems: Problem[]; warnings: Warning[] };

export interface StartAnswer {
  bulkKey: string;
  /** True when this upload had been sent already (a second click, a retry): the same mass action. */
  alreadyStarted: boolean;
}
