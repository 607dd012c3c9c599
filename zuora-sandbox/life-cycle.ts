import type { UploadBehaviour } from './behaviour';

export const STATUSES = ['Pending', 'Processing', 'Stopping', 'Stopped', 'Completed', 'Failed'] as const;
export type Status = (typeof STATUSES)[number];

export interface LifeCycleInput {
  uploadedAt: number;
  totalRows: number;
  behaviour: UploadBehaviour;
  stopRequestedAt: number | null;
}

/** Where a mass action stands at one instant. Computed from the clock: no timers to leak. */
export interface Snapshot {
  status: Status;
  /** rows processed so far; null while the action has not left Pending */
  processed: number | null;
  startedAt: number | null;
  endedAt: number | null;
  hasResultFile: boolean;
}

export function isStoppable(status: Status): boolean {
  return status === 'Pending' || status === 'Processing';
}

export function snapshotAt(action: LifeCycleInput, now: number): Snapshot {
  const { uploadedAt, totalRows, behaviour, stopRequestedAt } = action;
  const startsAt = uploadedAt + behaviour.pendingMs;
  const processedBy = (time: number) =>
    Math.min(totalRows, Math.max(0, Math.floor(((time - startsAt) * behaviour.rowsPerSecond) / 1000)));

  if (stopRequestedAt !== null) {
    // Stop is only accepted while Pending or Processing, so stopRequestedAt precedes the end.
    const stoppedWhilePending = stopRequestedAt < startsAt;
    const stoppedAt = stopRequestedAt + behaviour.stoppingMs;
    const isStopped = now >= stoppedAt;
    return {
      status: isStopped ? 'Stopped' : 'Stopping',
      // counts freeze at the moment of the stop; nothing processed is rolled back
      processed: stoppedWhilePending ? null : processedBy(stopRequestedAt),
      startedAt: stoppedWhilePending ? null : startsAt,
      endedAt: isStopped ? stoppedAt : null,
      hasResultFile: isStopped && !stoppedWhilePending,
    };
  }
  if (now < startsAt) return { status: 'Pending', processed: null, startedAt: null, endedAt: null, hasResultFile: false };
  if (behaviour.outcome === 'fail') {
    return { status: 'Failed', processed: 0, startedAt: startsAt, endedAt: startsAt, hasResultFile: false };
  }
  const endsAt = startsAt + Math.ceil((totalRows * 1000) / behaviour.rowsPerSecond);
  if (now < endsAt) {
    return { status: 'Processing', processed: processedBy(now), startedAt: startsAt, endedAt: null, hasResultFile: false };
  }
  return { status: 'Completed', processed: totalRows, startedAt: startsAt, endedAt: endsAt, hasResultFile: true };
}
