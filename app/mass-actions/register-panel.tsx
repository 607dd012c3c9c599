'use client';

import { useState, type FormEvent } from 'react';
import { useRegisterBulkKeys } from '@/app/mass-actions/mutations';
import type { RegistrationResult } from '@/lib/mass-actions/shared/registration-types';

const RESULT_LABELS: Record<RegistrationResult, string> = {
  registered: 'Registered',
  already_known: 'Already known',
  unknown_to_zuora: 'Unknown to Zuora',
  malformed: 'Malformed',
  not_checked: 'Not checked',
};

/** For mass actions started elsewhere (Zuora's UI, Workflow): paste their bulk keys. */
export function RegisterPanel({ canOperate }: { canOperate: boolean }) {
  const [keys, setKeys] = useState('');
  const [label, setLabel] = useState('');
  const register = useRegisterBulkKeys();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    register.mutate({ keys, label }, { onSuccess: () => setKeys('') });
  }

  return (
    <details className="rounded border border-slate-200 bg-white px-3 py-2">
      <summary className="cursor-pointer text-sm font-medium">Register bulk keys</summary>
      {!canOperate ? (
        <p className="mt-2 text-sm text-slate-600">Only operators can register bulk keys.</p>
      ) : (
        <form onSubmit={onSubmit} className="mt-2 flex flex-col gap-2 text-sm">
          <label className="flex flex-col gap-1">
            Bulk keys (one per line, or separated by commas or spaces)
            <textarea value={keys} onChange={(e) => setKeys(e.target.value)} rows={3} required className="rounded border border-slate-300 px-2 py-1 font-mono text-xs" />
          </label>
          <label className="flex flex-col gap-1">
            Label (optional, e.g. the uploaded file&apos;s name)
            <input value={label} onChange={(e) => setLabel(e.target.value)} maxLength={200} className="rounded border border-slate-300 px-2 py-1" />
          </label>
          <button type="submit" disabled={register.isPending} className="self-start rounded bg-slate-900 px-3 py-1.5 text-white disabled:opacity-60">
            {register.isPending ? 'Checking with Zuora…' : 'Register'}
          </button>
          {register.error && <p role="alert" className="text-red-700">{register.error.message}</p>}
          {register.data && (
            <ul aria-label="Registration results" className="flex flex-col gap-1">
              {register.data.outcomes.map((o) => (
                <li key={o.input} className="flex gap-2">
                  <span className="w-32 shrink-0 font-medium">{RESULT_LABELS[o.result]}</span>
                  <span className="break-all font-mono text-xs">{o.input}</span>
                  <span className="text-slate-600">{o.message}</span>
                </li>
              ))}
            </ul>
          )}
        </form>
      )}
    </details>
  );
}
