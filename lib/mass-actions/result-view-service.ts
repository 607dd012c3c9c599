import 'server-only';
import { appendAuditEvent, listAuditEventsFor, type Actor } from '../audit/audit-trail';
import { getConfig } from '../config';
import { getDatabase } from '../db/database';
import { compareWithZuora, getOutcomeCounts, getResultFileImporter, locateRow, queryRows, ResultFileError } from '../result-files';
import type { RowsQuery } from '../result-files/shared/types';
import type { ResultView } from '../result-files/shared/view-types';
import { findSnapshot } from './registry';
import { isTerminal } from './shared/status';

/**
 * The result section of a job page: imports the file on first view (once; later views read the
 * database), then answers the requested slice of rows with counts checked against Zuora's.
 */
export async function getResultView(bulkKey: string, query: RowsQuery, rowNumber: number | null, actor: Actor): Promise<ResultView | null> {
  const db = await getDatabase();
  const state = await findSnapshot(db, bulkKey);
  if (!state) return null;
  const empty = { status: null, counts: null, check: null, rows: null, location: null };
  if (!isTerminal(state.status)) return { availability: 'waiting', message: 'The result file exists once the mass action is Completed or Stopped.', ...empty };
  if (!state.outputUrl) {
    const message = state.status === 'Failed' ? 'The mass action failed as a whole; Zuora produced no result file.' : 'Zuora produced no result file (stopped before any row was processed).';
    return { availability: 'none', message, ...empty };
  }

  const status = await getResultFileImporter(getConfig().resultFileLimits).ensure({ bulkKey, actionType: state.actionType, outputUrl: state.outputUrl });
  if (status.state === 'failed' && status.failure.code === 'foreign_host') await recordRefusal(bulkKey, status.failure.message, actor);
  if (status.state !== 'ready' && status.state !== 'importing') return { availability: 'file', message: null, ...empty, status };

  const location = rowNumber ? await locateRow(db, bulkKey, rowNumber, query) : null;
  const view = { ...query, page: location?.page ?? query.page };
  try {
    // One after the other: the counts reuse the match list the rows query just cached for this search or error filter.
    const rows = await queryRows(db, bulkKey, view);
    const counts = await getOutcomeCounts(db, bulkKey, query);
    const check = status.state === 'ready' ? compareWithZuora(status.counts, state) : null;
    return { availability: 'file', message: null, status, counts, check, rows, location };
  } catch (error) {
    // Nothing readable yet (the first batch of an import is still on its way).
    if (error instanceof ResultFileError && error.code === 'not_ready') return { availability: 'file', message: null, ...empty, status };
    throw error;
  }
}

async function recordRefusal(bulkKey: string, message: string, actor: Actor): Promise<void> {
  const db = await getDatabase();
  const trail = await listAuditEventsFor(db, bulkKey);
  if (trail.some((event) => event.kind === 'file-refused')) return;
  await appendAuditEvent(db, actor, { kind: 'file-refused', bulkKey, summary: `Result file refused: ${message}`, details: { message } });
}
