import Link from 'next/link';
import { StatusBadge } from '@/components/status-badge';
import type { ChainMemberView, ChainView } from '@/lib/mass-actions/shared/chain-types';
import { formatCount, formatCountOf } from '@/lib/shared/format';
import { describeChainSummary, describePendingMembers, describeRelation, orderChainMembers, shortBulkKey } from './chain-words';

/**
 * The mass actions started from one original upload: the original, the rest of a stopped one (in
 * parts), retries of failed rows, each under the one it came from; then where the original's rows
 * stand across all of them. One Tab stop per line: its link.
 */
export function ChainSection({ chain, currentBulkKey }: { chain: ChainView; currentBulkKey: string }) {
  const members = orderChainMembers(chain.members);
  const nameOf = new Map(members.map((m) => [m.bulkKey, m.label ?? shortBulkKey(m.bulkKey)]));
  const { summary } = chain;
  const pending = summary ? describePendingMembers(summary.pendingMembers) : null;
  return (
    <section aria-labelledby="chain-heading" className="flex min-w-0 flex-col gap-3 rounded border border-slate-200 bg-white p-4">
      <h2 id="chain-heading" className="font-semibold">
        Chain <span className="font-normal text-slate-600">· {formatCountOf(members.length, 'mass action')}</span>
      </h2>
      {summary ? (
        <div className="text-sm">
          <SummaryBar total={summary.total} succeeded={summary.succeeded} failed={summary.failed} />
          <p className="mt-1" data-chain-summary>{describeChainSummary(summary)}</p>
          {pending && <p className="mt-1 text-xs text-amber-900">{pending}</p>}
        </div>
      ) : (
        <p className="text-sm text-slate-700">{chain.whyNoSummary ?? 'The console cannot sum the chain up.'}</p>
      )}
      <table aria-labelledby="chain-heading" className="w-full table-fixed text-sm">
        <colgroup>
          <col />
          <col className="w-28" />
          <col className="w-20" />
          <col className="w-24" />
        </colgroup>
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs text-slate-600">
            <th scope="col" className="py-1 pr-2 font-medium">Mass action</th>
            <th scope="col" className="py-1 pr-2 font-medium">Status</th>
            <th scope="col" className="py-1 pr-2 text-right font-medium">Rows</th>
            <th scope="col" className="py-1 text-right font-medium">Processed</th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <ChainLine key={member.bulkKey} member={member} isCurrent={member.bulkKey === currentBulkKey} parentName={member.parentBulkKey ? (nameOf.get(member.parentBulkKey) ?? shortBulkKey(member.parentBulkKey)) : null} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ChainLine({ member, isCurrent, parentName }: { member: ChainMemberView; isCurrent: boolean; parentName: string | null }) {
  const name = member.label ?? shortBulkKey(member.bulkKey);
  const nameStyle = member.label ? 'wrap-anywhere' : 'font-mono text-xs';
  return (
    <tr className={`border-b border-slate-100 align-top ${isCurrent ? 'bg-slate-50' : ''}`} data-chain-member={member.bulkKey}>
      <th scope="row" className="py-1.5 pr-2 text-left font-normal">
        <div className="flex gap-1.5" style={{ paddingLeft: `${Math.min(member.depth, 6) * 1.25}rem` }}>
          {member.depth > 0 && <span aria-hidden="true" className="text-slate-400">↳</span>}
          <div className="min-w-0">
            <p className="text-xs text-slate-600">
              {describeRelation(member)}
              {parentName && member.depth > 1 && <span> of {parentName}</span>}
              {parentName && member.depth <= 1 && <span className="sr-only"> of {parentName}</span>}
            </p>
            {isCurrent ? (
              <p aria-current="page" className={`font-medium ${nameStyle}`} title={`Bulk key ${member.bulkKey}`}>
                {name} <span className="font-sans text-xs font-normal text-slate-600">(this one)</span>
              </p>
            ) : (
              <Link href={`/mass-actions/${member.bulkKey}`} title={`Bulk key ${member.bulkKey}`} className={`text-blue-800 underline ${nameStyle}`}>
                {name}
              </Link>
            )}
          </div>
        </div>
      </th>
      <td className="py-1.5 pr-2"><StatusBadge status={member.status} /></td>
      <td className="py-1.5 pr-2 text-right tabular-nums">{formatCount(member.totalCount)}</td>
      <td className="py-1.5 text-right tabular-nums">{formatCount(member.processedCount)}</td>
    </tr>
  );
}

/** Succeeded, failed and the rest of the original's rows as one bar; the sentence below says the numbers. */
function SummaryBar({ total, succeeded, failed }: { total: number; succeeded: number; failed: number }) {
  if (total <= 0) return null;
  const percent = (n: number) => `${(n / total) * 100}%`;
  return (
    <div className="flex h-2 overflow-hidden rounded bg-outcome-remaining" aria-hidden="true">
      <div className="bg-outcome-succeeded" style={{ width: percent(succeeded) }} />
      <div className="bg-outcome-failed" style={{ width: percent(failed) }} />
    </div>
  );
}
