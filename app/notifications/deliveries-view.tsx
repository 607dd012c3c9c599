'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { deliveriesQuery } from './delivery-queries';
import { DeliveriesTable } from './deliveries-table';

/** The outbox, newest first; the page shown is `?before=<id>` in the URL, so a link shows the same. */
export function DeliveriesView({ timeZone }: { timeZone: string }) {
  const before = Number(useSearchParams().get('before')) || null;
  const { data, error, isPending } = useQuery(deliveriesQuery(before));
  if (isPending) return <p role="status">Loading deliveries…</p>;
  return (
    <div className="flex flex-col gap-3">
      {error && <p role="alert" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">The console cannot be reached: {error.message}</p>}
      {data && data.deliveries.length === 0 ? (
        <p>{before === null ? 'Nothing has been sent yet.' : 'No older deliveries.'}</p>
      ) : data ? (
        <DeliveriesTable deliveries={data.deliveries} timeZone={timeZone} />
      ) : null}
      {(before !== null || data?.nextBefore) && (
        <nav aria-label="Pages of deliveries" className="flex gap-3 text-sm">
          {before !== null && <Link href="/notifications" className="rounded border border-slate-300 bg-white px-2 py-1">Newest</Link>}
          {data?.nextBefore && <Link href={`/notifications?before=${data.nextBefore}`} className="rounded border border-slate-300 bg-white px-2 py-1">Older</Link>}
        </nav>
      )}
    </div>
  );
}
