import { z } from 'zod';

// Browser-safe: the list page's URL and the list API read the same parameters the same way.
export const LIST_TABS = ['active', 'completed', 'stopped', 'failed', 'all'] as const;
export type ListTab = (typeof LIST_TABS)[number];
export const LIST_TAB_LABELS: Record<ListTab, string> = { active: 'Active', completed: 'Completed', stopped: 'Stopped', failed: 'Failed', all: 'All' };

export const LIST_SORTS = ['registered', 'uploaded', 'status', 'label', 'actionType'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

export const LIST_PAGE_SIZE = 50;

export const listQuerySchema = z.object({
  tab: z.enum(LIST_TABS).catch('active'),
  q: z.string().trim().max(200).catch(''),
  sort: z.enum(LIST_SORTS).catch('registered'),
  dir: z.enum(['asc', 'desc']).catch('desc'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export type ListQuery = z.infer<typeof listQuerySchema>;

/** Lenient on purpose: a hand-edited or old link still opens, on the defaults for what it got wrong. */
export function parseListQuery(params: URLSearchParams): ListQuery {
  return listQuerySchema.parse({
    tab: params.get('tab') ?? undefined,
    q: params.get('q') ?? undefined,
    sort: params.get('sort') ?? undefined,
    dir: params.get('dir') ?? undefined,
    page: params.get('page') ?? undefined,
  });
}

const DEFAULTS: ListQuery = { tab: 'active', q: '', sort: 'registered', dir: 'desc', page: 1 };

/** Only what differs from the defaults, so links stay short and stable. */
export function listQueryString(query: ListQuery): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULTS) as (keyof ListQuery)[]) {
    if (query[key] !== DEFAULTS[key]) params.set(key, String(query[key]));
  }
  return params.toString();
}
