import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AppHeader } from '@/components/app-header';
import { requirePageUser } from '@/lib/auth/session';
import { getEnvironmentInfo } from '@/lib/environment';
import { describeConfiguredWebhooks } from '@/lib/notifications/admin-view';
import { DeliveriesView } from './deliveries-view';
import { WebhookList } from './webhook-list';

export const metadata: Metadata = { title: 'Notifications · Mass Action Console' };

export default async function NotificationsPage() {
  const user = await requirePageUser('admin');
  const environment = getEnvironmentInfo();
  return (
    <>
      <AppHeader user={user} environment={environment} />
      <main className="mx-auto max-w-screen-2xl px-4 py-6">
        <h1 className="mb-1 text-xl font-semibold">Notifications</h1>
        <p className="mb-4 max-w-3xl text-sm text-slate-600">
          The webhooks told of stops and failures (the <code>WEBHOOKS</code> setting), and what was sent to them. Each event about a mass action is sent once to
          each webhook that wants it, signed; a receiver that fails is tried again, waiting longer each time, up to 10 attempts.
        </p>
        <WebhookList webhooks={describeConfiguredWebhooks()} />
        <h2 className="mb-2 mt-6 text-lg font-semibold">Deliveries</h2>
        <Suspense fallback={<p role="status">Loading deliveries…</p>}>
          <DeliveriesView timeZone={environment.timeZone} />
        </Suspense>
      </main>
    </>
  );
}
