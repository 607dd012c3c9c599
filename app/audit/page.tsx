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
  const environment = getEnvironmentInfo();
  const parsed = parseAuditFilter(await searchParams, environment.timeZone);
  // A range that cannot be applied lists nothing: entries outside the dates asked for would mislead.
  const page = parsed.ok ? await listAuditEvents(await getDatabase(), parsed.filter) : null;
  return (
    <>
      <AppHeader user={user} environment={environment} />
      <main className="mx-auto max-w-screen-2xl px-4 py-6">
        <h1 className="mb-4 text-xl font-semibold">Audit trail</h1>
        <AuditFilters filter={parsed.params} problem={parsed.ok ? null : parsed.problem} environment={environment} />
        {page ? <AuditTable page={page} filter={parsed.params} timeZone={environment.timeZone} /> : <p>Correct the dates above to see the entries.</p>}
      </main>
    </>
  );
}
