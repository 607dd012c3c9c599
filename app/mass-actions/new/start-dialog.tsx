'use client';

import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { ConsoleApiError } from '@/app/fetch-json';
import { useAnnounce } from '@/components/announcer';
import type { CheckedUploadView } from '@/lib/mass-actions/shared/start-types';
import type { EnvironmentInfo } from '@/lib/shared/environment-info';
import { formatCountOf } from '@/lib/shared/format';
import { actionTypeSpec } from '@/lib/uploads/shared/action-types';
import { EnvironmentChip } from './environment-chip';
import { useStartUpload } from './mutations';
import { describeOverlap, describeStartQuestion, describeWhatStartNeeds, hasOverlap, normalizeTypedCount, overlapEntries } from './start-words';

interface Props {
  upload: CheckedUploadView;
  environment: EnvironmentInfo;
  isAdmin: boolean;
  /** Why Start cannot be used for this checked file (Zuora refused it, it is blocked); null when it can. */
  blockedBecause: string | null;
  /** This checked file can never be started (Zuora refused it, it is gone): the page says so and offers no Start. */
  onDeadEnd: (message: string) => void;
}

// Answers after which pressing Start again cannot help: the file must be fixed and checked again.
const DEAD_ENDS = ['zuora_refused', 'refused_before', 'not_found'];
// Answers after which pressing Start again is the remedy, and safe (the same Idempotency-Key).
const SAFE_TO_RETRY = ['zuora_unreachable', 'start_pending'];

/**
 * Start with a confirmation that names the tenant, the action type and the row count. Rows sent
 * before need a reason (and, for payments that already succeeded, an admin's override); production
 * wants the row count typed. One request however often the button is pressed.
 */
