'use client';

import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRef, useState } from 'react';
import { ConsoleApiError, fetchJson } from '@/app/fetch-json';
import { massActionKeys } from '@/app/mass-actions/queries';
import { EnvironmentChip } from '@/app/mass-actions/new/environment-chip';
import { startCheckedUpload } from '@/app/mass-actions/new/mutations';
import { describeOverlap, describeWhatStartNeeds, hasOverlap, overlapEntries } from '@/app/mass-actions/new/start-words';
import { useAnnounce } from '@/components/announcer';
import type { CheckedUploadView } from '@/lib/mass-actions/shared/start-types';
import type { MassActionRow } from '@/lib/mass-actions/shared/types';
import type { EnvironmentInfo } from '@/lib/shared/environment-info';
import { formatCount, formatCountOf } from '@/lib/shared/format';
import { actionTypeSpec, isActionType } from '@/lib/uploads/shared/action-types';
import { formatSize } from '@/lib/uploads/shared/upload-size';
import { describeRestConfirm, describeRestQuestion, shortBulkKey } from './chain-words';

/** POST /api/mass-actions/{bulkKey}/rest: the not-processed rows, checked and kept as uploads (parts of 4 MB at most). */
interface TheRest {
  parts: CheckedUploadView[];
  rows: number;
}

type PartProgress =
  | { state: 'waiting' }
  | { state: 'sending' }
  | { state: 'started'; bulkKey: string; alreadyStarted: boolean }
  | { state: 'failed'; message: string; code: string | null; isDeadEnd: boolean };

// Answers after which this part cannot be started from here: Zuora refused it, or it is gone.
const DEAD_ENDS = ['zuora_refused', 'refused_before', 'not_found'];

interface Props {
  row: MassActionRow;
  environment: EnvironmentInfo;
  isAdmin: boolean;
  /** The not-processed rows the result file counts, for the button before the rest is read. */
  notProcessed: number;
  /** What the button is for, said beside it. */
  describedBy?: string;
}

/**
 * Start the rest of a Stopped mass action: its not-processed rows, read from its imported result
 * file by the server and kept as one upload per part of 4 MB at most. The dialog names rows, parts,
 * type and tenant; production wants the total typed, rows sent before a reason (payments that
 * already succeeded an admin's override). Confirm sends the parts one after the other, each shown
 * as it goes; a part that fails stops the run there, and pressing again sends what is left (the same
 * Idempotency-Key for each part, so nothing is made twice).
 */
