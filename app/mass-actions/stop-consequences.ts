import { formatCount, formatCountOf } from '@/lib/shared/format';
import { isStoppable } from '@/lib/mass-actions/shared/status';
import type { MassActionView } from '@/lib/mass-actions/shared/types';

/** What stopping now means, in the numbers the operator sees (Zuora never rolls back processed rows). */
export function describeStopConsequences(state: MassActionView | null): string[] {
  if (state && !isStoppable(state.status)) {
    return [`Zuora already reports this mass action as ${state.status}: there is nothing left to stop.`];
  }
  if (!state || state.status === 'Pending') {
    const total = state?.totalCount;
    return [
      'No rows have been processed yet.',
      total != null ? `None of the uploaded rows (${formatCount(total)}) will be processed.` : 'None of the uploaded rows will be processed.',
      'No result file will be produced (stopped while Pending).',
    ];
  }
  const succeeded = state.successCount ?? 0;
  const failed = state.errorCount ?? 0;
  const processed = succeeded + failed;
  const remaining = state.totalCount != null ? Math.max(0, state.totalCount - processed) : null;
  return [
    `${formatCountOf(processed, 'row')} already processed will stay processed (${formatCount(succeeded)} succeeded, ${formatCount(failed)} failed); Zuora does not roll them back.`,
    remaining != null ? `${formatCountOf(remaining, 'row')} will not be processed.` : 'The rows not yet processed will not be processed.',
    'A result file will be produced, listing which rows were processed.',
  ];
}
