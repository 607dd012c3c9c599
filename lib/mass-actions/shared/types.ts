import type { ListTab } from './list-query';
import type { MassActionStatus } from './status';

/** One mass action as Zuora's GET /v1/bulk/{bulk-key} describes it, parsed (counts as numbers). */
export interface MassActionState {
  actionType: string;
  status: MassActionStatus;
  totalCount: number | null;
  processedCount: number | null;
  successCount: number | null;
  errorCount: number | null;
  inputSize: number | null;
  outputSize: number | null;
  outputType: string | null;
  outputUrl: string | null;
  uploadedBy: string | null;
  /** As Zuora gives them: `yyyy-MM-dd HH:mm:ss`, time zone unstated. */
  uploadedOn: string | null;
  startedOn: string | null;
  endedOn: string | null;
}

/** What the browser is shown of a mass action: Zuora's state without the file address, which only the server uses. */
export type MassActionView = Omit<MassActionState, 'outputUrl'> & { hasResultFile: boolean };

export type RegisteredVia = 'demo' | 'form' | 'link' | 'api' | 'console';

export interface MassActionRow {
  bulkKey: string;
  label: string | null;
  registeredBy: string;
  registeredVia: RegisteredVia;
  registeredAt: string;
  /** Null until Zuora has been asked once. */
  state: MassActionView | null;
  /** When `state` was read from Zuora (ISO, UTC). */
  refreshedAt: string | null;
  /** Why the last refresh failed, while it keeps failing. */
  refreshError: string | null;
  /** Rows per second while Processing, from the last refreshes. */
  ratePerSecond: number | null;
  /** When the console first saw this mass action Stopping (ISO, UTC). */
  stoppingSince: string | null;
  /** In the list: the mass action it was started from, and those started from it (its chain on its line). */
  lineage?: Lineage;
}

export interface LineageMember {
  bulkKey: string;
  label: string | null;
  status: MassActionStatus | null;
  relation: 'rest' | 'retry';
  partIndex: number | null;
  partCount: number | null;
}

export interface Lineage {
  /** What it was started from, and why; null for an original. */
  parent: (Omit<LineageMember, 'relation' | 'partIndex' | 'partCount'> & { relation: 'rest' | 'retry'; partIndex: number | null; partCount: number | null }) | null;
  /** Started from it: the rest (its parts) and retries, in the order they were started. */
  children: LineageMember[];
}

export interface MassActionList {
  items: MassActionRow[];
  /** Rows matching the tab and search, over all pages. */
  total: number;
  counts: Record<ListTab, number>;
  pageSize: number;
  /** A Stopping that lasts longer than this is flagged as stuck. */
  stuckAfterMs: number;
  /** A Zuora problem affecting this answer, in words for the banner. */
  zuoraProblem: string | null;
  generatedAt: string;
}
