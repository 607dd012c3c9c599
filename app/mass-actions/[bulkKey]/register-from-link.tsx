'use client';

import { useRouter } from 'next/navigation';
import { useRegisterBulkKeys } from '@/app/mass-actions/mutations';
import type { RegistrationOutcome } from '@/lib/mass-actions/shared/registration-types';

const isRegistered = (outcome: RegistrationOutcome | undefined) => outcome?.result === 'registered' || outcome?.result === 'already_known';

/** An operator's explicit registration of a key opened through a link (a same-origin POST); then the page shows the job. */
export function RegisterFromLink({ bulkKey }: { bulkKey: string }) {
  const router = useRouter();
  const register = useRegisterBulkKeys();
  const outcome = register.data?.outcomes[0];
  const problem = register.error?.message ?? (outcome && !isRegistered(outcome) ? outcome.message : null);

  function onRegister() {
    register.mutate({ keys: bulkKey, label: '', via: 'link' }, { onSuccess: ({ outcomes }) => { if (isRegistered(outcomes[0])) router.refresh(); } });
  }

  return (
    <div className="mt-3 flex flex-wrap items-center gap-3">
      <button
        type="button"
        onClick={onRegister}
        disabled={register.isPending || isRegistered(outcome)}
        className="rounded bg-slate-900 px-3 py-1.5 font-medium text-white disabled:opacity-60"
      >
        {register.isPending ? 'Checking with Zuora…' : 'Register this mass action'}
      </button>
      <p role="status">{isRegistered(outcome) ? 'Registered; opening the job…' : ''}</p>
      {problem && <p role="alert" className="basis-full text-red-700">{problem}</p>}
    </div>
  );
}
