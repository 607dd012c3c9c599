import 'server-only';
import type { Database } from '../db/database';
import { sql, type Selectable } from 'kysely';
import type { AuditEventsTable } from '../db/schema';
import type { AuditEvent, AuditKind, AuditPage } from './shared/types';

/** Who did something: a signed-in user, or the console itself (observed status changes). */
export interface Actor {
  email: string;
  name?: string | null;
  role?: string | null;
  clientAddress?: string | null;
}

export const SYSTEM_ACTOR: Actor = { email: 'console', name: 'The console', role: null, clientAddress: null };

export interface NewAuditEvent {
  kind: AuditKind;
  summary: string;
  bulkKey?: string | null;
  details?: Record<string, unknown> | null;
  zuora?: { trackId: string | null; requestId: string | null } | null;
  /** The bulk stop it belongs to: the id of the batch's own entry. */
  batchId?: number | null;
}

/** Appends one entry and answers its id; there is deliberately no function that changes or removes one. */
export async function appendAuditEvent(db: Database, actor: Actor, event: NewAuditEvent, at = new Date()): Promise<number> {
  const { id } = await db
    .insertInto('audit_events')
    .values({
      at: at.toISOString(),
      actor_email: actor.email,
      actor_name: actor.name ?? null,
      actor_role: actor.role ?? null,
      client_address: actor.clientAddress ?? null,
      kind: event.kind,
      bulk_key: event.bulkKey ?? null,
      summary: event.summary,
      details: event.details ? JSON.stringify(event.details) : null,
      zuora_track_id: event.zuora?.trackId ?? null,
      zuora_request_id: event.zuora?.requestId ?? null,
      batch_id: event.batchId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export interface AuditFilter {
  actor?: string;
  kind?: AuditKind;
  bulkKey?: string;
  /** A bulk stop: its own entry and its keys' entries. */
  batchId?: number;
  /** Only entries at or after this instant (ISO, as `at` is written). */
  since?: string;
  /** Only entries before this instant (ISO, exclusive). */
  until?: string;
  /** Keyset paging: only entries older than this id. */
  before?: number;
  limit?: number;
}

/** Newest first, filtered by person (email, case-insensitive substring), kind, bulk key and time. */
export async function listAuditEvents(db: Database, filter: AuditFilter = {}): Promise<AuditPage> {
  const limit = Math.min(filter.limit ?? 50, 500);
  let query = db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(limit + 1);
  if (filter.actor) query = query.where(sql<boolean>`lower(actor_email) like ${`%${escapeLike(filter.actor.toLowerCase())}%`} escape '\\'`);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.bulkKey) query = query.where('bulk_key', '=', filter.bulkKey);
  if (filter.batchId) query = query.where((eb) => eb.or([eb('batch_id', '=', filter.batchId!), eb('id', '=', filter.batchId!)]));
  // `at` is always toISOString()'s fixed-width UTC form, so comparing the text compares the instants.
  if (filter.since) query = query.where('at', '>=', filter.since);
  if (filter.until) query = query.where('at', '<', filter.until);
  if (filter.before) query = query.where('id', '<', filter.before);
  const rows = await query.execute();
  const events = rows.slice(0, limit).map(toEvent);
  await addRepeats(db, events);
  return { events, nextBefore: rows.length > limit ? (events.at(-1)?.id ?? null) : null };
}

/** Every entry the filter matches, newest first, a page at a time: for an export, however long the trail. */
export async function* eachAuditEventPage(db: Database, filter: Omit<AuditFilter, 'limit'>, pageSize = 500): AsyncGenerator<AuditEvent[]> {
  let before = filter.before;
  do {
    const page = await listAuditEvents(db, { ...filter, before, limit: pageSize });
    if (page.events.length > 0) yield page.events;
    before = page.nextBefore ?? undefined;
  } while (before !== undefined);
}

/** Failed sign-ins carry the tally of the ones after them in their window (lib/auth/sign-in-events.ts). */
async function addRepeats(db: Database, events: AuditEvent[]): Promise<void> {
  const failed = events.filter((e) => e.kind === 'sign-in-failed');
  if (failed.length === 0) return;
  const tallies = await db.selectFrom('sign_in_tallies').selectAll().where('audit_event_id', 'in', failed.map((e) => e.id)).execute();
  const byEvent = new Map(tallies.map((t) => [t.audit_event_id, t]));
  for (const event of failed) {
    const tally = byEvent.get(event.id);
    if (tally && tally.failed + tally.throttled > 0) event.repeats = { failed: Number(tally.failed), throttled: Number(tally.throttled), lastAt: tally.last_at };
  }
}

/** One mass action's trail, oldest first, for its job page. */
export async function listAuditEventsFor(db: Database, bulkKey: string): Promise<AuditEvent[]> {
  const rows = await db.selectFrom('audit_events').selectAll().where('bulk_key', '=', bulkKey).orderBy('id', 'asc').execute();
  return rows.map(toEvent);
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function toEvent(row: Selectable<AuditEventsTable>): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    actorEmail: row.actor_email,
    actorName: row.actor_name,
    actorRole: row.actor_role,
    clientAddress: row.client_address,
    kind: row.kind as AuditKind,
    bulkKey: row.bulk_key,
    summary: row.summary,
    details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null,
    zuoraTrackId: row.zuora_track_id,
    zuoraRequestId: row.zuora_request_id,
    batchId: row.batch_id,
  };
}
