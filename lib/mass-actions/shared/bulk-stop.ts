import { z } from 'zod';
import { isBulkKey } from '../../zuora/shared/bulk-key';
import { LIST_TAB_LABELS, LIST_TABS, type ListTab } from './list-query';
import type { MassActionStatus } from './status';

// Browser-safe: what the list's bulk stop sends, and what the server answers, key by key.

/** More than this in one bulk stop is refused: the request answers once all are stopped. */
export const BULK_STOP_MAX_KEYS = 500;

export type BulkStopTarget = { keys: string[] } | { filter: { tab: ListTab; q: string } };

/** Either a selection of keys or a list filter, never both. */
export const bulkStopTargetSchema = z
  .object({
    keys: z
      .array(z.string().refine(isBulkKey, 'each must be a 32-character bulk key'))
      .min(1, 'select at least one mass action')
      .max(BULK_STOP_MAX_KEYS, `at most ${BULK_STOP_MAX_KEYS} at once`)
      .optional(),
    filter: z.object({ tab: z.enum(LIST_TABS), q: z.string().trim().max(200) }).strict().optional(),
  })
  .strict()
  .refine((t) => (t.keys === undefined) !== (t.filter === undefined), 'name either keys (a selection) or filter (everything matching), not both')
  .transform((t): BulkStopTarget => (t.keys ? { keys: t.keys } : { filter: t.filter! }));

export interface BulkStopMember {
  bulkKey: string;
  label: string | null;
  /** As last read; null when Zuora has not been asked yet (the stop reads it first). */
  status: MassActionStatus | null;
  processedCount: number | null;
  totalCount: number | null;
  /** When Zuora was read for these figures (ISO, UTC); null when never. */
  refreshedAt: string | null;
}

export interface BulkStopPreview {
  /** The selection or filter, in words: "3 selected", "everything matching “payments” in Active". */
  target: string;
  environment: { kind: 'production' | 'sandbox'; host: string };
  /** What a stop would be asked for. */
  stoppable: BulkStopMember[];
  /** Of those, how many of each status as last read. */
  byStatus: Partial<Record<MassActionStatus | 'Not read yet', number>>;
  /** Rows already processed across them: they stay processed. */
  processedRows: number;
  /** Selected or matched, but left out: no longer stoppable, or not registered. */
  leftOut: { bulkKey: string; label: string | null; why: string }[];
  /** What must be typed to confirm, in production: the count. Null in a sandbox. */
  confirmationText: string | null;
}

export type BulkStopOutcomeKind = 'stopped' | 'refused' | 'failed' | 'not-stoppable';

export interface BulkStopOutcome {
  bulkKey: string;
  label: string | null;
  outcome: BulkStopOutcomeKind;
  /** Zuora's words for a refusal, the error for a failure, what it was for a stop. */
  message: string;
}

export interface BulkStopAnswer {
  /** The batch's entry in the audit trail. */
  batchId: number;
  outcomes: BulkStopOutcome[];
  counts: Record<BulkStopOutcomeKind, number>;
}

export function describeTarget(target: BulkStopTarget): string {
  if ('keys' in target) return `${target.keys.length.toLocaleString('en-US')} selected`;
  const { tab, q } = target.filter;
  return q ? `everything matching “${q}” in ${LIST_TAB_LABELS[tab]}` : `everything in ${LIST_TAB_LABELS[tab]}`;
}
