import 'server-only';
import { getConfig } from '../config';
import { getDatabase } from '../db/database';
import { getLogger } from '../log';
import { getZuoraClient } from '../zuora/client';
import { listRegisteredMassActions } from './registry';
import { StatusRefresher } from './status-refresher';
import type { MassActionList } from './types';

// How long a list request waits for due refreshes before answering with what the database holds.
const REFRESH_WAIT_MS = 1500;

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

export async function getMassActionList(): Promise<MassActionList> {
  const db = await getDatabase();
  const refresher = getStatusRefresher();
  await refresher.refreshStale(await listRegisteredMassActions(db), REFRESH_WAIT_MS);
  return { items: await listRegisteredMassActions(db), zuoraProblem: refresher.currentProblem, generatedAt: new Date().toISOString() };
}
