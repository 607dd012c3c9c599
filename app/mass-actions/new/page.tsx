import type { Metadata } from 'next';
import { AppHeader } from '@/components/app-header';
import { hasRole } from '@/lib/auth/shared/roles';
import { requirePageUser } from '@/lib/auth/session';
import { getEnvironmentInfo } from '@/lib/environment';
import { StartView } from './start-view';

export const metadata: Metadata = { title: 'Start a mass action · Mass Action Console' };

export default async function StartMassActionPage() {
  const user = await requirePageUser('operator');
  const environment = getEnvironmentInfo();
  return (
    <>
      <AppHeader user={user} environment={environment} />
      <main className="mx-auto max-w-screen-2xl px-4 py-6">
        <h1 className="text-xl font-semibold">Start a mass action</h1>
        <p className="mb-4 mt-1 max-w-3xl text-sm text-slate-600">
          Check the file first: the console reads it and shows what Zuora will receive. Nothing is sent to Zuora until you confirm Start.
        </p>
        <StartView environment={environment} isAdmin={hasRole(user.role, 'admin')} />
      </main>
    </>
  );
}
