import 'server-only';
import { sql, type Selectable } from 'kysely';
import type { Database } from '../db/database';
import { isPostgres } from '../db/dialect';
import type { MassActionsTable } from '../db/schema';
import type { ListQuery, ListTab } from './shared/list-query';
import { LIST_PAGE_SIZE } from './shared/list-query';
import type { MassActionStatus } from './shared/status';
import type { LineageMember, MassActionRow, MassActionState, MassActionView, RegisteredVia } from './shared/types';

export interface Registration {
  bulkKey: string;
  label: string | null;
  registeredBy: string;
  via: RegisteredVia;
}

type Row = Selectable<MassActionsTable>;

/** Registers a bulk key the console will follow; a key already known is left as it was. */
export async function registerMassAction(db: Database, registration: Registration, now = new Date()): Promise<'registered' | 'already_known'> {
  const result = await db
    .insertInto('mass_actions')
    .values({
      bulk_key: registration.bulkKey, label: registration.label, registered_by: registration.registeredBy,
      registered_via: registration.via, registered_at: now.toISOString(),
      status: null, snapshot: null, refreshed_at: null, refresh_error: null,
      action_type: null, uploaded_by: null, uploaded_on: null, stopping_since: null, rate_per_second: null,
    })
    .onConflict((oc) => oc.column('bulk_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0 ? 'registered' : 'already_known';
}

export async function findMassAction(db: Database, bulkKey: string): Promise<MassActionRow | null> {
  const row = await db.selectFrom('mass_actions').selectAll().where('bulk_key', '=', bulkKey).executeTakeFirst();
  return row ? toRow(row) : null;
}

/** Zuora's last answer for one key, the result file's address included (server-side only). */
export async function findMassActions(db: Database, bulkKeys: string[]): Promise<MassActionRow[]> {
  if (bulkKeys.length === 0) return [];
  const rows = await db.selectFrom('mass_actions').selectAll().where('bulk_key', 'in', bulkKeys).execute();
  return rows.map(toRow);
}

export async function findSnapshot(db: Database, bulkKey: string): Promise<MassActionState | null> {
  const row = await db.selectFrom('mass_actions').select('snapshot').where('bulk_key', '=', bulkKey).executeTakeFirst();
  return row ? readSnapshot(row) : null;
}

/** The mass actions the refresher must follow: not known to be finished. */
export interface UnfinishedRow {
  bulkKey: string;
  refreshedAt: string | null;
  status: MassActionStatus | null;
  /** Zuora's action type once read: its AUTO_STOP_DEFAULTS entry may give the mass action a rule. */
  actionType: string | null;
  /**
   * Its own auto-stop rule: 'active' (conditions set; fired or not, it is followed until finished),
   * 'inactive' (an operator chose no rule: a default no longer applies), null (none of its own: its
   * action type's default applies, if there is one).
   */
  ownAutoStop: 'active' | 'inactive' | null;
}

export async function listUnfinished(db: Database): Promise<UnfinishedRow[]> {
  const rows = await db
    .selectFrom('mass_actions')
    .leftJoin('auto_stop_rules', 'auto_stop_rules.bulk_key', 'mass_actions.bulk_key')
    .select([
      'mass_actions.bulk_key', 'mass_actions.refreshed_at', 'mass_actions.status', 'mass_actions.action_type',
      'auto_stop_rules.bulk_key as rule_key', 'auto_stop_rules.after_processed', 'auto_stop_rules.failed_above',
    ])
    .where((eb) => eb.or([eb('mass_actions.status', 'is', null), eb('mass_actions.status', 'in', ['Pending', 'Processing', 'Stopping'])]))
    .execute();
  return rows.map((r) => ({
    bulkKey: r.bulk_key, refreshedAt: r.refreshed_at, status: r.status as MassActionStatus | null, actionType: r.action_type,
    ownAutoStop: r.rule_key === null ? null : r.after_processed !== null || r.failed_above !== null ? 'active' : 'inactive',
  }));
}

const TAB_STATUSES: Record<Exclude<ListTab, 'all' | 'active'>, MassActionStatus> = { completed: 'Completed', stopped: 'Stopped', failed: 'Failed' };

const SORT_COLUMNS = {
  registered: 'registered_at', uploaded: 'uploaded_on', status: 'status', label: 'label', actionType: 'action_type',
} as const;

// What is missing sorts as the smallest value, as SQLite has it (PostgreSQL's default is the largest),
// and a label in byte order, as SQLite has it, whatever the PostgreSQL database's collation: the same
// list on both. The other columns are identifiers and fixed-width times, ordered alike by any collation.
function sortExpression(db: Database, sort: ListQuery['sort']) {
  const column = sql.ref(SORT_COLUMNS[sort]);
  return sort === 'label' && isPostgres(db) ? sql`${column} collate "C"` : column;
}

/** The list's search: a case-insensitive substring of the key, label, action type or uploader. */
function searched(db: Database, q: string) {
  const all = db.selectFrom('mass_actions');
  if (!q) return all;
  const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const like = (column: string) => sql<boolean>`lower(coalesce(${sql.ref(column)}, '')) like ${pattern} escape '\\'`;
  return all.where((eb) => eb.or([like('bulk_key'), like('label'), like('action_type'), like('uploaded_by')]));
}

function inTab(db: Database, query: Pick<ListQuery, 'tab' | 'q'>) {
  const rows = searched(db, query.q).selectAll();
  if (query.tab === 'active') return rows.where((eb) => eb.or([eb('status', 'is', null), eb('status', 'in', ['Pending', 'Processing', 'Stopping'])]));
  if (query.tab !== 'all') return rows.where('status', '=', TAB_STATUSES[query.tab]);
  return rows;
}

/** What the list shows for a tab and search that may still be stopped (or was never read), over all its pages: a bulk stop of what a filter matches. At most `limit`, oldest first. */
export async function listStoppableMatching(db: Database, query: Pick<ListQuery, 'tab' | 'q'>, limit: number): Promise<MassActionRow[]> {
  const rows = await inTab(db, query)
    .where((eb) => eb.or([eb('status', 'is', null), eb('status', 'in', ['Pending', 'Processing'])]))
    .orderBy('registered_at').orderBy('bulk_key').limit(limit).execute();
  return rows.map(toRow);
}

export async function listMassActions(db: Database, query: ListQuery): Promise<{ items: MassActionRow[]; total: number; counts: Record<ListTab, number> }> {
  const filtered = searched(db, query.q);
  const byStatus = await filtered.select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const counts: Record<ListTab, number> = { active: 0, completed: 0, stopped: 0, failed: 0, all: 0 };
  for (const { status, n } of byStatus) {
    const count = Number(n);
    counts.all += count;
    const tab = (Object.keys(TAB_STATUSES) as (keyof typeof TAB_STATUSES)[]).find((t) => TAB_STATUSES[t] === status) ?? 'active';
    counts[tab] += count;
  }

  const page = await inTab(db, query)
    .orderBy(sortExpression(db, query.sort), (ob) => (query.dir === 'asc' ? ob.asc().nullsFirst() : ob.desc().nullsLast()))
    .orderBy('bulk_key', query.dir)
    .limit(LIST_PAGE_SIZE)
    .offset((query.page - 1) * LIST_PAGE_SIZE)
    .execute();
  return { items: await withLineage(db, page.map(toRow), page), total: query.tab === 'all' ? counts.all : counts[query.tab], counts };
}

/** Stores what Zuora said; answers the status seen before, so a change can go into the audit trail. */
export async function recordRefresh(db: Database, bulkKey: string, state: MassActionState, at: Date): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('mass_actions').selectAll().where('bulk_key', '=', bulkKey).executeTakeFirst();
    await trx
      .updateTable('mass_actions')
      .set({
        status: state.status, snapshot: JSON.stringify(state), refreshed_at: at.toISOString(), refresh_error: null,
        action_type: state.actionType, uploaded_by: state.uploadedBy, uploaded_on: state.uploadedOn,
        stopping_since: state.status === 'Stopping' ? (before?.stopping_since ?? at.toISOString()) : null,
        rate_per_second: state.status === 'Processing' ? nextRate(before, state, at) : null,
      })
      .where('bulk_key', '=', bulkKey)
      .execute();
    return before?.status ?? null;
  });
}

