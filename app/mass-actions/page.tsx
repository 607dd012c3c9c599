import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AppHeader } from '@/components/app-header';
import { hasRole } from '@/lib/auth/shared/roles';
import { requirePageUser } from '@/lib/auth/session';
import { getConfig } from '@/lib/config';
import { getEnvironmentInfo } from '@/lib/environment';
import { MassActionsView } from './mass-actions-view';

export const metadata: Metadata = { title: 'Mass actions · Mass Action Console' };

export default async function MassActionsPage() {
  const user = await requirePageUser();
  const environment = getEnvironmentInfo();
  return (
    <>
      <AppHeader user={user} environment={environment} />
      <main className="mx-auto max-w-screen-2xl px-4 py-6">
        <h1 className="mb-4 text-xl font-semibold">Mass actions</h1>
        <Suspense fallback={<p role="status">Loading mass actions…</p>}>
          <MassActionsView refreshIntervalMs={getConfig().refreshIntervalMs} canOperate={hasRole(user.role, 'operator')} environment={environment} />
        </Suspense>
      </main>
    </>
  );
}
