import 'server-only';
import { listAuditEventsFor } from '../audit/audit-trail';
import { redactTrailFor } from '../audit/trail-redaction';
import type { Role } from '../auth/shared/roles';
import { getConfig } from '../config';
import { getDatabase, type Database } from '../db/database';
import { ApiError } from '../api/api-error';
import { ZuoraError } from '../zuora/errors';
import { getChain } from './chain-service';
import { getStatusRefresher } from './list-service';
import { findMassAction, viewOf } from './registry';
import type { JobView, UnregisteredJobView } from './shared/job-types';
import type { StatusRefresher } from './status-refresher';
import { getMassActionLookups, PREVIEW_BUDGET, type MassActionLookups, type Payer } from './zuora-lookups';

// How long a job page waits for a mass action never read from Zuora, or gone stale, before answering without it.
const FIRST_READ_WAIT_MS = 1500;

export type JobLookup =
  | { kind: 'registered'; job: JobView }
  /** `retryAfterSeconds`: Zuora was not asked, the person's lookup budget being spent (zuora-lookups.ts). */
  | { kind: 'unregistered'; preview: UnregisteredJobView; retryAfterSeconds?: number };

/** Who is looking: their role decides what of the trail they see, their identity whose budget pays. */
export interface Viewer {
  role: Role;
  email: string;
}

/** Where a job is read from; the defaults are the server's own, tests pass theirs. */
export interface JobSources {
  db: Database;
  lookups: MassActionLookups;
  refresher: Pick<StatusRefresher, 'refreshDue' | 'currentProblem'>;
  stuckAfterMs: number;
}

async function serverSources(): Promise<JobSources> {
  return { db: await getDatabase(), lookups: getMassActionLookups(), refresher: getStatusRefresher(), stuckAfterMs: getConfig().stoppingStuckAfterMs };
}

/**
 * One mass action for its page and its GET, with the trail redacted for `role`. Opening a link
 * changes nothing, whoever opens it and from wherever: a key the registry does not know is only
 * read from Zuora (registering it is an operator's POST); null when Zuora does not know it.
 */
export async function getJob(bulkKey: string, viewer: Viewer, sources?: JobSources): Promise<JobLookup | null> {
  const { db, lookups, refresher, stuckAfterMs } = sources ?? (await serverSources());
  if (!(await findMassAction(db, bulkKey))) return previewUnregistered(bulkKey, { db, who: viewer.email, budget: PREVIEW_BUDGET }, lookups);
  await refresher.refreshDue(FIRST_READ_WAIT_MS);
  const row = await findMassAction(db, bulkKey);
  if (!row) return null;
  return {
    kind: 'registered',
    job: {
      row,
      chain: await getChain(db, bulkKey),
      trail: redactTrailFor(viewer.role, await listAuditEventsFor(db, bulkKey)),
      stuckAfterMs,
      zuoraProblem: refresher.currentProblem,
      generatedAt: new Date().toISOString(),
    },
  };
}

async function previewUnregistered(bulkKey: string, payer: Payer, lookups: MassActionLookups): Promise<JobLookup | null> {
  const readAt = new Date().toISOString();
  try {
    // Charged only when it takes a call: opening a key someone is already looking up costs nothing.
    const { state } = await lookups.lookUp(bulkKey, payer);
    return { kind: 'unregistered', preview: { bulkKey, state: viewOf(state), zuoraProblem: null, readAt } };
  } catch (error) {
    if (error instanceof ApiError && error.retryAfterSeconds !== null) {
      return { kind: 'unregistered', preview: { bulkKey, state: null, zuoraProblem: error.message, readAt }, retryAfterSeconds: error.retryAfterSeconds };
    }
    if (!(error instanceof ZuoraError)) throw error;
    if (error.status === 404) return null;
    return { kind: 'unregistered', preview: { bulkKey, state: null, zuoraProblem: error.message, readAt } };
  }
}