// Smoothed so one slow refresh does not swing the time left wildly.
function nextRate(before: Row | undefined, state: MassActionState, at: Date): number | null {
  const previous = before ? readSnapshot(before) : null;
  if (!before?.refreshed_at || previous?.status !== 'Processing' || previous.processedCount == null || state.processedCount == null) return before?.rate_per_second ?? null;
  const seconds = (at.getTime() - Date.parse(before.refreshed_at)) / 1000;
  if (seconds <= 0) return before.rate_per_second;
  const instant = Math.max(0, state.processedCount - previous.processedCount) / seconds;
  return before.rate_per_second == null ? instant : 0.5 * before.rate_per_second + 0.5 * instant;
}

/** Right after Zuora accepted a stop: show Stopping at once, and start the watchdog's clock. */
export async function recordStopAccepted(db: Database, bulkKey: string, at: Date): Promise<void> {
  const row = await db.selectFrom('mass_actions').selectAll().where('bulk_key', '=', bulkKey).executeTakeFirst();
  const snapshot = row ? readSnapshot(row) : null;
  await db
    .updateTable('mass_actions')
    .set({
      status: 'Stopping', stopping_since: row?.stopping_since ?? at.toISOString(), rate_per_second: null,
      snapshot: snapshot ? JSON.stringify({ ...snapshot, status: 'Stopping' }) : null,
    })
    .where('bulk_key', '=', bulkKey)
    .execute();
}

