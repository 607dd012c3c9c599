import { queryOptions } from '@tanstack/react-query';
import { fetchJson } from '../fetch-json';
import type { WebhookDeliveriesPage } from '@/lib/notifications/shared/deliveries';

export const deliveryKeys = {
  all: ['webhook-deliveries'] as const,
  page: (before: number | null) => [...deliveryKeys.all, { before }] as const,
};

/** Often while something shown is still on its way; the newest page now and then, for new deliveries. */
export function refetchIntervalFor(page: WebhookDeliveriesPage | undefined, before: number | null): number | false {
  if (page?.deliveries.some((d) => d.status === 'queued' || d.status === 'sending' || d.status === 'retrying')) return 2_000;
  return before === null ? 10_000 : false;
}

export function deliveriesQuery(before: number | null) {
  return queryOptions({
    queryKey: deliveryKeys.page(before),
    queryFn: () => fetchJson<WebhookDeliveriesPage>(`/api/admin/webhook-deliveries${before === null ? '' : `?before=${before}`}`),
    refetchInterval: (q) => refetchIntervalFor(q.state.data, before),
    placeholderData: (previous) => previous,
  });
}
