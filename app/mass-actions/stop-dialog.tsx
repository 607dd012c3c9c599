'use client';

import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useEffect, useRef, useState } from 'react';
import type { EnvironmentInfo } from '@/lib/shared/environment-info';
import { useStopMassAction } from '@/app/mass-actions/mutations';
import type { MassActionRow } from '@/lib/mass-actions/shared/types';
import { describeWhatStopNeeds, stopConfirmationWord } from '@/lib/shared/stop-friction';
import { useAnnounce } from '@/components/announcer';
import { describeStopConsequences } from './stop-consequences';
import { focusAfterStop, statusNear } from './focus-after-stop';
import { useNow } from '@/components/use-now';
import type { Freshness } from '@/components/zuora-age';
import { describeAgo, zuoraAgeMs } from '@/lib/mass-actions/shared/freshness';
import { formatInZone } from '@/lib/shared/time';

interface Props {
  row: MassActionRow;
  environment: EnvironmentInfo;
  canOperate: boolean;
  freshness: Freshness;
}

// Past this, the dialog says in words how old its numbers are, not only in the small print.
const OLD_NUMBERS_MS = 10_000;

/**
 * Stop with a confirmation that names the job and the tenant and spells out the consequences. In
 * production (see lib/shared/stop-friction.ts) it also wants a reason and the environment's name typed.
 */
export function StopDialog({ row, environment, canOperate, freshness }: Props) {
  const [isOpen, setIsOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const stop = useStopMassAction();
  const announce = useAnnounce();
  const trigger = useRef<HTMLButtonElement>(null);
  const focusOnClose = useRef<HTMLElement | null>(null);
  const isMounted = useRef(false);
  useEffect(() => {
    isMounted.current = true;
    return () => { isMounted.current = false; };
  }, []);
  const isProduction = environment.kind === 'production';
  const confirmationWord = stopConfirmationWord(environment.kind);
  const stillNeeded = describeWhatStopNeeds({ isReasonRequired: environment.isStopReasonRequired, confirmationWord }, { reason, confirmation });
  const ageMs = zuoraAgeMs(row.refreshedAt, freshness.skewMs, useNow());

  if (!canOperate) {
    return (
      <span>
        <button type="button" disabled aria-describedby={`stop-why-${row.bulkKey}`} title="Only operators can stop mass actions" className="cursor-not-allowed rounded border border-slate-300 px-2 py-1 text-xs text-slate-400">
          Stop
        </button>
        <span id={`stop-why-${row.bulkKey}`} className="sr-only">Only operators can stop mass actions.</span>
      </span>
    );
  }

  async function confirmStop() {
    const name = row.label ?? row.bulkKey;
    // Found now, while the Stop button is on screen: the row turns Stopping and the button goes, often
    // before the answer arrives (the status is pushed to the page), and this dialog with it.
    const target = statusNear(trigger.current);
    try {
      const outcome = await stop.mutateAsync({ bulkKey: row.bulkKey, reason: reason.trim() });
      announce(`Stop requested for ${name}. ${outcome.message}`);
      focusOnClose.current = target;
      setIsOpen(false);
      setReason('');
      setConfirmation('');
      if (!isMounted.current) focusAfterStop(target);
    } catch (error) {
      // Shown in the dialog while it is open; said aloud when the dialog went with its row.
      if (!isMounted.current) announce(`The stop of ${name} did not go through: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return (
    <AlertDialog.Root open={isOpen} onOpenChange={(open) => { setIsOpen(open); if (!open) stop.reset(); }}>
      <AlertDialog.Trigger asChild>
        <button ref={trigger} type="button" className="rounded border border-red-300 px-2 py-1 text-xs font-medium text-red-700 hover:bg-red-50">Stop</button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 bg-slate-900/40" />
        <AlertDialog.Content
          onCloseAutoFocus={(event) => {
            if (!focusOnClose.current) return;
            event.preventDefault();
            focusAfterStop(focusOnClose.current);
            focusOnClose.current = null;
          }}
          className="fixed left-1/2 top-1/2 max-h-[95vh] w-[32rem] max-w-[95vw] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded bg-white p-5 shadow-xl"
        >
          <AlertDialog.Title className="text-lg font-semibold">Stop this mass action?</AlertDialog.Title>
          <p className={`mt-2 rounded px-2 py-1 text-sm font-semibold ${isProduction ? 'bg-env-production-surface text-env-production' : 'bg-env-sandbox-surface text-env-sandbox'}`}>
            {isProduction ? 'PRODUCTION' : 'Sandbox'} · Zuora at {environment.host}
          </p>
          <dl className="mt-3 grid grid-cols-[8rem_1fr] gap-y-1 text-sm">
            <dt className="text-slate-500">Bulk key</dt><dd className="break-all font-mono text-xs">{row.bulkKey}</dd>
            <dt className="text-slate-500">Label</dt><dd>{row.label ?? '—'}</dd>
            <dt className="text-slate-500">Action type</dt><dd>{row.state?.actionType ?? '—'}</dd>
            <dt className="text-slate-500">Status now</dt><dd>{row.state?.status ?? 'Unknown'}</dd>
          </dl>
          <AlertDialog.Description asChild>
            <ul className="mt-3 list-disc space-y-1 pl-5 text-sm">
              {describeStopConsequences(row.state).map((line) => <li key={line}>{line}</li>)}
            </ul>
          </AlertDialog.Description>
          <p className="mt-2 text-xs text-slate-600">
            Numbers as of {row.refreshedAt ? formatInZone(row.refreshedAt, freshness.timeZone) : '—'}, read from Zuora {ageMs === null ? 'never' : describeAgo(ageMs)}.
          </p>
          {ageMs !== null && ageMs > OLD_NUMBERS_MS && (
            <p role="note" className="mt-1 rounded bg-amber-50 px-2 py-1 text-xs font-medium text-amber-900">
              These numbers are {describeAgo(ageMs).replace(' ago', '')} old: Zuora may have processed more rows since. The stop applies to whatever is left when Zuora receives it.
            </p>
          )}
          <label className="mt-3 flex flex-col gap-1 text-sm">
            {environment.isStopReasonRequired ? 'Reason (required, kept in the audit trail)' : 'Reason (optional, kept in the audit trail)'}
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} required={environment.isStopReasonRequired} maxLength={500} rows={2} className="rounded border border-slate-300 px-2 py-1" />
          </label>
          {confirmationWord && (
            <label className="mt-3 flex flex-col gap-1 text-sm">
              <span>Type <strong className="font-mono">{confirmationWord}</strong> to confirm</span>
              <input value={confirmation} onChange={(e) => setConfirmation(e.target.value)} required autoComplete="off" spellCheck={false} className="rounded border border-slate-300 px-2 py-1 font-mono" />
            </label>
          )}
          {stillNeeded && <p id={`stop-needs-${row.bulkKey}`} className="mt-2 text-xs text-slate-600">{stillNeeded}</p>}
          {stop.error && <p role="alert" className="mt-2 text-sm text-red-700">{stop.error.message}</p>}
          <div className="mt-4 flex justify-end gap-2">
            <AlertDialog.Cancel asChild>
              <button type="button" className="rounded border border-slate-300 px-3 py-1.5 text-sm">Keep it running</button>
            </AlertDialog.Cancel>
            <button
              type="button"
              disabled={stop.isPending || stillNeeded !== null}
              aria-describedby={stillNeeded ? `stop-needs-${row.bulkKey}` : undefined}
              onClick={confirmStop}
              className="rounded bg-red-700 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60"
            >
              {stop.isPending ? 'Stopping…' : 'Stop mass action'}
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
