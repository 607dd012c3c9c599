'use client';

import { useEffect, useState } from 'react';

/** Pause/resume, and how old the data on screen is. */
export function RefreshControls({ isPaused, onTogglePause, updatedAt }: { isPaused: boolean; onTogglePause: () => void; updatedAt: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const ageSeconds = updatedAt ? Math.max(0, Math.round((now - updatedAt) / 1000)) : null;
  return (
    <div className="mb-3 flex items-center gap-3 text-sm text-slate-600">
      <button type="button" onClick={onTogglePause} aria-pressed={isPaused} className="rounded border border-slate-300 bg-white px-2 py-1 hover:bg-slate-100">
        {isPaused ? 'Resume refresh' : 'Pause refresh'}
      </button>
      <span aria-live="polite">{ageSeconds == null ? 'Not refreshed yet' : `Refreshed ${ageSeconds} s ago`}{isPaused ? ' · paused' : ''}</span>
    </div>
  );
}
