'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatCount, formatCountOf } from '@/lib/shared/format';
import type { ErrorGroup } from '@/lib/result-files/shared/types';
import { downloadHref, errorGroupsQuery } from '@/app/mass-actions/[bulkKey]/result-queries';
import { TemplateText } from './template-text';

/**
 * Failures grouped by the template of Zuora's message, largest first, every group reachable a page at a
 * time; "Show rows" filters the table on a group, "Fix file" downloads its failed rows.
 */
export function ErrorGroups({ bulkKey, onShow }: { bulkKey: string; onShow: (template: string) => void }) {
  const [page, setPage] = useState(1);
  const { data, error } = useQuery(errorGroupsQuery(bulkKey, page));
  if (error) return <p role="alert" className="text-sm text-red-700">The failures could not be grouped: {error.message}</p>;
  if (!data || data.totalGroups === 0) return null;
  const first = (data.page - 1) * data.pageSize;
  return (
    <section aria-labelledby="error-groups-heading" className="flex flex-col gap-2">
      <h3 id="error-groups-heading" className="text-sm font-semibold">Failures grouped by message ({formatCountOf(data.totalGroups, 'group')})</h3>
      <p className="text-sm text-slate-600">
        {formatCountOf(data.failedRows, 'failed row')}, {formatCountOf(data.totalMessages, 'distinct message')}. Messages that differ only in an id, a number, a quoted
        value, a date or a code are one group; its template shows them as <TemplateText template="{id} {number} {value} {date} {code}" />.
      </p>
      <table className="w-full table-fixed text-left text-sm">
        <caption className="sr-only">Failures grouped by message template, largest first</caption>
        <thead className="text-xs text-slate-600">
          <tr>
            <th scope="col" className="w-20 pr-3 text-right">Rows</th>
            <th scope="col" className="pr-3">Message template</th>
            <th scope="col" className="pr-3">Example</th>
            <th scope="col" className="w-40"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {data.groups.map((group, i) => (
            <GroupRow key={group.template} id={`error-group-${first + i + 1}`} bulkKey={bulkKey} group={group} onShow={onShow} />
          ))}
        </tbody>
      </table>
      {data.pageCount > 1 && (
        <nav aria-label="Error group pages" className="flex items-center gap-3 text-sm">
          <PageButton label="Previous" isEnabled={data.page > 1} onClick={() => setPage(data.page - 1)} />
          <span aria-live="polite" className="tabular-nums">
            Groups {formatCount(first + 1)}–{formatCount(first + data.groups.length)} of {formatCount(data.totalGroups)}
          </span>
          <PageButton label="Next" isEnabled={data.page < data.pageCount} onClick={() => setPage(data.page + 1)} />
        </nav>
      )}
    </section>
  );
}

function GroupRow({ id, bulkKey, group, onShow }: { id: string; bulkKey: string; group: ErrorGroup; onShow: (template: string) => void }) {
  const hidden = group.messageCount - group.messages.length;
  return (
    <tr className="border-t border-slate-100 align-top">
      <td className="py-1 pr-3 text-right tabular-nums">{formatCount(group.count)}</td>
      <th scope="row" id={id} className="py-1 pr-3 text-left font-normal wrap-anywhere">
        <TemplateText template={group.template} />
      </th>
      <td className="py-1 pr-3 text-slate-700 wrap-anywhere">
        <span className="text-slate-500">Row {formatCount(group.firstRowNumber)}: </span>
        {group.example || <em>no message</em>}
        {group.messageCount > 1 && (
          <details className="mt-1">
            <summary className="cursor-pointer text-xs text-blue-800">{formatCountOf(group.messageCount, 'distinct message')}</summary>
            <ul className="mt-1 flex flex-col gap-0.5 text-xs">
              {group.messages.map((m) => (
                <li key={m.message}>{m.message} <span className="whitespace-nowrap text-slate-500">({formatCountOf(m.count, 'row')})</span></li>
              ))}
              {hidden > 0 && <li className="text-slate-500">and {formatCountOf(hidden, 'more message')}: Show rows lists every one</li>}
            </ul>
          </details>
        )}
      </td>
      <td className="whitespace-nowrap py-1">
        <button type="button" onClick={() => onShow(group.template)} aria-describedby={id} className="text-blue-700 underline">Show rows</button>{' · '}
        <a href={downloadHref(bulkKey, 'fix', undefined, group.template)} aria-describedby={id} className="text-blue-700 underline">Fix file</a>
      </td>
    </tr>
  );
}

// aria-disabled rather than disabled: a button disabled under the keyboard's focus drops it.
function PageButton({ label, isEnabled, onClick }: { label: string; isEnabled: boolean; onClick: () => void }) {
  return (
    <button type="button" aria-disabled={!isEnabled} onClick={() => isEnabled && onClick()} className="rounded border border-slate-300 px-2 py-1 aria-disabled:opacity-50">
      {label}
    </button>
  );
}
