import { NextResponse } from 'next/server';
import { z } from 'zod';
import { ApiError, withErrors } from '@/lib/api/errors';
import { requireApiUser } from '@/lib/auth/session';
import { getDatabase } from '@/lib/db/database';
import { listWebhookDeliveries } from '@/lib/notifications/admin-view';

export const dynamic = 'force-dynamic';

const pageQuery = z.object({
  before: z.coerce.number().int().positive('must be a delivery id').optional(),
  limit: z.coerce.number().int().min(1).max(200, 'must be at most 200').optional(),
});

/** The configured webhooks (no URL path, query or secret) and their deliveries, newest first; `before` pages back. */
export const GET = withErrors(async (request: Request) => {
  await requireApiUser('admin');
  const search = new URL(request.url).searchParams;
  const parsed = pageQuery.safeParse({ before: search.get('before') ?? undefined, limit: search.get('limit') ?? undefined });
  if (!parsed.success) throw new ApiError(400, 'bad_request', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return NextResponse.json(await listWebhookDeliveries(await getDatabase(), parsed.data), { headers: { 'cache-control': 'no-store' } });
});
