import { useId } from 'react';
import type { PreviewColumn } from '@/lib/uploads/shared/check-types';
import { formatCount, formatCountOf } from '@/lib/shared/format';
import { COLUMN_KINDS } from './start-words';

const KIND_STYLE: Record<PreviewColumn['kind'], string> = {
  required: 'font-semibold text-slate-900',
  known: 'text-slate-800',
  informational: 'text-slate-600',
  unknown: 'font-medium text-amber-900',
};

/** Each column of the header with what Zuora makes of it, in words beside a small marker. */
export function ColumnsTable({ columns }: { columns: PreviewColumn[] }) {
  return (
    <table aria-label="Columns" className="w-full table-fixed border-collapse text-sm">
      <thead>
        <tr className="border-b border-slate-200 text-left text-xs text-slate-600">
          <th scope="col" className="w-16 py-1 pr-2 text-right font-medium">Position</th>
          <th scope="col" className="w-[40%] px-2 py-1 font-medium">Column</th>
          <th scope="col" className="px-2 py-1 font-medium">What Zuora makes of it</th>
        </tr>
      </thead>
      <tbody>
        {columns.map((column) => {
          const kind = COLUMN_KINDS[column.kind];
          return (
            <tr key={column.index} className="border-b border-slate-100 align-top">
              <td className="py-1 pr-2 text-right tabular-nums text-slate-600">{formatCount(column.index + 1)}</td>
              <td className="px-2 py-1 font-mono text-xs wrap-anywhere">{column.name === '' ? <span className="font-sans italic text-slate-600">(no name)</span> : column.name}</td>
              <td className={`px-2 py-1 ${KIND_STYLE[column.kind]}`}>
                <span aria-hidden="true" className="mr-1.5 inline-block w-4 text-center font-mono">{kind.marker}</span>
                {kind.words}
                {column.note && <span className="block pl-6 text-xs font-normal text-slate-700 wrap-anywhere">{column.note}</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * The first rows as parsed, in a box that scrolls on its own: however many or long the columns, the
 * page never widens; a long cell is cut short with its whole text on hover.
 */
export function FirstRowsTable({ columns, rows, rowCount }: { columns: PreviewColumn[]; rows: string[][]; rowCount: number }) {
  const captionId = useId();
  const shown = rows.length < rowCount ? `The first ${formatCount(rows.length)} of ${formatCountOf(rowCount, 'row')}` : `All ${formatCountOf(rowCount, 'row')}`;
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <p id={captionId} className="text-sm text-slate-600">{shown} of the file, as Zuora will read them</p>
      <div role="region" aria-labelledby={captionId} tabIndex={0} className="max-h-96 max-w-full overflow-auto rounded border border-slate-200 bg-white">
        <table aria-labelledby={captionId} className="border-collapse text-xs">
          <thead className="sticky top-0 bg-slate-100">
            <tr>
              <th scope="col" className="border-b border-slate-200 px-2 py-1 text-right font-medium text-slate-600">Row</th>
              {columns.map((column) => (
                <th key={column.index} scope="col" className="border-b border-slate-200 px-2 py-1 text-left font-mono font-medium">
                  <div title={column.name} className={`max-w-[16rem] truncate ${column.kind === 'informational' || column.kind === 'unknown' ? 'text-slate-600' : ''}`}>{column.name || '(no name)'}</div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, r) => (
              <tr key={r} className="border-b border-slate-100">
                <th scope="row" className="px-2 py-1 text-right font-normal tabular-nums text-slate-600">{formatCount(r + 1)}</th>
                {columns.map((column) => {
                  const cell = row[column.index] ?? '';
                  return (
                    <td key={column.index} className="px-2 py-1 font-mono">
                      <div title={cell || undefined} className="max-w-[16rem] truncate">{cell}</div>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
