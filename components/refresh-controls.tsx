'use client';

import type { Freshness } from './zuora-age';
import { ZuoraAge } from './zuora-age';

/**
 * Pause/resume, and how old what is on screen is: when Zuora was read for the oldest value that can
 * still change (not when the browser last asked the console).
 */
export function RefreshControls({ isPaused, onTogglePause, oldestReadAt, hasLiveValues, freshness }: {
  isPaused: boolean;
  onTogglePause: () => void;
  /** The oldest `refreshedAt` among the values on screen that can still change. */
  oldestReadAt: string | null;
  hasLiveValues: boolean;
  freshness: Freshness;
}) {
  return (
    <div className="mb-3 flex items-center gap-3 text-sm text-slate-600">
      <button type="button" onClick={onTogglePause} aria-pressed={isPaused} className="rounded border border-slate-300 bg-white px-2 py-1 hover:bg-slate-100">
        {isPaused ? 'Resume refresh' : 'Pause refresh'}
      </button>
      <span>
        {hasLiveValues ? <ZuoraAge refreshedAt={oldestReadAt} freshness={freshness} prefix="Zuora read" /> : <span className="text-xs text-slate-500">Nothing on screen changes any more</span>}
        {isPaused && <span className="text-xs font-medium text-amber-800"> · refresh paused</span>}
      </span>
    </div>
  );
}
