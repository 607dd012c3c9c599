import { formatCount } from '@/lib/shared/format';
import type { MassActionView } from '@/lib/mass-actions/shared/types';

/** What stopping now means, in the numbers the operator sees (Zuora never rolls back processed rows). */
export function describeStopConsequences(state: MassActionView | null): string[] {
  if (!state || state.status === 'Pending') {
    const total = state?.totalCount;
    return [
      'No rows have been processed yet.',
      total != null ? `None of the ${formatCount(total)} rows will be processed.` : 'None of the uploaded rows will be processed.',
      'No result file will be produced (stopped while Pending).',
    ];
  }
  const processed = state.processedCount ?? 0;
  const remaining = state.totalCount != null ? Math.max(0, state.totalCount - processed) : null;
  return [
    `${formatCount(processed)} rows already processed will stay processed; Zuora does not roll them back.`,
    remaining != null ? `${formatCount(remaining)} rows will not be processed.` : 'The rows not yet processed will not be processed.',
    'A result file will be produced, listing which rows were processed.',
  ];
}
