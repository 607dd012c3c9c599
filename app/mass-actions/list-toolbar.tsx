'use client';

import { useEffect, useState } from 'react';
import { LIST_SORTS, type ListQuery, type ListSort } from '@/lib/mass-actions/shared/list-query';

const SORT_LABELS: Record<ListSort, string> = { registered: 'Registered', uploaded: 'Uploaded on', status: 'Status', label: 'Label', actionType: 'Action type' };

export function ListToolbar({ query, onChange }: { query: ListQuery; onChange: (change: Partial<ListQuery>) => void }) {
  const [search, setSearch] = useState(query.q);
  const [urlSearch, setUrlSearch] = useState(query.q);
  // Back/forward changed the URL's search: show it (React's "adjust state on prop change" pattern).
  if (query.q !== urlSearch) {
    setUrlSearch(query.q);
    if (search.trim() !== query.q) setSearch(query.q);
  }
  // Debounced so typing does not rewrite the URL (and refetch) on every key.
  useEffect(() => {
    if (search.trim() === query.q) return;
    const timer = setTimeout(() => onChange({ q: search.trim() }), 300);
    return () => clearTimeout(timer);
  }, [search, query.q, onChange]);

  return (
    <div className="flex flex-wrap items-center gap-3 text-sm" role="search">
      <label className="flex items-center gap-2">
        <span>Search</span>
        <input
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="Bulk key, label, action type, uploader"
          className="w-80 rounded border border-slate-300 px-2 py-1"
        />
      </label>
      <label className="flex items-center gap-2">
        <span>Sort by</span>
        <select value={query.sort} onChange={(e) => onChange({ sort: e.target.value as ListSort })} className="rounded border border-slate-300 px-2 py-1">
          {LIST_SORTS.map((sort) => <option key={sort} value={sort}>{SORT_LABELS[sort]}</option>)}
        </select>
      </label>
      <button type="button" onClick={() => onChange({ dir: query.dir === 'asc' ? 'desc' : 'asc' })} className="rounded border border-slate-300 bg-white px-2 py-1" aria-label={`Sort direction: ${query.dir === 'asc' ? 'ascending' : 'descending'}; change`}>
        {query.dir === 'asc' ? '↑ Ascending' : '↓ Descending'}
      </button>
    </div>
  );
}
