import { NOTIFICATION_EVENT_TITLES } from '@/lib/notifications/shared/events';
import type { WebhookSummary } from '@/lib/notifications/shared/deliveries';

/** The configured webhooks: a URL's path and query are left out, as a Slack-style URL carries its token there. */
export function WebhookList({ webhooks }: { webhooks: WebhookSummary[] }) {
  if (webhooks.length === 0) {
    return <p className="text-sm">No webhook is configured: set <code>WEBHOOKS</code> to notify a chat (README, &ldquo;Notify a chat when a stop happens&rdquo;).</p>;
  }
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Configured webhooks</caption>
        <thead className="bg-slate-100 text-xs uppercase text-slate-600">
          <tr>
            {['Webhook', 'Sends to', 'Events'].map((h) => <th key={h} scope="col" className="px-3 py-2">{h}</th>)}
          </tr>
        </thead>
        <tbody>
          {webhooks.map((webhook) => (
            <tr key={webhook.id} className="border-t border-slate-100 align-top">
              <th scope="row" className="px-3 py-2 font-medium">{webhook.id}</th>
              <td className="px-3 py-2 wrap-anywhere">{webhook.target}/…</td>
              <td className="px-3 py-2">{webhook.events.map((e) => NOTIFICATION_EVENT_TITLES[e]).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
