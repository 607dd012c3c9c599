import 'server-only';
import { Migrator, type Kysely, type Migration } from 'kysely';
import * as massActions from './migrations/0001-mass-actions';
import * as auditAndSignIn from './migrations/0002-audit-and-sign-in';
import * as resultFiles from './migrations/0003-result-files';
import * as massActionList from './migrations/0004-mass-action-list';
import * as resultRowBlocks from './migrations/0005-result-row-blocks';
import * as sessionsAndSignInTallies from './migrations/0006-sessions-and-sign-in-tallies';
import * as coordination from './migrations/0007-coordination';
import * as uploadsAndLineage from './migrations/0008-uploads-and-lineage';
import * as stopBatchesAndAutoStop from './migrations/0009-stop-batches-and-auto-stop';
import * as webhookDeliveries from './migrations/0010-webhook-deliveries';

// Listed here rather than read from a folder, so the bundled server carries them. Never change what one
// that shipped does to a database (spelling it for PostgreSQL too is fine): add the next. And never drop
// stored result files: Zuora purges its copy after 7 or 60 days, so the console's may be the last one.
// Several instances starting at once: Kysely's migrator takes a lock (an advisory lock in PostgreSQL),
// one migrates, the others wait and find nothing left to do.
export const migrations: Record<string, Migration> = {
  '0001-mass-actions': massActions,
  '0002-audit-and-sign-in': auditAndSignIn,
  '0003-result-files': resultFiles,
  '0004-mass-action-list': massActionList,
  '0005-result-row-blocks': resultRowBlocks,
  '0006-sessions-and-sign-in-tallies': sessionsAndSignInTallies,
  '0007-coordination': coordination,
  '0008-uploads-and-lineage': uploadsAndLineage,
  '0009-stop-batches-and-auto-stop': stopBatchesAndAutoStop,
  '0010-webhook-deliveries': webhookDeliveries,
};

export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
