import type { Metadata } from 'next';
import { AppHeader } from '@/components/app-header';
import { requirePageUser } from '@/lib/auth/session';
import { getOpenSessions } from '@/lib/auth/sessions-service';
import { getEnvironmentInfo } from '@/lib/environment';
import { SessionsTable } from './sessions-table';

export const metadata: Metadata = { title: 'Sessions · Mass Action Console' };

export default async function SessionsPage() {
  const user = await requirePageUser('admin');
  const people = await getOpenSessions();
  const environment = getEnvironmentInfo();
  return (
    <>
      <AppHeader user={user} environment={environment} />
      <main className="mx-auto max-w-screen-2xl px-4 py-6">
        <h1 className="mb-1 text-xl font-semibold">Sessions</h1>
        <p className="mb-4 max-w-3xl text-sm text-slate-600">
          Who is signed in now. Ending someone&apos;s sessions signs them out of every browser at once, on their next request; it is recorded in the audit trail.
          A session also ends on sign-out, at its maximum age, or when the account is removed or no longer granted a role.
        </p>
        <SessionsTable people={people} currentIdentity={user.email} timeZone={environment.timeZone} />
      </main>
    </>
  );
}
