'use client';

import type { BulkStopTarget } from '@/lib/mass-actions/shared/bulk-stop';
import { describeTarget } from '@/lib/mass-actions/shared/bulk-stop';
import type { ListQuery } from '@/lib/mass-actions/shared/list-query';
import type { EnvironmentInfo } from '@/lib/shared/environment-info';
import { capitalise, formatCountOf } from '@/lib/shared/format';
import type { Freshness } from '@/components/zuora-age';
import { BulkStopDialog } from './bulk-stop-dialog';

interface Props {
  /** What a stop would cover: the ticked keys, or the filter. */
  target: BulkStopTarget;
  /** Every box on the page is ticked: offer the whole filter. */
  isPageSelected: boolean;
  query: ListQuery;
  /** What the filter matches over all pages. */
  total: number;
  environment: EnvironmentInfo;
  freshness: Freshness;
  onSelectAllMatching: () => void;
  onDialogOpenChange: (isOpen: boolean) => void;
  onClear: () => void;
}

/** Appears once something is selected: the count, what a stop would cover, and the one Stop for all. */
export function BatchBar({ target, isPageSelected, query, total, environment, freshness, onSelectAllMatching, onDialogOpenChange, onClear }: Props) {
  const isAllMatching = 'filter' in target;
  const selected = 'keys' in target ? target.keys.length : total;
  return (
    <section aria-label="Selection" className="flex flex-wrap items-center gap-3 rounded border border-blue-200 bg-blue-50 px-3 py-2 text-sm">
      <p role="status" className="min-w-0 font-medium wrap-anywhere">
        {isAllMatching ? `${capitalise(describeTarget(target))}: ${formatCountOf(total, 'mass action')}, over all pages` : `${formatCountOf(selected, 'mass action')} selected on this page`}
      </p>
      {isPageSelected && !isAllMatching && total > selected && (
        <button type="button" onClick={onSelectAllMatching} className="min-w-0 text-left text-blue-800 underline wrap-anywhere">
          Select everything matching this filter ({formatCountOf(total, 'mass action')}, {query.q ? `search “${query.q}”` : 'no search'})
        </button>
      )}
      <div className="ml-auto flex items-center gap-2">
        <button type="button" onClick={onClear} className="rounded border border-slate-300 bg-white px-3 py-1.5">Clear selection</button>
        <BulkStopDialog
          key={JSON.stringify(target)} target={target} environment={environment} freshness={freshness} onOpenChange={onDialogOpenChange} onDone={onClear}
          triggerLabel={isAllMatching ? 'Stop all matching…' : `Stop ${formatCountOf(selected, 'mass action')}…`}
        />
      </div>
    </section>
  );
}
