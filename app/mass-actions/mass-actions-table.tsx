'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ProgressBar } from '@/components/progress-bar';
import { StatusBadge } from '@/components/status-badge';
import { massActionListQuery } from '@/lib/mass-actions/queries';
import type { MassActionRow } from '@/lib/mass-actions/types';
import { RefreshControls } from './refresh-controls';

export function MassActionsTable({ refreshIntervalMs }: { refreshIntervalMs: number }) {
  const [isPaused, setIsPaused] = useState(false);
  const { data, error, isPending, dataUpdatedAt } = useQuery(massActionListQuery(refreshIntervalMs, isPaused));

  if (isPending) return <p role="status">Loading mass actions…</p>;
  return (
    <section aria-labelledby="mass-actions-heading">
      <h2 id="mass-actions-heading" className="sr-only">Registered mass actions</h2>
      <RefreshControls isPaused={isPaused} onTogglePause={() => setIsPaused((p) => !p)} updatedAt={dataUpdatedAt} />
      {(error || data?.zuoraProblem) && (
        <div role="alert" className="mb-3 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {error ? `The console cannot be reached: ${error.message}` : data?.zuoraProblem} The last known values are shown; the console keeps trying.
        </div>
      )}
      {data && data.items.length === 0 ? (
        <p>No mass actions are registered yet.</p>
      ) : (
        <div className="overflow-x-auto rounded border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-100 text-xs uppercase text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2">Bulk key</th>
                <th scope="col" className="px-3 py-2">Label</th>
                <th scope="col" className="px-3 py-2">Action type</th>
                <th scope="col" className="px-3 py-2">Status</th>
                <th scope="col" className="px-3 py-2">Progress</th>
                <th scope="col" className="px-3 py-2">Uploaded by</th>
                <th scope="col" className="px-3 py-2">Uploaded on (Zuora time)</th>
              </tr>
            </thead>
            <tbody>
              {data?.items.map((row) => <MassActionTableRow key={row.bulkKey} row={row} />)}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function MassActionTableRow({ row }: { row: MassActionRow }) {
  const state = row.state;
  return (
    <tr className="border-t border-slate-100 align-top" data-bulk-key={row.bulkKey}>
      <td className="px-3 py-2 font-mono text-xs" title={row.bulkKey}>{row.bulkKey.slice(0, 8)}…</td>
      <td className="px-3 py-2">{row.label ?? <span className="text-slate-400">—</span>}</td>
      <td className="px-3 py-2">{state?.actionType ?? '—'}</td>
      <td className="px-3 py-2">
        <StatusBadge status={state?.status ?? null} />
        {row.refreshError && <p className="mt-1 text-xs text-amber-700">{row.refreshError}</p>}
      </td>
      <td className="px-3 py-2">
        <ProgressBar total={state?.totalCount ?? null} succeeded={state?.successCount ?? null} failed={state?.errorCount ?? null} />
      </td>
      <td className="px-3 py-2">{state?.uploadedBy ?? '—'}</td>
      <td className="px-3 py-2 whitespace-nowrap">{state?.uploadedOn ?? '—'}</td>
    </tr>
  );
}
