import 'server-only';
import { getConfig } from './config';
import { getDatabase, pingDatabase } from './db/database';
import { getLogger } from './log';
import { getZuoraClient } from './zuora/client';

export type CheckResult = 'ok' | 'failing';

export interface Health {
  status: 'ok' | 'degraded' | 'failing';
  checks: { configuration: CheckResult; database: CheckResult; zuora: CheckResult };
}

async function check(name: string, probe: () => Promise<unknown>): Promise<CheckResult> {
  try {
    await probe();
    return 'ok';
  } catch (error) {
    // The reason goes to the log only: a public probe must not describe the configuration.
    getLogger().warn({ check: name, err: error instanceof Error ? error.message : String(error) }, 'health check failed');
    return 'failing';
  }
}

/**
 * Zuora counts as reachable when a token can be obtained (cached tokens count: they were obtained).
 * During the token provider's back-off after a failure, its last failure is the answer: an anonymous
 * probe never makes a token request that a signed-in caller could not.
 */
export async function checkHealth(): Promise<Health> {
  const configuration = await check('configuration', async () => getConfig());
  if (configuration === 'failing') return { status: 'failing', checks: { configuration, database: 'failing', zuora: 'failing' } };
  const [database, zuora] = await Promise.all([
    check('database', async () => pingDatabase(await getDatabase())),
    check('zuora', () => getZuoraClient().tokens.getToken()),
  ]);
  const status = database === 'failing' ? 'failing' : zuora === 'failing' ? 'degraded' : 'ok';
  return { status, checks: { configuration, database, zuora } };
}
