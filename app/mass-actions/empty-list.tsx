'use client';

import { formatCountOf } from '@/lib/shared/format';
import type { ListQuery, ListTab } from '@/lib/mass-actions/shared/list-query';
import type { UpdateUrlQuery } from './use-url-query';

const TAB_WORDS: Record<ListTab, string> = { active: 'active', completed: 'completed', stopped: 'stopped', failed: 'failed', all: '' };

/** No rows: say why, and offer the next step (clear the search, look in All, or register a bulk key). */
export function EmptyList({ query, counts, canOperate, onChange }: { query: ListQuery; counts: Record<ListTab, number>; canOperate: boolean; onChange: UpdateUrlQuery<ListQuery> }) {
  const button = 'rounded border border-slate-300 bg-white px-2 py-1 text-sm text-blue-700 hover:bg-slate-50';
  const inOtherTabs = query.tab !== 'all' && counts.all > 0;
  let words: string;
  if (query.q) words = `No mass actions match “${query.q}” in this tab.`;
  else if (inOtherTabs) words = `No ${TAB_WORDS[query.tab]} mass actions.`;
  else words = canOperate ? 'No mass actions registered yet. Register one with its bulk key under “Register bulk keys” above.' : 'No mass actions registered yet. An operator can register one with its bulk key.';
  return (
    <div className="flex flex-col items-center gap-3 rounded border border-slate-200 bg-white px-3 py-6 text-center text-slate-600">
      <p>{words}</p>
      {(query.q || inOtherTabs) && (
        <div className="flex flex-wrap justify-center gap-2">
          {query.q && <button type="button" onClick={() => onChange({ q: '' }, { history: 'push' })} className={button}>Clear the search</button>}
          {inOtherTabs && <button type="button" onClick={() => onChange({ tab: 'all' })} className={button}>{query.q ? `Search all tabs · ${formatCountOf(counts.all, 'match', 'matches')}` : `Show All · ${formatCountOf(counts.all, 'mass action')}`}</button>}
        </div>
      )}
    </div>
  );
}
