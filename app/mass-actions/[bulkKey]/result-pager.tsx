'use client';

import { formatCount, formatCountOf } from '@/lib/shared/format';
import type { RowsPage } from '@/lib/result-files/shared/types';

export function ResultPager({ page, onPage }: { page: RowsPage; onPage: (page: number) => void }) {
  return (
    <nav aria-label="Result pages" className="flex items-center gap-3 text-sm">
      <button type="button" disabled={page.page <= 1} onClick={() => onPage(page.page - 1)} className="rounded border border-slate-300 px-2 py-1 disabled:opacity-50">Previous</button>
      <span>Page {formatCount(page.page)} of {formatCount(Math.max(1, page.pageCount))} · {formatCountOf(page.total, 'row')}{page.isPartial ? ' so far' : ''}</span>
      <button type="button" disabled={page.page >= page.pageCount} onClick={() => onPage(page.page + 1)} className="rounded border border-slate-300 px-2 py-1 disabled:opacity-50">Next</button>
    </nav>
  );
}
