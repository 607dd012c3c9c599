'use client';

import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { TimeLabel } from '@/components/time-label';
import { ZuoraAge, type Freshness } from '@/components/zuora-age';
import { useAnnounce } from '@/components/announcer';
import { describeFireOutcome, describeRule, describeWatching, type AutoStopRule, type AutoStopView } from '@/lib/mass-actions/shared/auto-stop';
import type { MassActionRow } from '@/lib/mass-actions/shared/types';
import { AutoStopForm } from './auto-stop-form';
import { autoStopQuery } from './auto-stop-queries';

interface Props {
  row: MassActionRow;
  canOperate: boolean;
  refreshIntervalMs: number;
  /** The page's refresh is paused: the rule is not read again either. */
  isPaused: boolean;
  freshness: Freshness;
}

/**
 * The job's auto-stop rule in words, where it came from, and where it stands: watching (with the
 * figures the rule is checked against), fired (when, with what, and what Zuora said to the stop),
 * or no longer applicable. Operators can edit it while it can still fire. The rule runs on the
 * server whether or not this page is open.
 */
export function AutoStopSection({ row, canOperate, refreshIntervalMs, isPaused, freshness }: Props) {
  const { timeZone } = freshness;
  const status = row.state?.status ?? null;
  const { data: view, error } = useQuery(autoStopQuery(row.bulkKey, status, refreshIntervalMs, isPaused));
  const [isEditing, setIsEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const announce = useAnnounce();

  function finishEditing(saved: AutoStopRule | null | undefined) {
    setIsEditing(false);
    if (saved !== undefined) announce(saved ? `Auto-stop rule saved: ${describeRule(saved)}.` : 'Auto-stop rule turned off.');
    // Back to the button that opened the form, once it is rendered again.
    requestAnimationFrame(() => editButton.current?.focus());
  }

  return (
    <section aria-labelledby="auto-stop-heading" className="flex flex-col gap-2 rounded border border-slate-200 bg-white p-4 text-sm">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="auto-stop-heading" className="font-semibold">Auto-stop</h2>
        {view && canOperate && view.isEditable && !isEditing && (
          <button ref={editButton} type="button" onClick={() => setIsEditing(true)} className="rounded border border-slate-300 bg-white px-2 py-0.5 hover:bg-slate-50">
            {view.rule || view.isTurnedOff ? 'Edit rule' : 'Set a rule'}
          </button>
        )}
      </div>
      {!view && !error && <p className="text-slate-600">Reading the auto-stop rule…</p>}
      {error && !view && <p role="alert" className="text-amber-800">The auto-stop rule cannot be read: {error.message}</p>}
      {view && <RuleWords view={view} timeZone={timeZone} />}
      {view && <RuleState view={view} row={row} freshness={freshness} />}
      {view && canOperate && !view.isEditable && view.notEditableBecause && view.state !== 'fired' && <p className="text-slate-600">{view.notEditableBecause}</p>}
      {view && isEditing && <AutoStopForm view={view} onDone={finishEditing} />}
    </section>
  );
}

/** "> 20% failed after 500 processed · set by Olivia Operator 5 min ago", or "the default for MPU mass actions". */
function RuleWords({ view, timeZone }: { view: AutoStopView; timeZone: string }) {
  if (!view.rule) {
    if (view.isTurnedOff) {
      return (
        <p>
          No rule · turned off by {view.setBy?.name ?? view.setBy?.email}
          {view.setAt && <> <TimeLabel at={view.setAt} timeZone={timeZone} show="relative" /></>}
          {view.defaultRule && <span className="text-slate-600"> (the default for {view.actionType} mass actions would be {describeRule(view.defaultRule)})</span>}
        </p>
      );
    }
    return <p>No rule: nothing stops this mass action on its own.</p>;
  }
  return (
    <p>
      <span className="font-medium">Stop when {describeRule(view.rule)}</span>
      <span className="text-slate-600">
        {' · '}
        {view.source === 'default' ? (
          <>the default for {view.actionType} mass actions</>
        ) : (
          <>set by {view.setBy?.name ?? view.setBy?.email}{view.setAt && <> <TimeLabel at={view.setAt} timeZone={timeZone} show="relative" /></>}</>
        )}
      </span>
    </p>
  );
}

function RuleState({ view, row, freshness }: { view: AutoStopView; row: MassActionRow; freshness: Freshness }) {
  const { timeZone } = freshness;
  if (view.state === 'fired' && view.fired) {
    const isAccepted = view.fired.outcome?.kind === 'accepted';
    return (
      <p className={isAccepted ? 'text-slate-900' : 'text-amber-800'}>
        <span className="font-medium">Fired <TimeLabel at={view.fired.at} timeZone={timeZone} show="relative" />:</span> {view.fired.summary}; {describeFireOutcome(view.fired.outcome)}.
      </p>
    );
  }
  if (view.state === 'watching') {
    const state = row.state;
    // The figures the page has, with their age: the server checks the rule on its own reads.
    return (
      <p className="tabular-nums text-slate-700">
        {describeWatching({ processedCount: state?.processedCount ?? null, errorCount: state?.errorCount ?? null, totalCount: state?.totalCount ?? null })}{' · '}
        <ZuoraAge refreshedAt={row.refreshedAt} freshness={freshness} />
      </p>
    );
  }
  if (view.state === 'not-applicable' && view.rule) return <p className="text-slate-600">Not applicable: this mass action is {row.state?.status ?? 'finished'}.</p>;
  return null;
}
