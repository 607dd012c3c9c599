import 'server-only';
import { appendAuditEvent, SYSTEM_ACTOR } from '../audit/audit-trail';
import type { Database } from '../db/database';
import type { CallMeta } from '../zuora/http-client';
import { recordRefresh } from './registry';
import type { MassActionStatus } from './shared/status';
import type { MassActionState } from './shared/types';

/**
 * What Zuora just said of a mass action, stored, and a change of status put in the audit trail, by
 * whoever read it: the refresher, or a stop's own read before it stops. Answers the status before.
 */
export async function recordObservedState(db: Database, bulkKey: string, state: MassActionState, meta: CallMeta, at: Date): Promise<MassActionStatus | null> {
  const previous = (await recordRefresh(db, bulkKey, state, at)) as MassActionStatus | null;
  if (previous !== state.status) {
    await appendAuditEvent(db, SYSTEM_ACTOR, {
      kind: 'status-change', bulkKey, zuora: meta,
      summary: previous ? `Status changed from ${previous} to ${state.status}` : `First seen as ${state.status}`,
      details: { from: previous, to: state.status, processedCount: state.processedCount, totalCount: state.totalCount },
    });
  }
  return previous;
}
