'use client';

import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useState } from 'react';
import type { EnvironmentInfo } from '@/lib/shared/environment-info';
import { useStopMassAction } from '@/app/mass-actions/mutations';
import type { MassActionRow } from '@/lib/mass-actions/shared/types';
import { describeStopConsequences } from './stop-consequences';
import { useNow } from '@/components/use-now';
import type { Freshness } from '@/components/zuora-age';
import { describeAgo, zuoraAgeMs } from '@/lib/mass-actions/shared/freshness';

interface Props {
  row: MassActionRow;
  environment: EnvironmentInfo;
  canOperate: boolean;
  freshness: Freshness;
}

// Past this, the dialog says in words how old its numbers are, not only in the small print.
const OLD_NUMBERS_MS = 10_000;

/** Stop with a confirmation that names the job and the tenant and spells out the consequences. */
export function StopDialog({ row, environment, canOperate, freshness }: Props) {
  const [isOpen, setIsOpen] = useState(false);
  const [reason, setReason] = useState('');
  const stop = useStopMassAction();
  const isProduction = environment.kind === 'production';
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

  return (
    <AlertDialog.Root open={isOpen} onOpenChange={(open) => { setIsOpen(open); if (!open) stop.reset(); }}>
      <AlertDialog.Trigger asChild>
        <button type="button" className="rounded border border-red-300 px-2 py-1 text-xs font-medium text-red-700 hover:bg-red-50">Stop</button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 bg-slate-900/40" />
        <AlertDialog.Content className="fixed left-1/2 top-1/2 w-[32rem] max-w-[95vw] -translate-x-1/2 -translate-y-1/2 rounded bg-white p-5 shadow-xl">
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
            Numbers as of {row.refreshedAt ? `${row.refreshedAt.replace('T', ' ').slice(0, 19)} UTC` : '—'}, read from Zuora {ageMs === null ? 'never' : describeAgo(ageMs)}.
          </p>
          {ageMs !== null && ageMs > OLD_NUMBERS_MS && (
            <p role="note" className="mt-1 rounded bg-amber-50 px-2 py-1 text-xs font-medium text-amber-900">
              These numbers are {describeAgo(ageMs).replace(' ago', '')} old: Zuora may have processed more rows since. The stop applies to whatever is left when Zuora receives it.
            </p>
          )}
          <label className="mt-3 flex flex-col gap-1 text-sm">
            Reason (optional, kept in the audit trail)
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} rows={2} className="rounded border border-slate-300 px-2 py-1" />
          </label>
          {stop.error && <p role="alert" className="mt-2 text-sm text-red-700">{stop.error.message}</p>}
          <div className="mt-4 flex justify-end gap-2">
            <AlertDialog.Cancel asChild>
              <button type="button" className="rounded border border-slate-300 px-3 py-1.5 text-sm">Keep it running</button>
            </AlertDialog.Cancel>
            <button
              type="button"
              disabled={stop.isPending}
              onClick={() => stop.mutate({ bulkKey: row.bulkKey, reason }, { onSuccess: () => { setIsOpen(false); setReason(''); } })}
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
