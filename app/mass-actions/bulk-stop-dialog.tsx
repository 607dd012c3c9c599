'use client';

import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useState } from 'react';
import { useAnnounce } from '@/components/announcer';
import type { BulkStopAnswer, BulkStopOutcomeKind, BulkStopPreview, BulkStopTarget } from '@/lib/mass-actions/shared/bulk-stop';
import type { EnvironmentInfo } from '@/lib/shared/environment-info';
import { capitalise, formatCountOf as plural } from '@/lib/shared/format';
import { useNow } from '@/components/use-now';
import type { Freshness } from '@/components/zuora-age';
import { describeAgo, zuoraAgeMs } from '@/lib/mass-actions/shared/freshness';
import { useBulkStop, usePreviewBulkStop } from './mutations';

interface Props {
  target: BulkStopTarget;
  /** What the button says: "Stop 3…", "Stop all 42…". */
  triggerLabel: string;
  environment: EnvironmentInfo;
  freshness: Freshness;
  /** Told when the dialog opens and closes: the list keeps the selection it was opened on meanwhile. */
  onOpenChange: (isOpen: boolean) => void;
  onDone: () => void;
}

const OUTCOME_WORDS: Record<BulkStopOutcomeKind, string> = { stopped: 'Stopping', refused: 'Refused by Zuora', failed: 'Failed', 'not-stoppable': 'Left alone' };

/**
 * One dialog for a bulk stop: the server says what the selection or filter holds now (how many of each
 * status, the rows already processed, what is left out and why), one reason, in production the count
 * typed; then the answer key by key.
 */
