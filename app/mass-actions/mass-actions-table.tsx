'use client';

import Link from 'next/link';
import { CopyButton } from '@/components/copy-button';
import { EmailText } from '@/components/email-text';
import { ProgressBar } from '@/components/progress-bar';
import { StatusBadge } from '@/components/status-badge';
import { StopDialog } from './stop-dialog';
import { StuckFlag } from '@/components/stuck-flag';
import type { EnvironmentInfo } from '@/lib/shared/environment-info';
import { describeRate } from '@/lib/shared/format';
import { isStoppable, isTerminal } from '@/lib/mass-actions/shared/status';
import { useIsStale, ZuoraAge, type Freshness } from '@/components/zuora-age';
import { ZuoraTime } from '@/components/time-label';
import type { Lineage, MassActionList, MassActionRow } from '@/lib/mass-actions/shared/types';
import { relationWords, shortName } from '@/lib/mass-actions/shared/lineage-words';

// Seven columns that fit 1280 px with the Stop in reach: the label is the row's link and the key sits
// under it; who uploaded and who registered share a cell; long texts wrap inside their cell.
const HEADERS = ['Mass action', 'Action type', 'Status', 'Progress', 'People', 'Times', 'Stop'];

/** Ticks for a bulk stop (operators only): which rows can be ticked, which are, and the clicks. */
export interface RowSelection {
  selectable: readonly string[];
  selected: ReadonlySet<string>;
  isAllMatching: boolean;
  onClick: (bulkKey: string, withShift: boolean) => void;
  onClickAll: () => void;
}

