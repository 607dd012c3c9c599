import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { AppHeader } from '@/components/app-header';
import { hasRole } from '@/lib/auth/shared/roles';
import { requirePageUser } from '@/lib/auth/session';
import { getConfig } from '@/lib/config';
import { getEnvironmentInfo } from '@/lib/environment';
import { getJob } from '@/lib/mass-actions/job-service';
import { explainBadBulkKey } from '@/lib/zuora/shared/bulk-key';
import { BadBulkKey } from './bad-bulk-key';
import { JobView } from './job-view';
import { UnregisteredJob } from './unregistered-job';

export const metadata: Metadata = { title: 'Mass action · Mass Action Console' };

export default async function JobPage({ params }: { params: Promise<{ bulkKey: string }> }) {
  const user = await requirePageUser();
  const environment = getEnvironmentInfo();
  const bulkKey = decodeURIComponent((await params).bulkKey);
  const problem = explainBadBulkKey(bulkKey);
  const lookup = problem ? null : await getJob(bulkKey, user);
  if (!problem && !lookup) notFound();
  const canOperate = hasRole(user.role, 'operator');
  return (
    <>
      <AppHeader user={user} environment={environment} />
      <main className="mx-auto max-w-screen-2xl px-4 py-6">
        {problem || !lookup ? (
          <BadBulkKey value={bulkKey} problem={problem ?? ''} />
        ) : lookup.kind === 'unregistered' ? (
          <UnregisteredJob preview={lookup.preview} canOperate={canOperate} environment={environment} />
        ) : (
          <Suspense fallback={<p role="status">Loading…</p>}>
            <JobView initial={lookup.job} refreshIntervalMs={getConfig().refreshIntervalMs} canOperate={canOperate} isAdmin={hasRole(user.role, 'admin')} environment={environment} />
          </Suspense>
        )}
      </main>
    </>
  );
}
