'use client';

import Link from 'next/link';
import { TimeLabel } from '@/components/time-label';
import { useNow } from '@/components/use-now';
import { formatDuration } from '@/lib/shared/format';
import { NOTIFICATION_EVENT_TITLES } from '@/lib/notifications/shared/events';
import type { DeliveryStatus, WebhookDeliveryView } from '@/lib/notifications/shared/deliveries';

const STATUS: Record<DeliveryStatus, { words: string; style: string }> = {
  queued: { words: 'Queued', style: 'text-slate-700' },
  sending: { words: 'Sending', style: 'text-slate-700' },
  retrying: { words: 'Retrying', style: 'text-amber-800' },
  delivered: { words: 'Delivered', style: 'text-green-800' },
  failed: { words: 'Failed', style: 'text-red-700' },
};

export function DeliveriesTable({ deliveries, timeZone }: { deliveries: WebhookDeliveryView[]; timeZone: string }) {
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Webhook deliveries, newest first</caption>
        <thead className="bg-slate-100 text-xs uppercase text-slate-600">
          <tr>
            {['Event', 'Mass action', 'Webhook', 'Status', 'Attempts', 'Last answer', 'When'].map((h) => (
              <th key={h} scope="col" className={`px-3 py-2 ${h === 'Attempts' ? 'text-right' : ''}`}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {deliveries.map((delivery) => (
            <tr key={delivery.id} className="border-t border-slate-100 align-top">
              <td className="px-3 py-2">{NOTIFICATION_EVENT_TITLES[delivery.event] ?? delivery.event}</td>
              <td className="px-3 py-2 font-mono text-xs wrap-anywhere"><Link href={delivery.bulkKey.startsWith('batch-') ? `/audit?batch=${delivery.bulkKey.slice('batch-'.length)}` : `/mass-actions/${delivery.bulkKey}`} className="underline">{delivery.bulkKey.startsWith('batch-') ? `bulk stop #${delivery.bulkKey.slice('batch-'.length)}` : delivery.bulkKey}</Link></td>
              <td className="px-3 py-2 wrap-anywhere">{delivery.webhookId}</td>
              <td className={`px-3 py-2 font-medium ${STATUS[delivery.status].style}`}>{STATUS[delivery.status].words}</td>
              <td className="px-3 py-2 text-right tabular-nums">{delivery.attempts}</td>
              <td className="max-w-sm px-3 py-2 wrap-anywhere">{describeAnswer(delivery)}</td>
              <td className="px-3 py-2 text-xs"><DeliveryTimes delivery={delivery} timeZone={timeZone} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function describeAnswer({ lastHttpStatus, lastError, attempts }: WebhookDeliveryView): string {
  if (lastError) return lastError;
  if (lastHttpStatus !== null) return `HTTP ${lastHttpStatus}`;
  return attempts === 0 ? 'not sent yet' : '—';
}

function DeliveryTimes({ delivery, timeZone }: { delivery: WebhookDeliveryView; timeZone: string }) {
  const now = useNow();
  return (
    <ul className="space-y-0.5">
      <li>Queued <TimeLabel at={delivery.createdAt} timeZone={timeZone} show="relative" /></li>
      {delivery.lastAttemptAt && <li>Last attempt <TimeLabel at={delivery.lastAttemptAt} timeZone={timeZone} show="relative" /></li>}
      {delivery.deliveredAt && <li>Delivered <TimeLabel at={delivery.deliveredAt} timeZone={timeZone} show="relative" /></li>}
      {delivery.status === 'retrying' && delivery.nextAttemptAt && <li>Next attempt in {formatDuration(Math.max(0, Date.parse(delivery.nextAttemptAt) - now))}</li>}
    </ul>
  );
}
