import type { Metadata } from 'next';
import { AppHeader } from '@/components/app-header';
import { requirePageUser } from '@/lib/auth/session';
import { getConfig } from '@/lib/config';
import { getEnvironmentInfo } from '@/lib/environment';
import { MassActionsTable } from './mass-actions-table';

export const metadata: Metadata = { title: 'Mass actions · Mass Action Console' };

export default async function MassActionsPage() {
  const user = await requirePageUser();
  return (
    <>
      <AppHeader user={user} environment={getEnvironmentInfo()} />
      <main className="mx-auto max-w-screen-2xl px-4 py-6">
        <h1 className="mb-4 text-xl font-semibold">Mass actions</h1>
        <MassActionsTable refreshIntervalMs={getConfig().refreshIntervalMs} />
      </main>
    </>
  );
}
