import 'server-only';
import { listAuditEventsFor, type Actor } from '../audit/audit-trail';
import { getConfig } from '../config';
import { getDatabase } from '../db/database';
import { getStatusRefresher } from './list-service';
import { registerBulkKeys } from './register-service';
import { findMassAction } from './registry';
import type { JobView } from './shared/job-types';


/**
 * One mass action for its page. A key the registry does not know but Zuora does is registered
 * (through a link, by whoever opened it), so a shared link always works; null when Zuora does not know it.
 */
export async function getJob(bulkKey: string, actor: Actor): Promise<JobView | null> {
  const db = await getDatabase();
  if (!(await findMassAction(db, bulkKey))) {
    const [outcome] = await registerBulkKeys([bulkKey], null, actor, 'link');
    if (outcome?.result === 'unknown_to_zuora') return null;
    if (outcome?.result === 'not_checked') throw new Error(outcome.message);
  }
  const refresher = getStatusRefresher();
  await refresher.refreshDue(1500);
  const row = await findMassAction(db, bulkKey);
  if (!row) return null;
  return {
    row,
    trail: await listAuditEventsFor(db, bulkKey),
    stuckAfterMs: getConfig().stoppingStuckAfterMs,
    zuoraProblem: refresher.currentProblem,
    generatedAt: new Date().toISOString(),
  };
}
