'use client';

import { formatCount } from '@/lib/shared/format';
import type { OutcomeCounts, OutcomeFilter } from '@/lib/result-files/shared/types';

const CHIPS: { filter: OutcomeFilter; label: string; count: (c: OutcomeCounts) => number; tone: string }[] = [
  { filter: 'succeeded', label: 'Succeeded', count: (c) => c.succeeded, tone: 'border-outcome-succeeded' },
  { filter: 'failed', label: 'Failed', count: (c) => c.failed, tone: 'border-outcome-failed' },
  { filter: 'not_processed', label: 'Not processed', count: (c) => c.notProcessed, tone: 'border-slate-400' },
  { filter: 'all', label: 'All', count: (c) => c.all, tone: 'border-slate-700' },
];

export function OutcomeChips({ counts, current, onSelect }: { counts: OutcomeCounts | null; current: OutcomeFilter; onSelect: (f: OutcomeFilter) => void }) {
  return (
    <div role="group" aria-label="Filter rows by outcome" className="flex flex-wrap gap-2">
      {CHIPS.map((chip) => (
        <button
          key={chip.filter}
          type="button"
          aria-pressed={current === chip.filter}
          onClick={() => onSelect(chip.filter)}
          className={`rounded-full border-2 px-3 py-1 text-sm ${chip.tone} ${current === chip.filter ? 'bg-slate-900 text-white' : 'bg-white'}`}
        >
          {chip.label} <span className="font-semibold">{counts ? formatCount(chip.count(counts)) : '…'}</span>
        </button>
      ))}
    </div>
  );
}
