'use client';

import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { fetchJson } from '@/app/fetch-json';
import { formatCount, formatCountOf } from '@/lib/shared/format';
import type { OpenSessionSummary } from '@/lib/auth/shared/open-sessions';
import { TimeLabel } from '@/components/time-label';

export function SessionsTable({ people, currentIdentity, timeZone }: { people: OpenSessionSummary[]; currentIdentity: string; timeZone: string }) {
  const [announcement, setAnnouncement] = useState('');
  const status = <p role="status" className="mt-3 text-sm">{announcement}</p>;
  if (people.length === 0) return <><p>Nobody is signed in.</p>{status}</>;
  return (
    <>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">People with open sessions, most recent sign-in first</caption>
          <thead className="bg-slate-100 text-xs uppercase text-slate-600">
            <tr>
              {['Who', 'Signed in with', 'Open sessions', 'First sign-in', 'Last sign-in', ''].map((h, i) => <th key={i} scope="col" className={`px-3 py-2 ${h === 'Open sessions' ? 'text-right' : ''}`}>{h || <span className="sr-only">Actions</span>}</th>)}
            </tr>
          </thead>
          <tbody>
            {people.map((person) => (
              <tr key={person.identity} className="border-t border-slate-100 align-top">
                <td className="px-3 py-2 wrap-anywhere">{person.name}<br /><span className="text-xs text-slate-500">{person.identity}</span></td>
                <td className="px-3 py-2">{person.method === 'sso' ? 'Single sign-on' : 'Local account'}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatCount(person.sessions)}</td>
                <td className="px-3 py-2"><TimeLabel at={person.firstSignedInAt} timeZone={timeZone} /></td>
                <td className="px-3 py-2"><TimeLabel at={person.lastSignedInAt} timeZone={timeZone} /></td>
                <td className="px-3 py-2 text-right"><EndSessionsButton person={person} isSelf={person.identity === currentIdentity} onEnded={setAnnouncement} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {status}
    </>
  );
}

function EndSessionsButton({ person, isSelf, onEnded }: { person: OpenSessionSummary; isSelf: boolean; onEnded: (message: string) => void }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);
  const count = formatCountOf(person.sessions, 'session');

  async function end() {
    setIsPending(true);
    setError(null);
    let ended: number;
    try {
      ({ ended } = await fetchJson<{ ended: number }>('/api/sessions/end', { method: 'POST', body: JSON.stringify({ identity: person.identity }) }));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      return;
    } finally {
      setIsPending(false);
    }
    onEnded(`Ended ${formatCountOf(ended, 'session')} of ${person.name}.`);
    // Ending one's own sessions lands on sign-in: the page is rendered again without a session.
    router.refresh();
  }

  return (
    <AlertDialog.Root onOpenChange={(open) => !open && setError(null)}>
      <AlertDialog.Trigger asChild>
        <button type="button" className="whitespace-nowrap rounded border border-red-300 px-2 py-1 text-xs font-medium text-red-700 hover:bg-red-50">End all sessions</button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 bg-slate-900/40" />
        <AlertDialog.Content className="fixed left-1/2 top-1/2 w-[28rem] max-w-[95vw] -translate-x-1/2 -translate-y-1/2 rounded bg-white p-5 shadow-xl">
          <AlertDialog.Title className="text-lg font-semibold">End {count} of {person.name}?</AlertDialog.Title>
          <AlertDialog.Description className="mt-2 text-sm wrap-anywhere">
            {person.identity} is signed out of every browser on their next request and must sign in again.{isSelf ? ' This includes you.' : ''}
          </AlertDialog.Description>
          {error && <p role="alert" className="mt-2 text-sm text-red-700">{error}</p>}
          <div className="mt-4 flex justify-end gap-2">
            <AlertDialog.Cancel asChild>
              <button type="button" className="rounded border border-slate-300 px-3 py-1.5 text-sm">Keep them signed in</button>
            </AlertDialog.Cancel>
            <button type="button" disabled={isPending} onClick={() => void end()} className="rounded bg-red-700 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60">
              {isPending ? 'Ending…' : `End ${count}`}
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
