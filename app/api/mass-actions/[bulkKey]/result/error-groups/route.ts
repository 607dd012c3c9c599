import { NextResponse } from 'next/server';
import { ApiError } from '@/lib/api/api-error';
import { parseBulkKeyParam } from '@/lib/api/bulk-key-param';
import { withErrors } from '@/lib/api/errors';
import { requireApiUser } from '@/lib/auth/session';
import { getDatabase } from '@/lib/db/database';
import { listErrorGroups } from '@/lib/result-files';
import { errorGroupsQuerySchema } from '@/lib/result-files/shared/rows-query';

export const dynamic = 'force-dynamic';

/** One page of the failures grouped by message template (`?page=2&pageSize=20`), with the totals. */
export const GET = withErrors(async (request: Request, { params }: { params: Promise<{ bulkKey: string }> }) => {
  await requireApiUser('viewer');
  const bulkKey = parseBulkKeyParam((await params).bulkKey);
  const search = new URL(request.url).searchParams;
  const query = errorGroupsQuerySchema.safeParse({ page: search.get('page') ?? undefined, pageSize: search.get('pageSize') ?? undefined });
  if (!query.success) throw new ApiError(400, 'bad_request', `Bad error-group page: ${query.error.issues[0]?.message ?? 'invalid'}.`);
  return NextResponse.json(await listErrorGroups(await getDatabase(), bulkKey, query.data));
});
