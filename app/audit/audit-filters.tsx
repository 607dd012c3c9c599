import Link from 'next/link';
import type { AuditFilterParams } from '@/lib/audit/audit-filter';
import { AUDIT_KINDS } from '@/lib/audit/shared/types';

/** A plain GET form: the filters land in the URL, so a filtered view can be shared as a link. */
export function AuditFilters({ filter }: { filter: AuditFilterParams }) {
  return (
    <form method="get" action="/audit" className="mb-4 flex flex-wrap items-end gap-3 text-sm" role="search" aria-label="Filter the audit trail">
      <label className="flex flex-col gap-1">
        Person (email)
        <input name="actor" defaultValue={filter.actor ?? ''} className="rounded border border-slate-300 px-2 py-1" />
      </label>
      <label className="flex flex-col gap-1">
        Kind
        <select name="kind" defaultValue={filter.kind ?? ''} className="rounded border border-slate-300 px-2 py-1">
          <option value="">All kinds</option>
          {AUDIT_KINDS.map((kind) => <option key={kind} value={kind}>{kind}</option>)}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        Bulk key
        <input name="bulkKey" defaultValue={filter.bulkKey ?? ''} size={34} className="rounded border border-slate-300 px-2 py-1 font-mono" />
      </label>
      <button type="submit" className="rounded bg-slate-900 px-3 py-1.5 text-white">Filter</button>
      <Link href="/audit" className="py-1.5 text-blue-700 underline">Clear</Link>
    </form>
  );
}
