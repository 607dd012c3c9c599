import 'server-only';
import { getConfig } from '../config';
import { getDatabase } from '../db/database';
import { getLogger } from '../log';
import { getZuoraClient } from '../zuora/client';
import { LIST_PAGE_SIZE, type ListQuery } from './shared/list-query';
import { listMassActions } from './registry';
import { StatusRefresher } from './status-refresher';
import type { MassActionList } from './shared/types';

// How long a list request waits for mass actions never read from Zuora, or gone stale, before answering without them.
const FIRST_READ_WAIT_MS = 1500;

const globalForRefresher = globalThis as unknown as { statusRefresher?: StatusRefresher };

export function getStatusRefresher(): StatusRefresher {
  globalForRefresher.statusRefresher ??= new StatusRefresher({
    db: getDatabase,
    client: getZuoraClient(),
    intervalMs: getConfig().refreshIntervalMs,
    logger: getLogger().child({ component: 'refresher' }),
  });
  return globalForRefresher.statusRefresher;
}

export async function getMassActionList(query: ListQuery): Promise<MassActionList> {
  const db = await getDatabase();
  const refresher = getStatusRefresher();
  await refresher.refreshDue(FIRST_READ_WAIT_MS);
  const { items, total, counts } = await listMassActions(db, query);
  return {
    items, total, counts, pageSize: LIST_PAGE_SIZE,
    stuckAfterMs: getConfig().stoppingStuckAfterMs,
    zuoraProblem: refresher.currentProblem,
    generatedAt: new Date().toISOString(),
  };
}
