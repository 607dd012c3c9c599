'use client';

import { LIST_TAB_LABELS, LIST_TABS, type ListTab } from '@/lib/mass-actions/shared/list-query';

/** Tabs as links-in-spirit: each is a button that rewrites the URL; the counts follow the search. */
export function ListTabs({ current, counts, onSelect }: { current: ListTab; counts?: Record<ListTab, number>; onSelect: (tab: ListTab) => void }) {
  return (
    <nav aria-label="Mass action status" className="flex gap-1 border-b border-slate-200">
      {LIST_TABS.map((tab) => (
        <button
          key={tab}
          type="button"
          onClick={() => onSelect(tab)}
          aria-current={tab === current ? 'page' : undefined}
          className={`-mb-px border-b-2 px-3 py-2 text-sm ${tab === current ? 'border-blue-700 font-semibold text-blue-800' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
        >
          {LIST_TAB_LABELS[tab]} <span className="ml-1 rounded bg-slate-100 px-1.5 text-xs text-slate-700">{counts ? counts[tab] : '…'}</span>
        </button>
      ))}
    </nav>
  );
}
