'use client';

import { useQuery } from '@tanstack/react-query';
import { formatCount } from '@/lib/shared/format';
import { downloadHref, errorGroupsQuery } from '@/app/mass-actions/[bulkKey]/result-queries';

/** Failures grouped by Zuora's message, largest first; one click shows a group's rows. */
export function ErrorGroups({ bulkKey, onShow }: { bulkKey: string; onShow: (message: string) => void }) {
  const { data } = useQuery(errorGroupsQuery(bulkKey, true));
  if (!data || data.groups.length === 0) return null;
  return (
    <section aria-labelledby="error-groups-heading">
      <h3 id="error-groups-heading" className="mb-1 text-sm font-semibold">Failures by error message ({formatCount(data.totalGroups)} messages)</h3>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Failures grouped by error message, largest first</caption>
        <thead className="text-xs text-slate-600"><tr><th scope="col">Rows</th><th scope="col">Error message</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {data.groups.map((group) => (
            <tr key={group.message} className="border-t border-slate-100">
              <td className="pr-3">{formatCount(group.count)}</td>
              <td className="pr-3">{group.message}</td>
              <td className="whitespace-nowrap">
                <button type="button" onClick={() => onShow(group.message)} className="text-blue-700 underline">Show rows</button>{' · '}
                <a href={downloadHref(bulkKey, 'fix', undefined, group.message)} className="text-blue-700 underline">Fix file</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
