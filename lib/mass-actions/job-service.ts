import 'server-only';
import { listAuditEventsFor } from '../audit/audit-trail';
import { redactTrailFor } from '../audit/trail-redaction';
import type { Role } from '../auth/shared/roles';
import { getConfig } from '../config';
import { getDatabase, type Database } from '../db/database';
import { getZuoraClient, type ZuoraClient } from '../zuora/client';
import { ZuoraError } from '../zuora/errors';
import { getStatusRefresher } from './list-service';
import { findMassAction, viewOf } from './registry';
import type { JobView, UnregisteredJobView } from './shared/job-types';
import type { StatusRefresher } from './status-refresher';

// How long a job page waits for a mass action never read from Zuora before answering without it.
const FIRST_READ_WAIT_MS = 1500;

export type JobLookup = { kind: 'registered'; job: JobView } | { kind: 'unregistered'; preview: UnregisteredJobView };

/** Where a job is read from; the defaults are the server's own, tests pass theirs. */
export interface JobSources {
  db: Database;
  zuora: Pick<ZuoraClient, 'getMassAction'>;
  refresher: Pick<StatusRefresher, 'refreshDue' | 'currentProblem'>;
  stuckAfterMs: number;
}

async function serverSources(): Promise<JobSources> {
  return { db: await getDatabase(), zuora: getZuoraClient(), refresher: getStatusRefresher(), stuckAfterMs: getConfig().stoppingStuckAfterMs };
}

/**
 * One mass action for its page and its GET, with the trail redacted for `role`. Opening a link
 * changes nothing, whoever opens it and from wherever: a key the registry does not know is only
 * read from Zuora (registering it is an operator's POST); null when Zuora does not know it.
 */
export async function getJob(bulkKey: string, role: Role, sources?: JobSources): Promise<JobLookup | null> {
  const { db, zuora, refresher, stuckAfterMs } = sources ?? (await serverSources());
  if (!(await findMassAction(db, bulkKey))) return previewUnregistered(bulkKey, zuora);
  await refresher.refreshDue(FIRST_READ_WAIT_MS);
  const row = await findMassAction(db, bulkKey);
  if (!row) return null;
  return {
    kind: 'registered',
    job: {
      row,
      trail: redactTrailFor(role, await listAuditEventsFor(db, bulkKey)),
      stuckAfterMs,
      zuoraProblem: refresher.currentProblem,
      generatedAt: new Date().toISOString(),
    },
  };
}

async function previewUnregistered(bulkKey: string, zuora: JobSources['zuora']): Promise<JobLookup | null> {
  const readAt = new Date().toISOString();
  try {
    const { state } = await zuora.getMassAction(bulkKey);
    return { kind: 'unregistered', preview: { bulkKey, state: viewOf(state), zuoraProblem: null, readAt } };
  } catch (error) {
    if (!(error instanceof ZuoraError)) throw error;
    if (error.status === 404) return null;
    return { kind: 'unregistered', preview: { bulkKey, state: null, zuoraProblem: error.message, readAt } };
  }
}
