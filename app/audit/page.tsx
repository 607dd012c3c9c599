import type { Metadata } from 'next';
import { AppHeader } from '@/components/app-header';
import { listAuditEvents } from '@/lib/audit/audit-trail';
import { parseAuditFilter } from '@/lib/audit/audit-filter';
import { requirePageUser } from '@/lib/auth/session';
import { getDatabase } from '@/lib/db/database';
import { getEnvironmentInfo } from '@/lib/environment';
import { AuditFilters } from './audit-filters';
import { AuditTable } from './audit-table';

export const metadata: Metadata = { title: 'Audit trail · Mass Action Console' };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser('admin');
  const filter = parseAuditFilter(await searchParams);
  const page = await listAuditEvents(await getDatabase(), filter);
  const environment = getEnvironmentInfo();
  return (
    <>
      <AppHeader user={user} environment={environment} />
      <main className="mx-auto max-w-screen-2xl px-4 py-6">
        <h1 className="mb-4 text-xl font-semibold">Audit trail</h1>
        <AuditFilters filter={filter} />
        <AuditTable page={page} filter={filter} timeZone={environment.timeZone} />
      </main>
    </>
  );
}
