import 'server-only';
import type { Database } from '../db/database';
import { readRowOutcomes } from '../result-files/read/row-outcomes';
import { summarizeChain, type ChainMember } from '../uploads/chain-summary';
import type { ChainMemberView, ChainRelation, ChainView } from './shared/chain-types';
import type { MassActionState } from './shared/types';
import type { MassActionStatus } from './shared/status';

// The chain a mass action belongs to: from its original upload, every mass action started from
// another (the rest of a stopped one and its parts, retries of failed rows), and across them where the
// original's rows stand. The rows of each member are the fingerprints the console kept of its upload
// (upload-guard.ts), their outcomes its imported result file's.

const MAX_DEPTH = 50;
const MAX_MEMBERS = 200;

type Row = { bulk_key: string; label: string | null; status: string | null; snapshot: string | null; parent_bulk_key: string | null; relation: string | null; part_index: number | null; part_count: number | null; upload_id: number | null };

/** Null when the mass action stands alone (started from nothing, nothing started from it). */
export async function getChain(db: Database, bulkKey: string): Promise<ChainView | null> {
  const select = () => db.selectFrom('mass_actions').select(['bulk_key', 'label', 'status', 'snapshot', 'parent_bulk_key', 'relation', 'part_index', 'part_count', 'upload_id']);
  let root = await select().where('bulk_key', '=', bulkKey).executeTakeFirst();
  for (let depth = 0; root?.parent_bulk_key && depth < MAX_DEPTH; depth++) {
    const parent = await select().where('bulk_key', '=', root.parent_bulk_key).executeTakeFirst();
    if (!parent) break;
    root = parent;
  }
  if (!root) return null;
  // Parents before children, siblings in the order they were started (parts by number).
  const ordered: { row: Row; depth: number }[] = [{ row: root, depth: 0 }];
  for (let i = 0; i < ordered.length && ordered.length < MAX_MEMBERS; i++) {
    const children = await select().where('parent_bulk_key', '=', ordered[i]!.row.bulk_key).orderBy('registered_at').orderBy('part_index').execute();
    ordered.push(...children.map((row) => ({ row, depth: ordered[i]!.depth + 1 })));
  }
  if (ordered.length === 1) return null;
  const members = ordered.map(({ row, depth }) => memberView(row, depth));
  return { members, ...(await summary(db, ordered.map((o) => o.row))) };
}

function memberView(row: Row, depth: number): ChainMemberView {
  const state = row.snapshot ? (JSON.parse(row.snapshot) as MassActionState) : null;
  const relation: ChainRelation = depth === 0 ? 'original' : row.relation === 'rest' ? 'rest' : 'retry';
  return {
    bulkKey: row.bulk_key, label: row.label, status: row.status as MassActionStatus | null, relation, parentBulkKey: depth === 0 ? null : row.parent_bulk_key,
    partIndex: row.part_index, partCount: row.part_count, totalCount: state?.totalCount ?? null, processedCount: state?.processedCount ?? null, depth,
  };
}

async function summary(db: Database, rows: Row[]): Promise<Pick<ChainView, 'summary' | 'whyNoSummary'>> {
  const outside = rows.find((row) => row.upload_id === null);
  if (outside) return { summary: null, whyNoSummary: `${outside.label ?? outside.bulk_key} was not started in the console, so the console does not know which rows it ran; open each mass action for its own counts.` };
  const fingerprintsOf = async (uploadId: number) =>
    (await db.selectFrom('upload_row_fingerprints').select('fingerprint').where('upload_id', '=', uploadId).orderBy('row_number').execute()).map((r) => String(r.fingerprint));
  const index = new Map(rows.map((row, i) => [row.bulk_key, i]));
  let pendingMembers = 0;
  const members: ChainMember[] = [];
  for (const [i, row] of rows.entries()) {
    const fingerprints = await fingerprintsOf(row.upload_id!);
    const outcomes = await readRowOutcomes(db, row.bulk_key);
    if (!outcomes) pendingMembers += row.status === 'Failed' ? 0 : 1;
    const parent = i === 0 ? undefined : index.get(row.parent_bulk_key ?? '');
    const source = i === 0 || parent === undefined ? ({ from: 'original' } as const) : { from: row.relation === 'rest' ? ('rest' as const) : ('retry' as const), member: parent };
    members.push({ source, fingerprints, outcomes: outcomes && outcomes.length === fingerprints.length ? outcomes : fingerprints.map(() => 'not_processed' as const) });
  }
  const original = members[0]!.fingerprints;
  const result = summarizeChain(original, members);
  return { summary: { total: result.total, succeeded: result.succeeded, failed: result.failed, notProcessed: result.notProcessed, pendingMembers }, whyNoSummary: null };
}
