import 'server-only';
import { PostgresAdapter, type Kysely } from 'kysely';

// The few places where SQLite and PostgreSQL need different SQL ask here, not by sniffing errors.

export type DatabaseKind = 'sqlite' | 'postgres';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: only the adapter is looked at
type AnyKysely = Kysely<any>;

export function databaseKindOf(db: AnyKysely): DatabaseKind {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

export function isPostgres(db: AnyKysely): boolean {
  return databaseKindOf(db) === 'postgres';
}
