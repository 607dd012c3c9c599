import 'server-only';
import type { CompiledQuery, Kysely } from 'kysely';
import type { DatabaseSchema } from '../db/schema';

const ROWS_PER_STATEMENT = 500;
const templates = new Map<string, CompiledQuery>();

/**
 * The import's fast path: multi-row INSERTs that Kysely compiles once per shape and that are then
 * reused with fresh parameters, since compiling 500,000 rows costs more than storing them. Still
 * portable (Kysely writes each dialect's placeholders); on PostgreSQL the faster path would be
 * COPY … FROM STDIN (pg-copy-streams) into the same tables.
 */
export async function insertMany<T extends keyof DatabaseSchema & string>(
  db: Kysely<DatabaseSchema>,
  table: T,
  columns: readonly (keyof DatabaseSchema[T] & string)[],
  /** Row after row, each row's values in the order of `columns`. */
  values: unknown[],
): Promise<void> {
  const perStatement = ROWS_PER_STATEMENT * columns.length;
  for (let at = 0; at < values.length; at += perStatement) {
    const parameters = values.slice(at, at + perStatement);
    await db.executeQuery({ ...template(db, table, columns, parameters.length / columns.length), parameters });
  }
}

function template(db: Kysely<DatabaseSchema>, table: string, columns: readonly string[], rowCount: number): CompiledQuery {
  const key = `${db.getExecutor().adapter.constructor.name}|${table}|${columns.join()}|${rowCount}`;
  let compiled = templates.get(key);
  if (!compiled) {
    // Placeholder values only fix the statement's shape: one row, its columns in this order, per row.
    const row = Object.fromEntries(columns.map((column) => [column, 0]));
    compiled = (db as unknown as Kysely<Record<string, Record<string, unknown>>>)
      .insertInto(table)
      .values(Array.from({ length: rowCount }, () => row))
      .compile();
    if (compiled.parameters.length !== rowCount * columns.length) throw new Error(`Unexpected insert shape for ${table}.`);
    templates.set(key, compiled);
  }
  return compiled;
}
