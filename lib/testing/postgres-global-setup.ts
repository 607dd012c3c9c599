import { openDatabase } from '../db/database';
import { startPostgresServer } from './postgres-server';
import { TEMPLATE_DATABASE } from './test-databases';
import pg from 'pg';

// vitest's global setup: one throwaway PostgreSQL server for the whole run, with a migrated template
// every test database is copied from (copying is ~10× faster than migrating each one).
export default async function setup(): Promise<() => Promise<void>> {
  const server = await startPostgresServer();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  const template = await openDatabase({ kind: 'postgres', url: server.urlFor(TEMPLATE_DATABASE), poolSize: 1 });
  await template.destroy();
  // Inherited by the test processes vitest forks after this, and by the processes tests spawn.
  process.env.CONSOLE_TEST_POSTGRES_URL = server.url;
  return () => server.stop();
}
