// The chain's and the rest's sentences, kept apart from the components so they read (and are tested) as words.
import type { ChainMemberView, ChainSummaryView } from '@/lib/mass-actions/shared/chain-types';
import { relationWords } from '@/lib/mass-actions/shared/lineage-words';
import type { EnvironmentInfo } from '@/lib/shared/environment-info';
import { formatCount, formatCountOf } from '@/lib/shared/format';
import { capitalise } from '@/lib/shared/format';

/**
 * The members as a tree reads, top to bottom: each one directly under the one it was started from,
 * siblings in the order the server gives them (started first, parts by number). The server lists
 * them level by level, which puts a retry of part 1 after part 2. One whose parent is not in the
 * list comes last, as it was.
 */
export function orderChainMembers(members: readonly ChainMemberView[]): ChainMemberView[] {
  const keys = new Set(members.map((m) => m.bulkKey));
  const childrenOf = new Map<string, ChainMemberView[]>();
  const roots: ChainMemberView[] = [];
  for (const member of members) {
    if (member.parentBulkKey && keys.has(member.parentBulkKey) && member.parentBulkKey !== member.bulkKey) {
      childrenOf.set(member.parentBulkKey, [...(childrenOf.get(member.parentBulkKey) ?? []), member]);
    } else {
      roots.push(member);
    }
  }
  const ordered: ChainMemberView[] = [];
  const seen = new Set<string>();
  const visit = (member: ChainMemberView) => {
    if (seen.has(member.bulkKey)) return;
    seen.add(member.bulkKey);
    ordered.push(member);
    for (const child of childrenOf.get(member.bulkKey) ?? []) visit(child);
  };
  roots.forEach(visit);
  // A cycle (never made by the server) would leave members unvisited: still shown, never lost.
  for (const member of members) if (!seen.has(member.bulkKey)) ordered.push(member);
  return ordered;
}

/** "Original", "The rest", "The rest, part 2 of 3", "A retry of the failed rows": the list's words (lineage-words.ts), as a line starts. */
export function describeRelation(member: Pick<ChainMemberView, 'relation' | 'partIndex' | 'partCount'>): string {
  if (member.relation === 'original') return 'Original';
  const words = relationWords({ relation: member.relation, partIndex: member.partIndex, partCount: member.partCount });
  return capitalise(words);
}

/** The first characters of a bulk key, for a line with no label: "8a8aa1b2…". */
export function shortBulkKey(bulkKey: string): string {
  return bulkKey.length > 10 ? `${bulkKey.slice(0, 8)}…` : bulkKey;
}

/** "Of the original 100,000 rows: 98,200 succeeded somewhere in the chain, 1,300 failed the last time they ran, 500 never processed." */
export function describeChainSummary(summary: ChainSummaryView): string {
  return (
    `Of the original ${formatCountOf(summary.total, 'row')}: ${formatCount(summary.succeeded)} succeeded somewhere in the chain, ` +
    `${formatCount(summary.failed)} failed the last time they ran, ${formatCount(summary.notProcessed)} never processed.`
  );
}

/** Why the numbers above may still move; null when every member is finished and read. */
export function describePendingMembers(pendingMembers: number): string | null {
  if (pendingMembers <= 0) return null;
  return pendingMembers === 1
    ? '1 mass action of the chain is still running, or its result file is not imported yet: its rows count as not processed until it finishes and its result file is read.'
    : `${formatCount(pendingMembers)} mass actions of the chain are still running, or their result files are not imported yet: their rows count as not processed until they finish and their result files are read.`;
}

const MB_PER_PART = 4;

/** "Start the rest: 12,345 not-processed rows of Update accounting codes, as 2 mass actions of at most 4 MB each, in production?" */
export function describeRestQuestion(rows: number, parts: number, actionLabel: string, environment: EnvironmentInfo['kind']): string {
  const where = environment === 'production' ? 'production' : 'the sandbox';
  const as = parts === 1 ? 'as 1 mass action' : `as ${formatCount(parts)} mass actions of at most ${MB_PER_PART} MB each`;
  return `Start the rest: ${formatCountOf(rows, 'not-processed row')} of ${actionLabel}, ${as}, in ${where}?`;
}

/** The confirm button: "Start 3,781 rows", "Start 12,345 rows as 2 mass actions". */
export function describeRestConfirm(rows: number, parts: number): string {
  return parts === 1 ? `Start ${formatCountOf(rows, 'row')}` : `Start ${formatCountOf(rows, 'row')} as ${formatCount(parts)} mass actions`;
}
