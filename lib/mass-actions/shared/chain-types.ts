// Browser-safe: the chain of mass actions started from one original upload, as the job page shows it.
import type { MassActionStatus } from './status';

export type ChainRelation = 'original' | 'rest' | 'retry';

export interface ChainMemberView {
  bulkKey: string;
  label: string | null;
  status: MassActionStatus | null;
  relation: ChainRelation;
  /** The member it was started from; null for the original. */
  parentBulkKey: string | null;
  partIndex: number | null;
  partCount: number | null;
  totalCount: number | null;
  processedCount: number | null;
  /** How far from the original: 0 for it, 1 for the rest of it or a retry of it, and so on. */
  depth: number;
}

export interface ChainSummaryView {
  /** The original upload's rows. */
  total: number;
  /** Succeeded in some member of the chain. */
  succeeded: number;
  /** Never succeeded, and failed the last time they ran. */
  failed: number;
  /** Never ran, or only ever came back not processed. */
  notProcessed: number;
  /** Members still running, or whose result file is not imported yet: their rows count as not processed for now. */
  pendingMembers: number;
}

export interface ChainView {
  members: ChainMemberView[];
  /** Null when a member was not started in the console (its rows are not known to it), with why. */
  summary: ChainSummaryView | null;
  whyNoSummary: string | null;
}
