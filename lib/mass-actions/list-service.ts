import 'server-only';
import { getConfig } from '../config';
import { getDatabase } from '../db/database';
import { getLogger } from '../log';
import { getZuoraClient } from '../zuora/client';
import { checkAutoStop } from './auto-stop/firing';
import { isReadForRule } from './auto-stop/rules';
import { LIST_PAGE_SIZE, type ListQuery } from './shared/list-query';
import { notifyAfterRefresh } from './notify-events';
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
    // Read whether or not anyone watches: mass actions with an auto-stop rule, checked on each read; and,
    // when a webhook is configured, every unfinished one, so a chat hears of an ending nobody was watching.
    readsUnwatched: (row) => getConfig().notifications.webhooks.length > 0 || isReadForRule(row, getConfig().autoStopDefaults),
    afterRefresh: async (db, bulkKey, previous, state) => {
      await checkAutoStop(db, bulkKey, state);
      await notifyAfterRefresh(db, bulkKey, previous, state);
    },
  });
  return globalForRefresher.statusRefresher;
}

/** At server start: rules are checked from now on, with nobody watching and after a restart. */
export function startBackgroundRefreshes(): void {
  getStatusRefresher().startInBackground();
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
