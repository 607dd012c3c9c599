import Link from 'next/link';
import type { AuditFilterParams, DateField } from '@/lib/audit/audit-filter';
import { AUDIT_KIND_LABELS, AUDIT_KINDS } from '@/lib/audit/shared/types';
import type { EnvironmentInfo } from '@/lib/shared/environment-info';
import { offsetOf } from '@/lib/shared/time';

const INPUT = 'rounded border border-slate-300 px-2 py-1 aria-[invalid=true]:border-red-700';

/**
 * A plain GET form: the filters land in the URL, so a filtered view can be shared as a link. The
 * dates are days in the console's zone, the one every time on the page is shown in.
 */
export function AuditFilters({ filter, problem, environment }: {
  filter: AuditFilterParams;
  problem: { message: string; fields: DateField[] } | null;
  environment: Pick<EnvironmentInfo, 'timeZone' | 'isZuoraTimeZoneKnown'>;
}) {
  const describedBy = problem ? 'audit-dates-zone audit-dates-problem' : 'audit-dates-zone';
  const dateInput = (field: DateField, label: string) => (
    <label className="flex flex-col gap-1">
      {label}
      <input
        type="date" name={field} defaultValue={filter[field] ?? ''} className={INPUT}
        aria-describedby={describedBy} aria-invalid={problem?.fields.includes(field) || undefined}
      />
    </label>
  );
  return (
    <form method="get" action="/audit" className="mb-4 flex flex-wrap items-end gap-3 text-sm" role="search" aria-label="Filter the audit trail">
      <label className="flex flex-col gap-1">
        Person (email)
        <input name="actor" defaultValue={filter.actor ?? ''} className={INPUT} />
      </label>
      <label className="flex flex-col gap-1">
        Kind
        <select name="kind" defaultValue={filter.kind ?? ''} className={INPUT}>
          <option value="">All kinds</option>
          {AUDIT_KINDS.map((kind) => <option key={kind} value={kind}>{AUDIT_KIND_LABELS[kind]}</option>)}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        Bulk key
        <input name="bulkKey" defaultValue={filter.bulkKey ?? ''} size={34} className={`${INPUT} font-mono`} />
      </label>
      {dateInput('from', 'From')}
      {dateInput('to', 'To')}
      {filter.batch && (
        <label className="flex items-center gap-1 self-center rounded bg-slate-100 px-2 py-1">
          <input type="checkbox" name="batch" value={filter.batch} defaultChecked className="size-4" />
          Only bulk stop #{filter.batch}
        </label>
      )}
      <button type="submit" className="rounded bg-slate-900 px-3 py-1.5 text-white">Filter</button>
      <Link href="/audit" className="py-1.5 text-blue-700 underline">Clear</Link>
      <p id="audit-dates-zone" className="basis-full text-xs text-slate-600">{describeZone(environment)}</p>
      {problem && <p id="audit-dates-problem" role="alert" className="basis-full font-medium text-red-800">{problem.message}</p>}
    </form>
  );
}

function describeZone({ timeZone, isZuoraTimeZoneKnown }: Pick<EnvironmentInfo, 'timeZone' | 'isZuoraTimeZoneKnown'>): string {
  const zone = isZuoraTimeZoneKnown ? `${timeZone} (${offsetOf(timeZone)} today)` : 'UTC (ZUORA_TIME_ZONE is not set)';
  return `From and To are days in ${zone}, the zone of every time on this page; both days are included.`;
}