export async function recordRefreshError(db: Database, bulkKey: string, message: string): Promise<void> {
  await db.updateTable('mass_actions').set({ refresh_error: message }).where('bulk_key', '=', bulkKey).execute();
}

/** The demo's sandbox forgets its mass actions when it stops, so each demo run replaces the previous run's keys. */
export async function forgetDemoRegistrations(db: Database): Promise<number> {
  const result = await db.deleteFrom('mass_actions').where('registered_via', '=', 'demo').executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Zuora's state as the browser may see it: the result file's address stays on the server. */
export function viewOf({ outputUrl, ...rest }: MassActionState): MassActionView {
  return { ...rest, hasResultFile: outputUrl != null };
}

export function readSnapshot(row: Pick<MassActionsTable, 'snapshot'>): MassActionState | null {
  return row.snapshot ? (JSON.parse(row.snapshot) as MassActionState) : null;
}

function toRow(row: Row): MassActionRow {
  const state = readSnapshot(row);
  return {
    bulkKey: row.bulk_key,
    label: row.label,
    registeredBy: row.registered_by,
    registeredVia: row.registered_via as RegisteredVia,
    registeredAt: row.registered_at,
    state: state && viewOf(state),
    refreshedAt: row.refreshed_at,
    refreshError: row.refresh_error,
    ratePerSecond: row.rate_per_second,
    stoppingSince: row.stopping_since,
  };
}

/** The statuses of the given keys, as recorded (by any console instance). */
export async function listStatuses(db: Database, bulkKeys: string[]): Promise<{ bulkKey: string; status: MassActionStatus | null }[]> {
  if (bulkKeys.length === 0) return [];
  const rows = await db.selectFrom('mass_actions').select(['bulk_key', 'status']).where('bulk_key', 'in', bulkKeys).execute();
  return rows.map((r) => ({ bulkKey: r.bulk_key, status: r.status as MassActionStatus | null }));
}

/** Each listed row's parent and children (one query each way for the page): a chain shown on its line. */
async function withLineage(db: Database, items: MassActionRow[], rows: Row[]): Promise<MassActionRow[]> {
  const keys = rows.map((r) => r.bulk_key);
  const parentKeys = [...new Set(rows.map((r) => r.parent_bulk_key).filter((k): k is string => k !== null))];
  if (keys.length === 0) return items;
  const pick = ['bulk_key', 'label', 'status', 'relation', 'part_index', 'part_count', 'parent_bulk_key', 'registered_at'] as const;
  const [children, parents] = await Promise.all([
    db.selectFrom('mass_actions').select(pick).where('parent_bulk_key', 'in', keys).orderBy('registered_at').orderBy('part_index').execute(),
    parentKeys.length ? db.selectFrom('mass_actions').select(pick).where('bulk_key', 'in', parentKeys).execute() : Promise.resolve([]),
  ]);
  const member = (r: (typeof children)[number]): LineageMember => ({
    bulkKey: r.bulk_key, label: r.label, status: r.status as MassActionStatus | null, relation: r.relation === 'rest' ? 'rest' : 'retry', partIndex: r.part_index, partCount: r.part_count,
  });
  const parentsByKey = new Map(parents.map((p) => [p.bulk_key, p]));
  return items.map((item, i) => {
    const row = rows[i]!;
    const parent = row.parent_bulk_key ? parentsByKey.get(row.parent_bulk_key) : undefined;
    const ownChildren = children.filter((c) => c.parent_bulk_key === item.bulkKey).map(member);
    if (!parent && ownChildren.length === 0) return item;
    return {
      ...item,
      lineage: {
        parent: parent ? { bulkKey: parent.bulk_key, label: parent.label, status: parent.status as MassActionStatus | null, relation: row.relation === 'rest' ? 'rest' : 'retry', partIndex: row.part_index, partCount: row.part_count } : null,
        children: ownChildren,
      },
    };
  });
}