export function StartDialog({ upload, environment, isAdmin, blockedBecause, onDeadEnd }: Props) {
  const [isOpen, setIsOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [isOverridden, setIsOverridden] = useState(false);
  const [typed, setTyped] = useState('');
  // Set when the server finds an overlap (or a block) the check did not: another upload started meanwhile.
  const [learned, setLearned] = useState<{ overlap: boolean; block: boolean }>({ overlap: false, block: false });
  const [isLeaving, setIsLeaving] = useState(false);
  const start = useStartUpload();
  const isSending = useRef(false);
  const router = useRouter();
  const announce = useAnnounce();

  const spec = actionTypeSpec(upload.actionType);
  const { rowCount } = upload.preview;
  const rows = formatCountOf(rowCount, 'row');
  const needs = {
    isReasonNeeded: hasOverlap(upload.overlap) || learned.overlap || learned.block,
    isOverrideNeeded: isAdmin && (upload.overlap.isBlocked || learned.block),
    typedConfirmation: upload.typedConfirmation,
  };
  const stillNeeded = describeWhatStartNeeds(needs, { reason, isOverridden, typed });
  const errorCode = start.error instanceof ConsoleApiError ? start.error.code : null;
  // Blocked payments are a dead end too, for anyone but an admin (who can tick the override).
  const isDeadEndCode = (code: string | null) => code !== null && (DEAD_ENDS.includes(code) || (code === 'overlap_blocked' && !isAdmin));
  const isDeadEnd = isDeadEndCode(errorCode);
  // No answer at all (the console unreachable) is as safe to retry as Zuora's silence.
  const isUnanswered = start.error !== null && !(start.error instanceof ConsoleApiError);
  const isRetry = isUnanswered || (errorCode !== null && SAFE_TO_RETRY.includes(errorCode));
  const needsId = `start-needs-${upload.uploadId}`;
  const blockedId = `start-blocked-${upload.uploadId}`;

  async function confirmStart() {
    // A ref, not the mutation's state: a double click lands before React re-renders the button disabled.
    if (isSending.current || stillNeeded !== null) return;
    isSending.current = true;
    try {
      const answer = await start.mutateAsync({ uploadId: upload.uploadId, typedConfirmation: upload.typedConfirmation === null ? null : normalizeTypedCount(typed), overlapReason: reason, adminOverride: needs.isOverrideNeeded && isOverridden });
      setIsLeaving(true);
      announce(answer.alreadyStarted ? 'This file had been started already: opening its mass action.' : `Started ${rows} of ${spec.label}: opening the mass action.`);
      router.push(`/mass-actions/${answer.bulkKey}`);
      // isSending stays set: the page is on its way to the job, nothing more is sent from here.
    } catch (error) {
      isSending.current = false;
      if (!(error instanceof ConsoleApiError)) return;
      if (error.code === 'overlap_unconfirmed') setLearned((l) => ({ ...l, overlap: true }));
      if (error.code === 'overlap_blocked') setLearned((l) => ({ ...l, block: true }));
      if (isDeadEndCode(error.code)) onDeadEnd(error.message);
    }
  }

  const isBusy = start.isPending || isLeaving;
  return (
    <>
      <AlertDialog.Root open={isOpen} onOpenChange={(open) => { setIsOpen(open); if (!open && !isBusy) start.reset(); }}>
        <AlertDialog.Trigger asChild>
          <button
            type="button"
            disabled={blockedBecause !== null}
            aria-describedby={blockedBecause ? blockedId : undefined}
            className="shrink-0 rounded bg-slate-900 px-4 py-1.5 text-sm font-medium text-white disabled:cursor-not-allowed disabled:opacity-60"
          >
            Start…
          </button>
        </AlertDialog.Trigger>
        <AlertDialog.Portal>
          <AlertDialog.Overlay className="fixed inset-0 bg-slate-900/40" />
          <AlertDialog.Content className="fixed left-1/2 top-1/2 max-h-[95vh] w-[34rem] max-w-[95vw] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded bg-white p-5 shadow-xl">
            <AlertDialog.Title className="text-lg font-semibold">{describeStartQuestion(rowCount, spec.label, environment.kind)}</AlertDialog.Title>
            <EnvironmentChip environment={environment} className="mt-2" />
            <dl className="mt-3 grid grid-cols-[8rem_minmax(0,1fr)] gap-y-1 text-sm">
              <dt className="text-slate-600">File</dt><dd className="wrap-anywhere">{upload.fileName}{upload.preview.csvName && <span className="text-slate-600"> (holding {upload.preview.csvName})</span>}</dd>
              <dt className="text-slate-600">Action type</dt><dd>{spec.label} <span className="font-mono text-xs text-slate-600">{upload.actionType}</span></dd>
              <dt className="text-slate-600">Rows</dt><dd className="font-semibold tabular-nums">{rows}</dd>
              <dt className="text-slate-600">Label</dt><dd className="wrap-anywhere">{upload.label ?? '—'}</dd>
            </dl>
            <AlertDialog.Description className="mt-3 text-sm">
              Zuora starts processing the rows as soon as it receives the file. A stop later leaves the rows processed by then as they are: Zuora does not roll them back.
            </AlertDialog.Description>
            {hasOverlap(upload.overlap) && (
              <ul aria-label="Rows sent before" className="mt-2 list-disc space-y-0.5 pl-5 text-sm text-amber-900">
                {overlapEntries(upload.overlap).map(({ kind, item }) => {
                  const words = describeOverlap(kind, item);
                  return <li key={`${kind}-${item.bulkKey}`} className="wrap-anywhere">{words.before} {item.label ?? item.bulkKey}{words.after}</li>;
                })}
              </ul>
            )}
            {needs.isOverrideNeeded && (
              <label className="mt-3 flex items-start gap-2 rounded border border-red-300 bg-red-50 px-2 py-1.5 text-sm text-red-900">
                <input type="checkbox" checked={isOverridden} onChange={(e) => setIsOverridden(e.target.checked)} className="mt-1" />
                <span>Override as admin: make the payments that already succeeded again</span>
              </label>
            )}
            {needs.isReasonNeeded && (
              <label className="mt-3 flex flex-col gap-1 text-sm">
                Why send these rows again? (required, kept in the audit trail)
                <textarea value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} rows={2} className="rounded border border-slate-300 px-2 py-1" />
              </label>
            )}
            {upload.typedConfirmation !== null && (
              <label className="mt-3 flex flex-col gap-1 text-sm">
                <span>Type the number of rows, <strong className="font-mono">{upload.typedConfirmation}</strong>, to confirm</span>
                <input value={typed} onChange={(e) => setTyped(e.target.value)} required inputMode="numeric" autoComplete="off" spellCheck={false} className="rounded border border-slate-300 px-2 py-1 font-mono" />
              </label>
            )}
            {stillNeeded && !isDeadEnd && <p id={needsId} className="mt-2 text-xs text-slate-600">{stillNeeded}</p>}
            {start.error && (
              <div role="alert" className="mt-3 rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
                <p className="wrap-anywhere">{isUnanswered ? `The console did not answer (${start.error.message}).` : start.error.message}</p>
                {isDeadEnd && <p className="mt-1">This checked file will not be sent. Fix the file, then check it again.</p>}
                {isRetry && <p className="mt-1 font-medium">Pressing Start again is safe: Zuora makes this mass action once.</p>}
              </div>
            )}
            {isLeaving && <p role="status" className="mt-2 text-sm">Started. Opening the mass action…</p>}
            <div className="mt-4 flex justify-end gap-2">
              <AlertDialog.Cancel asChild>
                <button type="button" disabled={isBusy} className="rounded border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-60">{isDeadEnd ? 'Close' : 'Cancel'}</button>
              </AlertDialog.Cancel>
              {!isDeadEnd && (
                <button
                  type="button"
                  disabled={isBusy || stillNeeded !== null}
                  aria-describedby={stillNeeded ? needsId : undefined}
                  onClick={confirmStart}
                  className={`rounded px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60 ${environment.kind === 'production' ? 'bg-env-production' : 'bg-slate-900'}`}
                >
                  {start.isPending ? 'Sending to Zuora…' : isLeaving ? 'Started' : isRetry ? 'Start again' : `Start ${rows}`}
                </button>
              )}
            </div>
          </AlertDialog.Content>
        </AlertDialog.Portal>
      </AlertDialog.Root>
      {blockedBecause && <p id={blockedId} className="max-w-md text-right text-xs text-slate-700">{blockedBecause}</p>}
    </>
  );
}
