'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { ChainView } from '@/lib/mass-actions/shared/chain-types';
import { isTerminal } from '@/lib/mass-actions/shared/status';
import type { MassActionRow } from '@/lib/mass-actions/shared/types';
import type { OutcomeCounts } from '@/lib/result-files/shared/types';
import type { EnvironmentInfo } from '@/lib/shared/environment-info';
import { formatCountOf } from '@/lib/shared/format';
import { isActionType } from '@/lib/uploads/shared/action-types';
import { relationWords } from '@/lib/mass-actions/shared/lineage-words';
import { shortBulkKey } from './chain-words';
import { downloadHref, resultViewQuery } from './result-queries';
import { StartRestDialog } from './start-rest-dialog';
import { useResultViewQuery } from './use-result-view-query';

/** The result file's counts once it is imported (the result section's own query, shared): null before. */
export function useReadyCounts(row: MassActionRow): OutcomeCounts | null {
  const [query] = useResultViewQuery();
  const { data } = useQuery({ ...resultViewQuery(row.bulkKey, query), enabled: isTerminal(row.state?.status) });
  return data?.status?.state === 'ready' ? data.status.counts : null;
}

/** Whether a finished mass action leaves something to do: rows a stop left, or rows that failed. */
export function hasNextSteps(row: MassActionRow, counts: OutcomeCounts | null): counts is OutcomeCounts {
  return counts !== null && ((row.state?.status === 'Stopped' && counts.notProcessed > 0) || counts.failed > 0);
}

interface Props {
  row: MassActionRow;
  counts: OutcomeCounts;
  chain: ChainView | null;
  environment: EnvironmentInfo;
  isAdmin: boolean;
}

const fileLink = 'rounded border border-slate-300 bg-white px-2 py-1 text-blue-800 hover:bg-slate-50';

/**
 * What an operator does next with a finished mass action, each step beside the file it uses: start
 * the rows a stop left unprocessed (the resume file's rows), or upload the corrected fix file as a
 * retry. Each says what it does, and what was started from this one already. Near the top, so that
 * at 1280×720 it is on the first screen; the result section below lists every file.
 */
export function NextSteps({ row, counts, chain, environment, isAdmin }: Props) {
  const actionType = row.state?.actionType ?? '';
  const canStart = isActionType(actionType);
  const hasRest = row.state?.status === 'Stopped' && counts.notProcessed > 0;
  const hasFailed = counts.failed > 0;
  const children = (chain?.members ?? []).filter((m) => m.parentBulkKey === row.bulkKey);
  const rests = children.filter((m) => m.relation === 'rest');
  const retries = children.filter((m) => m.relation === 'retry');
  const retryHref = `/mass-actions/new?${new URLSearchParams({ retryOf: row.bulkKey, actionType })}`;
  const restAbout = `rest-about-${row.bulkKey}`;
  const retryAbout = `retry-about-${row.bulkKey}`;

  return (
    <section aria-labelledby="next-steps-heading" className="flex flex-col gap-3 rounded border border-slate-200 bg-white p-4 text-sm">
      <h2 id="next-steps-heading" className="font-semibold">Next steps</h2>
      {!canStart && (
        <p className="text-slate-700">
          Zuora gives this mass action&apos;s type as “{actionType || 'unknown'}”, which the console cannot start: take the resume or fix file from the result file below to Zuora.
        </p>
      )}
      {canStart && hasRest && (
        <div className="flex flex-col gap-1.5">
          <p id={restAbout} className="text-slate-700">
            <span className="font-medium tabular-nums text-slate-900">{formatCountOf(counts.notProcessed, 'row')}</span> never processed (stopped): start them as new mass actions, in parts of at most 4 MB, each kept in
            the chain of this one. The resume file holds the same rows.
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <StartRestDialog row={row} environment={environment} isAdmin={isAdmin} notProcessed={counts.notProcessed} describedBy={restAbout} />
            <a href={downloadHref(row.bulkKey, 'resume')} title="Rows not processed, original columns only" className={fileLink}>Resume file · {formatCountOf(counts.notProcessed, 'row')}</a>
          </div>
          {rests.length > 0 && <StartedBefore words="Started before:" members={rests} />}
        </div>
      )}
      {canStart && hasFailed && (
        <div className="flex flex-col gap-1.5">
          <p id={retryAbout} className="text-slate-700">
            <span className="font-medium tabular-nums text-slate-900">{formatCountOf(counts.failed, 'row')}</span> failed: download the fix file, correct the rows, then upload it as a retry of this
            one. Zuora ignores its #Error Message column, so it can stay.
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <Link href={retryHref} aria-describedby={retryAbout} className="rounded bg-slate-900 px-3 py-1 font-medium text-white hover:bg-slate-700">
              Upload the fixed rows
            </Link>
            <a href={downloadHref(row.bulkKey, 'fix')} title="Failed rows with their error in #Error Message (ignored by Zuora)" className={fileLink}>Fix file · {formatCountOf(counts.failed, 'row')}</a>
          </div>
          {retries.length > 0 && <StartedBefore words="Retried before:" members={retries} />}
        </div>
      )}
    </section>
  );
}

function StartedBefore({ words, members }: { words: string; members: ChainView['members'] }) {
  return (
    <p className="text-xs text-slate-700">
      {words}{' '}
      {members.map((m, i) => (
        <span key={m.bulkKey}>
          {i > 0 && '; '}
          <Link href={`/mass-actions/${m.bulkKey}`} title={`Bulk key ${m.bulkKey}`} className="text-blue-800 underline wrap-anywhere">
            {m.label ?? shortBulkKey(m.bulkKey)}
          </Link>{' '}
          ({m.relation === 'original' ? 'the original' : relationWords({ relation: m.relation, partIndex: m.partIndex, partCount: m.partCount })}, {m.status ?? 'status not read yet'})
        </span>
      ))}
    </p>
  );
}
