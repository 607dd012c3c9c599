'use client';

import { formatCountOf } from '@/lib/shared/format';
import { downloadHref } from '@/app/mass-actions/[bulkKey]/result-queries';
import { TemplateText } from './template-text';

export const GROUP_FILTER_NOTE_ID = 'result-group-filter';

/** Says which error group the table shows and how many rows, right above it; the table is described by it. */
export function GroupFilterNote({ bulkKey, template, rowCount, onClear }: { bulkKey: string; template: string; rowCount: number | null; onClear: () => void }) {
  return (
    <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1 rounded bg-amber-50 px-2 py-1 text-sm">
      <p id={GROUP_FILTER_NOTE_ID} className="wrap-anywhere">
        Rows of the error group “<TemplateText template={template} />”{rowCount === null ? '' : `: ${formatCountOf(rowCount, 'row')}`}
      </p>
      <a href={downloadHref(bulkKey, 'fix', undefined, template)} className="whitespace-nowrap text-blue-700 underline">Fix file for this group</a>
      <button type="button" onClick={onClear} className="whitespace-nowrap text-blue-700 underline">Remove the group filter</button>
    </div>
  );
}