export function MassActionsTable({ list, canOperate, environment, freshness, selection }: { list: MassActionList; canOperate: boolean; environment: EnvironmentInfo; freshness: Freshness; selection?: RowSelection }) {
  const ticked = selection ? selection.selectable.filter((key) => selection.isAllMatching || selection.selected.has(key)).length : 0;
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Mass actions</caption>
        <thead className="bg-slate-100 text-xs uppercase text-slate-600">
          <tr>
            {selection && (
              <th scope="col" className="w-8 px-2 py-2">
                <input
                  type="checkbox"
                  aria-label="Select every stoppable mass action on this page"
                  disabled={selection.selectable.length === 0}
                  checked={selection.selectable.length > 0 && ticked === selection.selectable.length}
                  ref={(box) => { if (box) box.indeterminate = ticked > 0 && ticked < selection.selectable.length; }}
                  onChange={selection.onClickAll}
                  className="size-4"
                />
              </th>
            )}
            {HEADERS.map((h) => <th key={h} scope="col" className="px-2 py-2">{h}</th>)}
          </tr>
        </thead>
        <tbody>
          {list.items.map((row) => (
            <Row key={row.bulkKey} row={row} canOperate={canOperate} environment={environment} stuckAfterMs={list.stuckAfterMs} generatedAt={list.generatedAt} freshness={freshness} selection={selection} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface RowProps {
  row: MassActionRow;
  canOperate: boolean;
  environment: EnvironmentInfo;
  stuckAfterMs: number;
  generatedAt: string;
  freshness: Freshness;
  selection?: RowSelection;
}

function Row({ row, canOperate, environment, stuckAfterMs, generatedAt, freshness, selection }: RowProps) {
  const state = row.state;
  const remaining = state?.totalCount != null ? state.totalCount - (state.processedCount ?? 0) : null;
  const rate = state?.status === 'Processing' ? describeRate(row.ratePerSecond, remaining) : null;
  const isLive = !isTerminal(state?.status);
  // Values that can still change, and are older than two intervals, are dimmed: not what Zuora says now.
  // Dimmed by taking their colour away, not their contrast: the text stays readable (WCAG AA).
  const isDim = useIsStale(row.refreshedAt, freshness) && isLive;
  return (
    <tr className="border-t border-slate-100 align-top" data-bulk-key={row.bulkKey}>
      {selection && (
        <td className="px-2 py-2">
          {selection.selectable.includes(row.bulkKey) && (
            <input
              type="checkbox"
              aria-label={`Select ${row.label ?? row.bulkKey}`}
              checked={selection.isAllMatching || selection.selected.has(row.bulkKey)}
              disabled={selection.isAllMatching}
              // onClick, not onChange: only the mouse event says whether shift was held.
              onClick={(event) => selection.onClick(row.bulkKey, event.shiftKey)}
              onChange={() => undefined}
              className="size-4"
            />
          )}
        </td>
      )}
      <td className="max-w-64 px-2 py-2 wrap-anywhere">
        <Link href={`/mass-actions/${row.bulkKey}`} className="font-medium text-blue-700 underline">{row.label ?? `${row.bulkKey.slice(0, 8)}…`}</Link>
        <p className="mt-0.5 flex items-center gap-1 text-xs text-slate-500">
          <span className="font-mono" title={row.bulkKey}>{row.bulkKey.slice(0, 8)}…</span>
          <CopyButton value={row.bulkKey} label={`Copy bulk key ${row.bulkKey}`} />
        </p>
        {row.lineage && <ChainLine lineage={row.lineage} />}
      </td>
      <td className="px-2 py-2 text-xs">{state?.actionType ?? '—'}</td>
      <td className={`max-w-48 px-2 py-2 ${isDim ? 'grayscale' : ''}`}>
        <StatusBadge status={state?.status ?? null} />
        {state?.status === 'Stopping' && <StuckFlag stoppingSince={row.stoppingSince} stuckAfterMs={stuckAfterMs} now={generatedAt} />}
        {isLive && <p className="mt-1"><ZuoraAge refreshedAt={row.refreshedAt} freshness={freshness} /></p>}
        {row.refreshError && <p className="mt-1 line-clamp-4 text-xs text-amber-700 wrap-anywhere" title={row.refreshError}>{row.refreshError} Last known values shown.</p>}
      </td>
      <td className={`max-w-64 px-2 py-2 ${isDim ? 'grayscale' : ''}`}>
        <ProgressBar total={state?.totalCount ?? null} succeeded={state?.successCount ?? null} failed={state?.errorCount ?? null} status={state?.status ?? null} />
        {rate && <p className="text-xs text-slate-600">{rate}</p>}
      </td>
      <td className="max-w-48 px-2 py-2 text-xs wrap-anywhere">
        <p>Uploaded by {state?.uploadedBy ? <EmailText email={state.uploadedBy} /> : '—'}</p>
        <p className="mt-0.5 text-slate-500">Registered by <EmailText email={row.registeredBy} /></p>
      </td>
      <td className="whitespace-nowrap px-2 py-2 text-xs">
        <p>Uploaded <ZuoraTime raw={state?.uploadedOn ?? null} environment={environment} show="relative" /></p>
        <p>Started <ZuoraTime raw={state?.startedOn ?? null} environment={environment} show="relative" /></p>
        <p>Ended <ZuoraTime raw={state?.endedOn ?? null} environment={environment} show="relative" /></p>
      </td>
      <td className="px-2 py-2">{isStoppable(state?.status) && <StopDialog row={row} environment={environment} canOperate={canOperate} freshness={freshness} />}</td>
    </tr>
  );
}

/** The chain on the row's line: what it was started from, and what was started from it, each a link with its status. */
function ChainLine({ lineage }: { lineage: Lineage }) {
  const { parent, children } = lineage;
  return (
    <div className="mt-1 text-xs text-slate-600">
      {parent && (
        <p>
          {relationWords(parent)} of <Link href={`/mass-actions/${parent.bulkKey}`} className="text-blue-700 underline">{shortName(parent)}</Link>
        </p>
      )}
      {children.length > 0 && (
        <ul aria-label="Started from it" className="mt-0.5 space-y-0.5">
          {children.map((child) => (
            <li key={child.bulkKey} className="flex flex-wrap items-center gap-1">
              <span aria-hidden="true">↳</span>
              <Link href={`/mass-actions/${child.bulkKey}`} className="text-blue-700 underline">{relationWords(child)}</Link>
              <StatusBadge status={child.status} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
