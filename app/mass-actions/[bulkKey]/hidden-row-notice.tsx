'use client';

import { formatCount } from '@/lib/shared/format';
import { DEFAULT_ROWS_QUERY } from '@/lib/result-files/shared/rows-query';
import type { ResultViewQuery } from '@/lib/result-files/shared/view-query';

// What narrows the rows (outcome, search, error group); sort and page only order and split them.
const { sort: _sort, page: _page, pageSize: _pageSize, ...NO_FILTER } = DEFAULT_ROWS_QUERY;
const isFiltered = (query: ResultViewQuery) => (Object.keys(NO_FILTER) as (keyof typeof NO_FILTER)[]).some((key) => query[key] !== NO_FILTER[key]);

/** A linked row the view does not show: offer the view that does, and land on the row there. */
export function HiddenRowNotice({ row, query, isImporting, onChange }: { row: number; query: ResultViewQuery; isImporting: boolean; onChange: (change: Partial<ResultViewQuery>) => void }) {
  if (!isFiltered(query)) {
    return (
      <p role="status" className="text-sm text-amber-800">
        {isImporting ? `Row ${formatCount(row)} is not imported yet; it shows here once the import reaches it.` : `There is no row ${formatCount(row)} in this result file.`}
      </p>
    );
  }
  return (
    <p role="status" className="flex flex-wrap items-center gap-2 text-sm text-amber-800">
      <span>Row {formatCount(row)} is hidden by this filter or search.</span>
      <button type="button" onClick={() => { onChange({ ...NO_FILTER, row }); focusRowWhenShown(row); }} className="text-blue-700 underline">
        Show it in All
      </button>
    </p>
  );
}

/** This notice goes once the row is shown: focus follows the operator to the row, not to the page's top. */
function focusRowWhenShown(row: number): void {
  const find = () => document.querySelector<HTMLElement>(`tr[data-row-number="${row}"]`);
  const focus = (element: HTMLElement) => {
    element.tabIndex = -1;
    element.focus({ preventScroll: true });
  };
  const shown = find();
  if (shown) return focus(shown);
  const observer = new MutationObserver(() => {
    const element = find();
    if (!element) return;
    observer.disconnect();
    focus(element);
  });
  observer.observe(document.body, { childList: true, subtree: true });
  setTimeout(() => observer.disconnect(), 10_000);
}
