import 'server-only';
import type { Database } from '../db/database';
import type { MassActionsTable } from '../db/schema';
import type { MassActionRow, MassActionState, RegisteredVia } from './types';

export interface Registration {
  bulkKey: string;
  label: string | null;
  registeredBy: string;
  via: RegisteredVia;
}

/** Registers a bulk key the console will follow; a key already known is left as it was. */
export async function registerMassAction(db: Database, registration: Registration, now = new Date()): Promise<'registered' | 'already_known'> {
  const result = await db
    .insertInto('mass_actions')
    .values({
      bulk_key: registration.bulkKey,
      label: registration.label,
      registered_by: registration.registeredBy,
      registered_via: registration.via,
      registered_at: now.toISOString(),
      status: null, snapshot: null, refreshed_at: null, refresh_error: null,
    })
    .onConflict((oc) => oc.column('bulk_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0 ? 'registered' : 'already_known';
}

export async function listRegisteredMassActions(db: Database): Promise<MassActionRow[]> {
  const rows = await db.selectFrom('mass_actions').selectAll().orderBy('registered_at', 'desc').orderBy('bulk_key').execute();
  return rows.map(toRow);
}

/** Stores what Zuora said; answers the status seen before, so a change can be put in the audit trail. */
export async function recordRefresh(db: Database, bulkKey: string, state: MassActionState, at: Date): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('mass_actions').select('status').where('bulk_key', '=', bulkKey).executeTakeFirst();
    await trx
      .updateTable('mass_actions')
      .set({ status: state.status, snapshot: JSON.stringify(state), refreshed_at: at.toISOString(), refresh_error: null })
      .where('bulk_key', '=', bulkKey)
      .execute();
    return before?.status ?? null;
  });
}

export async function recordRefreshError(db: Database, bulkKey: string, message: string): Promise<void> {
  await db.updateTable('mass_actions').set({ refresh_error: message }).where('bulk_key', '=', bulkKey).execute();
}

/** The demo's sandbox forgets its mass actions when it stops, so each demo run replaces the previous run's keys. */
export async function forgetDemoRegistrations(db: Database): Promise<number> {
  const result = await db.deleteFrom('mass_actions').where('registered_via', '=', 'demo').executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function readSnapshot(row: Pick<MassActionsTable, 'snapshot'>): MassActionState | null {
  return row.snapshot ? (JSON.parse(row.snapshot) as MassActionState) : null;
}

function toRow(row: MassActionsTable): MassActionRow {
  const state = readSnapshot(row);
  return {
    bulkKey: row.bulk_key,
    label: row.label,
    registeredBy: row.registered_by,
    registeredVia: row.registered_via as RegisteredVia,
    registeredAt: row.registered_at,
    state: state && (({ outputUrl, ...rest }) => ({ ...rest, hasResultFile: outputUrl != null }))(state),
    refreshedAt: row.refreshed_at,
    refreshError: row.refresh_error,
  };
}
