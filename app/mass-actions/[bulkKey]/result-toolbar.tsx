'use client';

import { useEffect, useState } from 'react';
import type { RowSort } from '@/lib/result-files/shared/types';
import type { ResultViewQuery } from '@/lib/result-files/shared/view-query';

const SORTS: Record<RowSort, string> = {
  'row-asc': 'Row number, first to last',
  'row-desc': 'Row number, last to first',
  'outcome-asc': 'Outcome: failed, not processed, succeeded',
  'outcome-desc': 'Outcome: succeeded, not processed, failed',
};

export function ResultToolbar({ query, onChange }: { query: ResultViewQuery; onChange: (change: Partial<ResultViewQuery>) => void }) {
  const [search, setSearch] = useState(query.search);
  const [urlSearch, setUrlSearch] = useState(query.search);
  if (query.search !== urlSearch) {
    setUrlSearch(query.search);
    if (search !== query.search) setSearch(query.search);
  }
  useEffect(() => {
    if (search === query.search) return;
    const timer = setTimeout(() => onChange({ search }), 300);
    return () => clearTimeout(timer);
  }, [search, query.search, onChange]);

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-3 text-sm" role="search" aria-label="Search the result rows">
        <label className="flex items-center gap-2">
          Search cells
          <input type="search" value={search} maxLength={200} onChange={(e) => setSearch(e.target.value)} className="w-80 rounded border border-slate-300 px-2 py-1" />
        </label>
        <label className="flex items-center gap-2">
          Sort
          <select value={query.sort} onChange={(e) => onChange({ sort: e.target.value as RowSort })} className="rounded border border-slate-300 px-2 py-1">
            {Object.entries(SORTS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </label>
      </div>
    </div>
  );
}
