// The start page's sentences, kept apart from the components so they read (and are tested) as words.
import type { ColumnKind } from '@/lib/uploads/shared/check-types';
import type { Overlap, OverlapSummary } from '@/lib/mass-actions/shared/start-types';
import { formatCount, formatCountOf } from '@/lib/shared/format';
import type { EnvironmentInfo } from '@/lib/shared/environment-info';

/** "Start 1,204 rows of Update accounting codes in production?" */
export function describeStartQuestion(rowCount: number, actionLabel: string, environment: EnvironmentInfo['kind']): string {
  return `Start ${formatCountOf(rowCount, 'row')} of ${actionLabel} in ${environment === 'production' ? 'production' : 'the sandbox'}?`;
}

export const COLUMN_KINDS: Record<ColumnKind, { marker: string; words: string }> = {
  required: { marker: '✱', words: 'Required' },
  known: { marker: '✓', words: 'Known to Zuora for this type' },
  informational: { marker: '#', words: 'Informational: ignored by Zuora' },
  unknown: { marker: '?', words: 'Not known to the console; sent as it is' },
};

export type OverlapKind = 'succeeded' | 'running' | 'unknown';

/** The earlier uploads in the order they matter: rows that succeeded first, then running, then not known. */
export function overlapEntries(overlap: OverlapSummary): { kind: OverlapKind; item: Overlap }[] {
  return [
    ...overlap.succeeded.map((item) => ({ kind: 'succeeded' as const, item })),
    ...overlap.running.map((item) => ({ kind: 'running' as const, item })),
    ...overlap.unknown.map((item) => ({ kind: 'unknown' as const, item })),
  ];
}

export function hasOverlap(overlap: OverlapSummary): boolean {
  return overlapEntries(overlap).length > 0;
}

/**
 * One earlier upload holding some of these rows, as the words around its link:
 * "1,204 of these rows already succeeded in" [link] ("" after), "300 of these rows are in" [link] ", still Processing".
 */
export function describeOverlap(kind: OverlapKind, overlap: Overlap): { before: string; after: string } {
  const rows = `${formatCount(overlap.rows)} of these rows`;
  const is = overlap.rows === 1 ? 'is' : 'are';
  if (kind === 'succeeded') return { before: `${rows} already succeeded in`, after: '' };
  if (kind === 'running') return { before: `${rows} ${is} in`, after: `, still ${overlap.status ?? 'Pending'}` };
  return { before: `${rows} ${is} in`, after: `, ${overlap.status ?? 'finished'}: whether ${overlap.rows === 1 ? 'it' : 'they'} succeeded is not known yet (its result file is not imported)` };
}

/** What the operator typed for the row count, as the server compares it: "1,204" and "1 204" are 1204. */
export function normalizeTypedCount(typed: string): string {
  return typed.replace(/[\s,.'’_]/g, '');
}

export interface StartNeeds {
  isReasonNeeded: boolean;
  isOverrideNeeded: boolean;
  /** Production: the row count to type; null in a sandbox. */
  typedConfirmation: string | null;
}

/** What still keeps the confirm button disabled, in words; null when nothing does. */
export function describeWhatStartNeeds(needs: StartNeeds, given: { reason: string; isOverridden: boolean; typed: string }): string | null {
  const missing: string[] = [];
  if (needs.isReasonNeeded && !given.reason.trim()) missing.push('a reason for sending these rows again');
  if (needs.isOverrideNeeded && !given.isOverridden) missing.push('the admin override ticked');
  if (needs.typedConfirmation !== null && normalizeTypedCount(given.typed) !== needs.typedConfirmation) missing.push(`the number of rows, ${needs.typedConfirmation}, typed`);
  if (missing.length === 0) return null;
  return `Still needed: ${missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`}.`;
}
