import Link from 'next/link';
import { StopRequestDetails } from '@/components/stop-request-details';
import { describeEventDetails } from '@/lib/audit/shared/event-details';
import type { AuditEvent } from '@/lib/audit/shared/types';

/** Under an entry's summary: a stop's reason, label and Zuora's answer as the job page shows them, a registration's label, then the rest an admin may need. */
export function EventDetails({ event, timeZone }: { event: AuditEvent; timeZone: string }) {
  const { label, reason, notes } = describeEventDetails(event, timeZone);
  return (
    <>
      {event.kind === 'stop-request' ? <StopRequestDetails details={event.details} /> : label && <p className="text-slate-700">Label: {label}</p>}
      {event.kind === 'stop-batch' && reason && <p className="text-slate-700 wrap-anywhere">Reason: “{reason}”</p>}
      {(event.kind === 'stop-batch' || event.batchId) && (
        <p><Link href={`/audit?batch=${event.batchId ?? event.id}`} className="text-blue-700 underline">{event.kind === 'stop-batch' ? 'This bulk stop, key by key' : `Bulk stop #${event.batchId}`}</Link></p>
      )}
      {notes.length > 0 && (
        <ul className="mt-1 text-xs text-slate-600">
          {notes.map((note) => <li key={note}>{note}</li>)}
        </ul>
      )}
    </>
  );
}