export function StartRestDialog({ row, environment, isAdmin, notProcessed, describedBy }: Props) {
  const [isOpen, setIsOpen] = useState(false);
  const [rest, setRest] = useState<TheRest | null>(null);
  const [prepareError, setPrepareError] = useState<Error | null>(null);
  const [isPreparing, setIsPreparing] = useState(false);
  const [progress, setProgress] = useState<Record<number, PartProgress>>({});
  const [reason, setReason] = useState('');
  const [isOverridden, setIsOverridden] = useState(false);
  const [typed, setTyped] = useState('');
  const [learned, setLearned] = useState<{ overlap: boolean; block: boolean }>({ overlap: false, block: false });
  const [isSending, setIsSending] = useState(false);
  // Refs, not state: a double click lands before React re-renders anything disabled.
  const preparing = useRef(false);
  const sending = useRef(false);
  const queryClient = useQueryClient();
  const announce = useAnnounce();

  const name = row.label ?? row.bulkKey;
  const typeCode = rest?.parts[0]?.actionType ?? row.state?.actionType ?? '';
  const actionLabel = isActionType(typeCode) ? actionTypeSpec(typeCode).label : typeCode || 'this type';
  const parts = rest?.parts ?? [];
  const progressOf = (part: CheckedUploadView): PartProgress => progress[part.uploadId] ?? { state: 'waiting' };
  const isStarted = (part: CheckedUploadView) => progressOf(part).state === 'started';
  const isDead = (part: CheckedUploadView) => {
    const p = progressOf(part);
    return p.state === 'failed' && p.isDeadEnd;
  };
  const toSend = parts.filter((part) => !isStarted(part) && !isDead(part));
  const isBlocked = parts.some((part) => part.overlap.isBlocked) || learned.block;
  const isBlockedForMe = isBlocked && !isAdmin;
  const needs = {
    isReasonNeeded: parts.some((part) => hasOverlap(part.overlap)) || learned.overlap || learned.block,
    isOverrideNeeded: isAdmin && isBlocked,
    // One typed count for all the parts: their total.
    typedConfirmation: parts.some((part) => part.typedConfirmation !== null) && rest ? String(rest.rows) : null,
  };
  const stillNeeded = rest ? describeWhatStartNeeds(needs, { reason, isOverridden, typed }) : null;
  const isDone = parts.length > 0 && parts.every(isStarted);
  const hasStartedAny = parts.some(isStarted);
  const hasFailure = parts.some((part) => progressOf(part).state === 'failed');
  const needsId = `rest-needs-${row.bulkKey}`;

  async function prepare() {
    if (preparing.current) return;
    preparing.current = true;
    setIsPreparing(true);
    setPrepareError(null);
    try {
      setRest(await fetchJson<TheRest>(`/api/mass-actions/${encodeURIComponent(row.bulkKey)}/rest`, { method: 'POST' }));
    } catch (error) {
      setPrepareError(error instanceof ConsoleApiError ? error : new Error(`The console did not answer (${error instanceof Error ? error.message : String(error)}).`));
    } finally {
      preparing.current = false;
      setIsPreparing(false);
    }
  }

  function reset() {
    setRest(null);
    setPrepareError(null);
    setProgress({});
    setReason('');
    setIsOverridden(false);
    setTyped('');
    setLearned({ overlap: false, block: false });
  }

  function openChange(open: boolean) {
    // Not while parts are being sent: the progress is the answer the operator waits for.
    if (!open && sending.current) return;
    setIsOpen(open);
    if (open && !rest && !preparing.current) void prepare();
    // Once every part is started, the next open reads the rest again (it would say what runs already).
    // After a failure the parts are kept, so pressing again sends only what is left, with the same keys.
    if (!open && (isDone || prepareError)) reset();
  }

  async function confirm() {
    if (sending.current || !rest || stillNeeded !== null || isBlockedForMe) return;
    sending.current = true;
    setIsSending(true);
    let started = 0;
    let failed: string | null = null;
    for (const part of rest.parts) {
      if (isStarted(part) || isDead(part)) continue;
      setProgress((p) => ({ ...p, [part.uploadId]: { state: 'sending' } }));
      try {
        const answer = await startCheckedUpload({
          uploadId: part.uploadId,
          // The total was typed for all the parts; each part is confirmed with its own count, as the server checks it.
          typedConfirmation: part.typedConfirmation,
          overlapReason: needs.isReasonNeeded ? reason : '',
          adminOverride: needs.isOverrideNeeded && isOverridden,
        });
        started += 1;
        setProgress((p) => ({ ...p, [part.uploadId]: { state: 'started', bulkKey: answer.bulkKey, alreadyStarted: answer.alreadyStarted } }));
      } catch (error) {
        const code = error instanceof ConsoleApiError ? error.code : null;
        const message = error instanceof ConsoleApiError ? error.message : `The console did not answer (${error instanceof Error ? error.message : String(error)}). Pressing Start again is safe: Zuora makes each part once.`;
        if (code === 'overlap_unconfirmed') setLearned((l) => ({ ...l, overlap: true }));
        if (code === 'overlap_blocked') setLearned((l) => ({ ...l, block: true }));
        const isDeadEnd = code !== null && (DEAD_ENDS.includes(code) || (code === 'overlap_blocked' && !isAdmin));
        setProgress((p) => ({ ...p, [part.uploadId]: { state: 'failed', message, code, isDeadEnd } }));
        failed = part.label ?? part.fileName;
        // In turn: what failed is read before anything more is sent.
        break;
      }
    }
    sending.current = false;
    setIsSending(false);
    void queryClient.invalidateQueries({ queryKey: massActionKeys.all });
    if (failed) announce(`${failed} was not started${started > 0 ? `; ${formatCountOf(started, 'part')} started before it` : ''}. The dialog says why.`);
    else announce(`Started the rest of ${name}: ${formatCountOf(rest.parts.length, 'mass action')}.`);
  }

  const question = rest ? describeRestQuestion(rest.rows, rest.parts.length, actionLabel, environment.kind) : `Start the rest of ${name}?`;
  const canConfirm = rest !== null && !isDone && toSend.length > 0 && !isBlockedForMe;
  return (
    <AlertDialog.Root open={isOpen} onOpenChange={openChange}>
      <AlertDialog.Trigger asChild>
        <button type="button" aria-describedby={describedBy} className="rounded bg-slate-900 px-3 py-1 text-sm font-medium text-white hover:bg-slate-700">
          Start the rest…
        </button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 bg-slate-900/40" />
        <AlertDialog.Content className="fixed left-1/2 top-1/2 max-h-[95vh] w-[40rem] max-w-[95vw] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded bg-white p-5 shadow-xl">
          <AlertDialog.Title className="text-lg font-semibold wrap-anywhere">{question}</AlertDialog.Title>
          <EnvironmentChip environment={environment} className="mt-2" />
          <AlertDialog.Description className="mt-3 text-sm">
            {rest
              ? `The rows ${name} never processed, read from its result file and checked like any upload. ${
                  rest.parts.length === 1
                    ? 'They become a mass action of their own, in the chain of this one; Zuora starts processing it as soon as it receives it.'
                    : 'Each part becomes a mass action of its own, in the chain of this one, sent one after the other; Zuora starts processing each as soon as it receives it.'
                } A stop later leaves the rows processed by then as they are.`
              : `The ${formatCountOf(notProcessed, 'row')} ${name} never processed, read from its result file. Nothing is sent to Zuora before you confirm.`}
          </AlertDialog.Description>

          {isPreparing && <p role="status" className="mt-3 text-sm text-blue-800">Reading the not-processed rows from the result file and checking them… Nothing is sent to Zuora at this step.</p>}
          {prepareError && (
            <div role="alert" className="mt-3 rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
              <p className="font-medium">The rest cannot be started.</p>
              <p className="wrap-anywhere">{prepareError.message}</p>
            </div>
          )}

          {rest && (
            <>
              <table className="mt-3 w-full table-fixed text-sm" aria-label="Parts">
                <colgroup>
                  <col />
                  <col className="w-20" />
                  <col className="w-20" />
                  <col className="w-44" />
                </colgroup>
                <thead>
                  <tr className="border-b border-slate-200 text-left text-xs text-slate-600">
                    <th scope="col" className="py-1 pr-2 font-medium">Part</th>
                    <th scope="col" className="py-1 pr-2 text-right font-medium">Rows</th>
                    <th scope="col" className="py-1 pr-2 text-right font-medium">Size</th>
                    <th scope="col" className="py-1 font-medium">Progress</th>
                  </tr>
                </thead>
                <tbody aria-live="polite">
                  {rest.parts.map((part) => (
                    <tr key={part.uploadId} className="border-b border-slate-100 align-top">
                      <th scope="row" className="py-1 pr-2 text-left font-normal wrap-anywhere">{part.label ?? part.fileName}</th>
                      <td className="py-1 pr-2 text-right tabular-nums">{formatCount(part.preview.rowCount)}</td>
                      <td className="whitespace-nowrap py-1 pr-2 text-right tabular-nums">{formatSize(part.preview.byteSize)}</td>
                      <td className="py-1"><PartProgressCell progress={progressOf(part)} /></td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr className="text-slate-700">
                    <th scope="row" className="py-1 pr-2 text-left font-medium">Total</th>
                    <td className="py-1 pr-2 text-right font-semibold tabular-nums">{formatCount(rest.rows)}</td>
                    <td colSpan={2} />
                  </tr>
                </tfoot>
              </table>

              {rest.parts.some((part) => hasOverlap(part.overlap)) && (
                <ul aria-label="Rows sent before" className="mt-3 list-disc space-y-0.5 pl-5 text-sm text-amber-900">
                  {rest.parts.flatMap((part) =>
                    overlapEntries(part.overlap).map(({ kind, item }) => {
                      const words = describeOverlap(kind, item);
                      return (
                        <li key={`${part.uploadId}-${kind}-${item.bulkKey}`} className="wrap-anywhere">
                          {rest.parts.length > 1 && <>{part.label ?? part.fileName}: </>}
                          {words.before} {item.label ?? item.bulkKey}{words.after}
                        </li>
                      );
                    }),
                  )}
                </ul>
              )}
              {isBlockedForMe && (
                <p className="mt-3 rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
                  Blocked: some of these payments already succeeded, so only an admin can start the rest. Ask an admin, or download the resume file, remove those rows and start it from the start page.
                </p>
              )}
              {!isDone && !isBlockedForMe && (
                <>
                  {needs.isOverrideNeeded && (
                    <label className="mt-3 flex items-start gap-2 rounded border border-red-300 bg-red-50 px-2 py-1.5 text-sm text-red-900">
                      <input type="checkbox" checked={isOverridden} onChange={(e) => setIsOverridden(e.target.checked)} disabled={isSending} className="mt-1" />
                      <span>Override as admin: make the payments that already succeeded again</span>
                    </label>
                  )}
                  {needs.isReasonNeeded && (
                    <label className="mt-3 flex flex-col gap-1 text-sm">
                      Why send these rows again? (required, kept in the audit trail of each part)
                      <textarea value={reason} onChange={(e) => setReason(e.target.value)} disabled={isSending} required maxLength={500} rows={2} className="rounded border border-slate-300 px-2 py-1" />
                    </label>
                  )}
                  {needs.typedConfirmation !== null && (
                    <label className="mt-3 flex flex-col gap-1 text-sm">
                      <span>
                        Type the number of rows, <strong className="font-mono">{needs.typedConfirmation}</strong>, to confirm{rest.parts.length > 1 ? ' (all the parts together)' : ''}
                      </span>
                      <input value={typed} onChange={(e) => setTyped(e.target.value)} disabled={isSending} required inputMode="numeric" autoComplete="off" spellCheck={false} className="rounded border border-slate-300 px-2 py-1 font-mono" />
                    </label>
                  )}
                  {stillNeeded && <p id={needsId} className="mt-2 text-xs text-slate-600">{stillNeeded}</p>}
                </>
              )}
              {hasFailure && !isSending && toSend.length > 0 && (
                <p className="mt-2 text-sm font-medium text-slate-800">Pressing Start again sends only the parts not started yet; Zuora makes each part once.</p>
              )}
              {isDone && (
                <p role="status" className="mt-3 rounded border border-green-700 bg-green-50 px-3 py-2 text-sm text-green-900">
                  The rest is started: {formatCountOf(rest.parts.length, 'new mass action')}, shown in the chain of this one. Open each from its link above.
                </p>
              )}
            </>
          )}

          <div className="mt-4 flex justify-end gap-2">
            <AlertDialog.Cancel asChild>
              <button type="button" disabled={isSending} className="rounded border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-60">
                {isDone || prepareError || isBlockedForMe || (rest && toSend.length === 0) ? 'Close' : hasStartedAny ? 'Close, start the others later' : 'Cancel'}
              </button>
            </AlertDialog.Cancel>
            {prepareError && !(prepareError instanceof ConsoleApiError && prepareError.code === 'nothing_left') && (
              <button type="button" disabled={isPreparing} onClick={() => void prepare()} className="rounded border border-slate-300 px-3 py-1.5 text-sm font-medium disabled:opacity-60">
                Check again
              </button>
            )}
            {canConfirm && (
              <button
                type="button"
                disabled={isSending || stillNeeded !== null}
                aria-describedby={stillNeeded ? needsId : undefined}
                onClick={confirm}
                className={`rounded px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60 ${environment.kind === 'production' ? 'bg-env-production' : 'bg-slate-900'}`}
              >
                {isSending ? 'Sending to Zuora…' : hasFailure || hasStartedAny ? 'Start again' : describeRestConfirm(rest.rows, rest.parts.length)}
              </button>
            )}
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

function PartProgressCell({ progress }: { progress: PartProgress }) {
  switch (progress.state) {
    case 'waiting':
      return <span className="text-slate-600">Not sent yet</span>;
    case 'sending':
      return <span className="text-blue-800">Sending to Zuora…</span>;
    case 'started':
      return (
        <span>
          {progress.alreadyStarted ? 'Started before: ' : 'Started: '}
          <Link href={`/mass-actions/${progress.bulkKey}`} title={`Bulk key ${progress.bulkKey}`} className="font-mono text-xs text-blue-800 underline">{shortBulkKey(progress.bulkKey)}</Link>
        </span>
      );
    case 'failed':
      return (
        <span className="text-red-800 wrap-anywhere">
          Not started: {progress.message}
          {progress.isDeadEnd && ' This part cannot be started from here.'}
        </span>
      );
  }
}
