import 'server-only';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Database } from './database';

// Leases in the database: how console instances sharing it take turns without talking to each other.
// Taking one is a single INSERT … ON CONFLICT DO UPDATE … WHERE the lease is free, so of any number
// of instances asking at once exactly one gets it (SQLite serialises writers; PostgreSQL re-checks the
// WHERE on the row the winner wrote). A holder that dies simply lets its lease run out.

/** This process, as lease owner: host, pid and a random part (a pid can be reused). */
export const INSTANCE_ID = `${os.hostname()}|${process.pid}|${randomUUID().slice(0, 8)}`;

/** Takes `name` until `now + holdMs` when it is free (or already ours); true when taken. */
export async function tryTakeLease(db: Database, name: string, holdMs: number, options: { owner?: string; now?: number } = {}): Promise<boolean> {
  const owner = options.owner ?? INSTANCE_ID;
  const now = options.now ?? Date.now();
  const taken = await db
    .insertInto('leases')
    .values({ name, owner, until_ms: now + holdMs, note: null, noted_at_ms: null })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet({ owner, until_ms: now + holdMs }).where((eb) => eb.or([eb('leases.until_ms', '<=', now), eb('leases.owner', '=', owner)])),
    )
    .returning('name')
    .executeTakeFirst();
  return taken !== undefined;
}

/** Lets go of a lease held by `owner`, leaving `note` for whoever reads it next. */
export async function releaseLease(db: Database, name: string, note: string | null, options: { owner?: string; now?: number } = {}): Promise<void> {
  const now = options.now ?? Date.now();
  await db.updateTable('leases').set({ until_ms: now, note, noted_at_ms: note === null ? null : now }).where('name', '=', name).where('owner', '=', options.owner ?? INSTANCE_ID).execute();
}

export interface Lease {
  owner: string;
  untilMs: number;
  note: string | null;
  notedAtMs: number | null;
}

export async function readLease(db: Database, name: string): Promise<Lease | null> {
  const row = await db.selectFrom('leases').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? { owner: row.owner, untilMs: Number(row.until_ms), note: row.note, notedAtMs: row.noted_at_ms === null ? null : Number(row.noted_at_ms) } : null;
}

/** Holds `name` until at least `untilMs`, whoever held it, never shortening it: a pause all instances honour. */
export async function extendLeaseUntil(db: Database, name: string, untilMs: number, options: { owner?: string } = {}): Promise<void> {
  const owner = options.owner ?? INSTANCE_ID;
  await db
    .insertInto('leases')
    .values({ name, owner, until_ms: untilMs, note: null, noted_at_ms: null })
    .onConflict((oc) => oc.column('name').doUpdateSet({ owner, until_ms: untilMs }).where('leases.until_ms', '<', untilMs))
    .execute();
}

/** The later of `now` and when `name` is held until: a pause's end. */
export async function heldUntil(db: Database, name: string): Promise<number> {
  const row = await db.selectFrom('leases').select('until_ms').where('name', '=', name).executeTakeFirst();
  return row ? Number(row.until_ms) : 0;
}

/** Frees `name` whoever holds it: the next to ask gets it (a stop makes the 1 s Stopping pace start now). */
export async function freeLease(db: Database, name: string, now = Date.now()): Promise<void> {
  await db.updateTable('leases').set({ until_ms: now }).where('name', '=', name).where('until_ms', '>', now).execute();
}
