'use client';

import type { BulkStopTarget } from '@/lib/mass-actions/shared/bulk-stop';
import { describeTarget } from '@/lib/mass-actions/shared/bulk-stop';
import type { ListQuery } from '@/lib/mass-actions/shared/list-query';
import type { EnvironmentInfo } from '@/lib/shared/environment-info';
import { formatCountOf } from '@/lib/shared/format';
import { BulkStopDialog } from './bulk-stop-dialog';

interface Props {
  selectedKeys: ReadonlySet<string>;
  /** Every box on the page is ticked: offer the whole filter. */
  isPageSelected: boolean;
  isAllMatching: boolean;
  query: ListQuery;
  /** What the filter matches over all pages. */
  total: number;
  environment: EnvironmentInfo;
  onSelectAllMatching: () => void;
  onClear: () => void;
}

/** Appears once something is selected: the count, what a stop would cover, and the one Stop for all. */
export function BatchBar({ selectedKeys, isPageSelected, isAllMatching, query, total, environment, onSelectAllMatching, onClear }: Props) {
  const target: BulkStopTarget = isAllMatching ? { filter: { tab: query.tab, q: query.q } } : { keys: [...selectedKeys] };
  return (
    <section aria-label="Selection" className="flex flex-wrap items-center gap-3 rounded border border-blue-200 bg-blue-50 px-3 py-2 text-sm">
      <p role="status" className="font-medium">
        {isAllMatching ? `All ${formatCountOf(total, 'mass action')} matching: ${describeTarget(target)}` : `${formatCountOf(selectedKeys.size, 'mass action')} selected on this page`}
      </p>
      {isPageSelected && !isAllMatching && total > selectedKeys.size && (
        <button type="button" onClick={onSelectAllMatching} className="text-blue-800 underline">
          Select everything matching this filter ({formatCountOf(total, 'mass action')})
        </button>
      )}
      <div className="ml-auto flex items-center gap-2">
        <button type="button" onClick={onClear} className="rounded border border-slate-300 bg-white px-3 py-1.5">Clear selection</button>
        <BulkStopDialog key={JSON.stringify(target)} target={target} environment={environment} onDone={onClear} triggerLabel={isAllMatching ? 'Stop all matching…' : `Stop ${formatCountOf(selectedKeys.size, 'mass action')}…`} />
      </div>
    </section>
  );
}
