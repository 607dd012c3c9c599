// Browser-safe: the list, the badges and the refresher agree on what each status means.
export const MASS_ACTION_STATUSES = ['Pending', 'Processing', 'Stopping', 'Stopped', 'Completed', 'Failed'] as const;
export type MassActionStatus = (typeof MASS_ACTION_STATUSES)[number];

export const TERMINAL_STATUSES: readonly MassActionStatus[] = ['Completed', 'Stopped', 'Failed'];

export function isTerminal(status: MassActionStatus | null | undefined): boolean {
  return status != null && TERMINAL_STATUSES.includes(status);
}

export function isStoppable(status: MassActionStatus | null | undefined): boolean {
  return status === 'Pending' || status === 'Processing';
}
