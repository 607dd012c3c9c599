import { sql, type ColumnDefinitionBuilder, type Kysely, type RawBuilder } from 'kysely';
import { isPostgres } from '../dialect';

// What the migrations spell differently on the two databases. SQLite gets exactly the SQL it always
// got, so a file migrated before PostgreSQL was supported is the same as one migrated now.

/** An integer id the database numbers: `autoincrement` in SQLite, an identity column in PostgreSQL. */
export function autoId(db: Kysely<unknown>): (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  return isPostgres(db) ? (c) => c.primaryKey().generatedByDefaultAsIdentity() : (c) => c.primaryKey().autoIncrement();
}

/** Bytes: `blob` in SQLite, `bytea` in PostgreSQL. */
export function binary(db: Kysely<unknown>): 'blob' | RawBuilder<unknown> {
  return isPostgres(db) ? sql`bytea` : 'blob';
}
