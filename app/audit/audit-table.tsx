import Link from 'next/link';
import { formatCount } from '@/lib/shared/format';
import { formatInZone } from '@/lib/shared/time';
import { TimeLabel } from '@/components/time-label';
import { StopRequestDetails } from '@/components/stop-request-details';
import { auditFilterQuery, type AuditFilterParams } from '@/lib/audit/audit-filter';
import type { AuditPage } from '@/lib/audit/shared/types';

export function AuditTable({ page, filter, timeZone }: { page: AuditPage; filter: AuditFilterParams; timeZone: string }) {
  if (page.events.length === 0) return <p>No entries match these filters.</p>;
  return (
    <>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Audit entries, newest first</caption>
          <thead className="bg-slate-100 text-xs uppercase text-slate-600">
            <tr>
              {['When', 'Who', 'From', 'Kind', 'What', 'Mass action', 'Zuora ids'].map((h) => <th key={h} scope="col" className="px-3 py-2">{h}</th>)}
            </tr>
          </thead>
          <tbody>
            {page.events.map((event) => (
              <tr key={event.id} className="border-t border-slate-100 align-top">
                <td className="px-3 py-2"><TimeLabel at={event.at} timeZone={timeZone} /></td>
                <td className="px-3 py-2">{event.actorName ?? event.actorEmail}<br /><span className="text-xs text-slate-500">{event.actorEmail}{event.actorRole ? ` · ${event.actorRole}` : ''}</span></td>
                <td className="px-3 py-2 text-xs">{event.clientAddress ?? '—'}</td>
                <td className="px-3 py-2">{event.kind}</td>
                <td className="min-w-64 px-3 py-2 wrap-anywhere">
                  {event.summary}
                  {event.kind === 'stop-request' && <StopRequestDetails details={event.details} />}
                  {event.repeats && <p className="mt-1 text-xs text-slate-600">{describeRepeats(event.repeats, timeZone)}</p>}
                </td>
                <td className="px-3 py-2 font-mono text-xs">
                  {event.bulkKey ? <Link href={`/mass-actions/${event.bulkKey}`} className="text-blue-700 underline">{event.bulkKey.slice(0, 8)}…</Link> : '—'}
                </td>
                <td className="px-3 py-2 font-mono text-xs">{event.zuoraRequestId ?? ''}{event.zuoraTrackId ? <><br />{event.zuoraTrackId}</> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.nextBefore && (
        <Link href={`/audit${auditFilterQuery({ ...filter, before: page.nextBefore })}`} className="mt-3 inline-block text-sm text-blue-700 underline">Older entries</Link>
      )}
    </>
  );
}

/** "Then 4 more wrong passwords and 95 throttled attempts, the last at 09:14:03" */
function describeRepeats({ failed, throttled, lastAt }: { failed: number; throttled: number; lastAt: string }, timeZone: string): string {
  const parts = [
    failed > 0 ? `${formatCount(failed)} more failed ${failed === 1 ? 'attempt' : 'attempts'}` : null,
    throttled > 0 ? `${formatCount(throttled)} throttled ${throttled === 1 ? 'attempt' : 'attempts'}` : null,
  ].filter(Boolean);
  return `Then ${parts.join(' and ')}, the last at ${formatInZone(lastAt, timeZone)} (counted, not listed one by one).`;
}
