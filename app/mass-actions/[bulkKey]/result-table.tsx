'use client';

import { useEffect, useRef, type Ref } from 'react';
import type { ResultColumn, ResultOutcome, RowsPage } from '@/lib/result-files/shared/types';

const OUTCOME_BADGES: Record<ResultOutcome, { label: string; style: string }> = {
  succeeded: { label: 'Succeeded', style: 'bg-outcome-succeeded text-white' },
  failed: { label: 'Failed', style: 'bg-outcome-failed text-white' },
  not_processed: { label: 'Not processed', style: 'bg-slate-200 text-slate-800' },
};

interface ResultTableProps {
  bulkKey: string;
  columns: ResultColumn[];
  page: RowsPage;
  highlightedRow: number | null;
  /** Where focus goes when the view changes under the operator's hand (the table, or its empty state). */
  focusRef?: Ref<HTMLElement>;
  /** The id of what says what the table is filtered on. */
  describedBy?: string;
}

const FOCUS_STYLE = 'focus:outline-2 focus:-outline-offset-2 focus:outline-blue-700';

/** Every column of the file; `#` columns marked informational; the outcome as a badge; a link per row. */
export function ResultTable({ bulkKey, columns, page, highlightedRow, focusRef, describedBy }: ResultTableProps) {
  const highlighted = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    const row = highlighted.current;
    if (!row) return;
    row.scrollIntoView({ block: 'center' });
    // What loads above the table afterwards (the error groups) must not push the linked row out of
    // sight: keep it centred while the page settles, until the operator moves on their own.
    const observer = new ResizeObserver(() => row.scrollIntoView({ block: 'center' }));
    observer.observe(document.body);
    const stop = () => observer.disconnect();
    const settled = setTimeout(stop, 3000);
    const byHand = ['wheel', 'keydown', 'touchstart', 'mousedown'] as const;
    byHand.forEach((type) => window.addEventListener(type, stop, { once: true }));
    return () => {
      stop();
      clearTimeout(settled);
      byHand.forEach((type) => window.removeEventListener(type, stop));
    };
  }, [highlightedRow, page.page]);
  if (page.rows.length === 0) {
    return (
      <p ref={focusRef as Ref<HTMLParagraphElement>} tabIndex={-1} aria-describedby={describedBy} className={`rounded border border-slate-200 px-3 py-6 text-center text-sm text-slate-600 ${FOCUS_STYLE}`}>
        No rows in this view.
      </p>
    );
  }
  return (
    <div className="max-h-[70vh] overflow-auto rounded border border-slate-200">
      <table ref={focusRef as Ref<HTMLTableElement>} tabIndex={-1} aria-describedby={describedBy} className={`w-full text-left text-xs ${FOCUS_STYLE}`}>
        <caption className="sr-only">Result rows</caption>
        <thead className="sticky top-0 bg-slate-100 text-slate-700">
          <tr>
            <th scope="col" className="px-2 py-1">Row</th>
            <th scope="col" className="px-2 py-1">Outcome</th>
            {columns.map((column) => (
              <th key={column.index} scope="col" className={`px-2 py-1 ${column.kind === 'informational' ? 'italic text-slate-500' : ''}`} title={column.kind === 'informational' ? 'Informational column (# prefix): Zuora ignores it on upload' : undefined}>
                {column.name}{column.kind === 'informational' ? ' (info)' : ''}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {page.rows.map((row) => {
            const isHighlighted = row.rowNumber === highlightedRow;
            const badge = OUTCOME_BADGES[row.outcome];
            return (
              <tr key={row.rowNumber} ref={isHighlighted ? highlighted : undefined} aria-current={isHighlighted ? 'true' : undefined} data-row-number={row.rowNumber} className={`border-t border-slate-100 align-top ${isHighlighted ? 'bg-yellow-100 outline-2 outline-yellow-500' : ''}`}>
                <td className="whitespace-nowrap px-2 py-1">
                  <a href={`/mass-actions/${bulkKey}?row=${row.rowNumber}`} aria-label={`Link to row ${row.rowNumber}`} className="text-blue-700 underline">{row.rowNumber}</a>
                </td>
                <td className="px-2 py-1"><span className={`whitespace-nowrap rounded px-1.5 py-0.5 ${badge.style}`}>{badge.label}</span></td>
                {columns.map((column) => (
                  <td key={column.index} className={`whitespace-pre-wrap px-2 py-1 ${column.kind === 'informational' ? 'text-slate-500' : ''} ${column.name === 'Error Message' ? 'min-w-64 text-red-800' : ''}`}>
                    {row.cells[column.index]}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