export function BulkStopDialog({ target, triggerLabel, environment, freshness, onOpenChange, onDone }: Props) {
  const [isOpen, setIsOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const preview = usePreviewBulkStop();
  const stop = useBulkStop();
  const announce = useAnnounce();
  const isProduction = environment.kind === 'production';

  function open(next: boolean) {
    setIsOpen(next);
    onOpenChange(next);
    if (next) {
      stop.reset();
      preview.mutate(target);
    } else {
      if (stop.data) onDone();
      preview.reset();
      stop.reset();
      setReason('');
      setConfirmation('');
    }
  }

  async function confirm(view: BulkStopPreview) {
    try {
      const answer = await stop.mutateAsync({ target, reason: reason.trim(), expectedKeys: view.stoppable.map((m) => m.bulkKey), confirmation: view.confirmationText ? confirmation.trim() : null });
      announce(describeCounts(answer));
    } catch {
      // Shown in the dialog.
    }
  }

  return (
    <AlertDialog.Root open={isOpen} onOpenChange={open}>
      <AlertDialog.Trigger asChild>
        <button type="button" className="rounded bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800">{triggerLabel}</button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 bg-slate-900/40" />
        <AlertDialog.Content className="fixed left-1/2 top-1/2 max-h-[95vh] w-[36rem] max-w-[95vw] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded bg-white p-5 shadow-xl">
          <AlertDialog.Title className="text-lg font-semibold">
            {stop.data ? 'Bulk stop sent to Zuora' : preview.data ? `Stop ${plural(preview.data.stoppable.length, 'mass action')}?` : 'Stop these mass actions?'}
          </AlertDialog.Title>
          <p className={`mt-2 rounded px-2 py-1 text-sm font-semibold ${isProduction ? 'bg-env-production-surface text-env-production' : 'bg-env-sandbox-surface text-env-sandbox'}`}>
            {isProduction ? 'PRODUCTION' : 'Sandbox'} · Zuora at {environment.host}
          </p>
          {preview.isPending && <p role="status" className="mt-3 text-sm">Reading what this holds now…</p>}
          {preview.error && (
            <div className="mt-3">
              <p role="alert" className="text-sm text-red-700">{preview.error.message}</p>
              <Footer cancel="Close" />
            </div>
          )}
          {preview.data && !stop.data && (
            <Confirm
              view={preview.data} freshness={freshness} reason={reason} setReason={setReason} confirmation={confirmation} setConfirmation={setConfirmation}
              isSending={stop.isPending} error={stop.error} onConfirm={() => void confirm(preview.data)} onCheckAgain={() => { stop.reset(); preview.mutate(target); }}
            />
          )}
          {stop.data && <Outcomes answer={stop.data} />}
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

interface ConfirmProps {
  view: BulkStopPreview;
  freshness: Freshness;
  reason: string;
  setReason: (value: string) => void;
  confirmation: string;
  setConfirmation: (value: string) => void;
  isSending: boolean;
  error: Error | null;
  onConfirm: () => void;
  onCheckAgain: () => void;
}

function Confirm({ view, freshness, reason, setReason, confirmation, setConfirmation, isSending, error, onConfirm, onCheckAgain }: ConfirmProps) {
  const count = view.stoppable.length;
  const now = useNow();
  const missing = [reason.trim() === '' && 'give a reason', view.confirmationText !== null && confirmation.trim() !== view.confirmationText && `type ${view.confirmationText}`].filter(Boolean);
  const stillNeeded = missing.length > 0 ? `To stop, ${missing.join(' and ')}.` : null;
  return (
    <>
      <AlertDialog.Description asChild>
        <div className="mt-3 space-y-2 text-sm">
          <p>{capitalise(view.target)}: {count === 0 ? 'nothing that can be stopped.' : `${plural(count, 'mass action')} can be stopped.`}</p>
          {count > 0 && (
            <ul aria-label="By status" className="list-disc pl-5">
              {Object.entries(view.byStatus).map(([status, n]) => <li key={status}>{plural(n, 'mass action')} {status === 'Not read yet' ? 'not read from Zuora yet' : status}</li>)}
            </ul>
          )}
          {count > 0 && (
            <p>
              {describeAge(view, freshness, now)}{' '}
              {view.processedRows > 0 ? `${plural(view.processedRows, 'row')} already processed across them stay processed` : 'No rows processed across them yet, as last read'}; the rows not processed yet will not be, unless started again. Each is read from Zuora once more before its stop.
            </p>
          )}
        </div>
      </AlertDialog.Description>
      {view.leftOut.length > 0 && (
        <details className="mt-2 text-sm" open={view.leftOut.length <= 5}>
          <summary className="cursor-pointer">Left out: {plural(view.leftOut.length, 'mass action')}</summary>
          <ul className="mt-1 max-h-32 overflow-y-auto pl-5 text-xs text-slate-700">
            {view.leftOut.map((m) => <li key={m.bulkKey} className="wrap-anywhere">{m.label ?? m.bulkKey} — {m.why}</li>)}
          </ul>
        </details>
      )}
      {count > 0 && (
        <>
          <label className="mt-3 flex flex-col gap-1 text-sm">
            Reason (required, kept in the audit trail for each of them)
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} rows={2} className="rounded border border-slate-300 px-2 py-1" />
          </label>
          {view.confirmationText !== null && (
            <label className="mt-3 flex flex-col gap-1 text-sm">
              <span>Type the number of mass actions, <strong className="font-mono">{view.confirmationText}</strong>, to confirm</span>
              <input value={confirmation} onChange={(e) => setConfirmation(e.target.value)} required inputMode="numeric" autoComplete="off" spellCheck={false} className="rounded border border-slate-300 px-2 py-1 font-mono" />
            </label>
          )}
          {stillNeeded && <p id="bulk-stop-needs" className="mt-2 text-xs text-slate-600">{stillNeeded}</p>}
        </>
      )}
      {error && <p role="alert" className="mt-2 text-sm text-red-700">{error.message}</p>}
      <Footer cancel={count > 0 ? 'Keep them running' : 'Close'}>
        {error && <button type="button" onClick={onCheckAgain} className="rounded border border-slate-300 px-3 py-1.5 text-sm">Check again</button>}
        {count > 0 && (
          <button type="button" disabled={isSending || stillNeeded !== null} aria-describedby={stillNeeded ? 'bulk-stop-needs' : undefined} onClick={onConfirm} className="rounded bg-red-700 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60">
            {isSending ? `Stopping ${plural(count, 'mass action')}…` : `Stop ${plural(count, 'mass action')}`}
          </button>
        )}
      </Footer>
    </>
  );
}

/** "Counts as read from Zuora, the oldest 12 s ago:", so nobody takes minutes-old numbers for now. */
function describeAge(view: BulkStopPreview, { skewMs }: Freshness, now: number): string {
  const reads = view.stoppable.map((m) => m.refreshedAt);
  if (reads.some((r) => r === null)) return 'Counts as last read (some never read from Zuora yet):';
  const oldest = (reads as string[]).sort()[0] ?? null;
  const ageMs = zuoraAgeMs(oldest, skewMs, now);
  return ageMs === null ? 'Counts as last read:' : `Counts as read from Zuora, the oldest ${describeAgo(ageMs)}:`;
}

function Outcomes({ answer }: { answer: BulkStopAnswer }) {
  return (
    <div className="mt-3 text-sm">
      <p role="status" className="font-medium">{describeCounts(answer)}</p>
      <p className="mt-1 text-xs text-slate-600">Recorded in the audit trail as bulk stop #{answer.batchId}.</p>
      <div className="mt-2 max-h-72 overflow-y-auto rounded border border-slate-200">
        <table className="w-full text-left text-xs">
          <caption className="sr-only">Each mass action&apos;s outcome</caption>
          <thead className="bg-slate-100 text-slate-600"><tr><th scope="col" className="px-2 py-1">Mass action</th><th scope="col" className="px-2 py-1">Outcome</th></tr></thead>
          <tbody>
            {answer.outcomes.map((o) => (
              <tr key={o.bulkKey} className="border-t border-slate-100 align-top">
                <td className="max-w-48 px-2 py-1 wrap-anywhere">{o.label ?? o.bulkKey}<span className="block font-mono text-slate-500">{o.bulkKey.slice(0, 8)}…</span></td>
                <td className="px-2 py-1 wrap-anywhere"><strong className={o.outcome === 'stopped' ? 'text-slate-900' : 'text-red-700'}>{OUTCOME_WORDS[o.outcome]}</strong>{o.outcome !== 'stopped' && <span className="block text-slate-700">{o.message}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Footer cancel="Close" />
    </div>
  );
}

function Footer({ cancel, children }: { cancel: string; children?: React.ReactNode }) {
  return (
    <div className="mt-4 flex justify-end gap-2">
      <AlertDialog.Cancel asChild>
        <button type="button" className="rounded border border-slate-300 px-3 py-1.5 text-sm">{cancel}</button>
      </AlertDialog.Cancel>
      {children}
    </div>
  );
}

function describeCounts({ counts }: BulkStopAnswer): string {
  const parts = [`${plural(counts.stopped, 'mass action')} stopping`];
  if (counts.refused) parts.push(`${counts.refused} refused by Zuora`);
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (counts['not-stoppable']) parts.push(`${counts['not-stoppable']} no longer stoppable`);
  return `${parts.join(', ')}.`;
}
