import { NextResponse } from 'next/server';
import { parseBulkKeyParam } from '@/lib/api/bulk-key-param';
import { withErrors } from '@/lib/api/errors';
import { requireApiUser } from '@/lib/auth/session';
import { getDatabase } from '@/lib/db/database';
import { listErrorGroups } from '@/lib/result-files';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (_request: Request, { params }: { params: Promise<{ bulkKey: string }> }) => {
  await requireApiUser('viewer');
  const bulkKey = parseBulkKeyParam((await params).bulkKey);
  return NextResponse.json(await listErrorGroups(await getDatabase(), bulkKey, { limit: 100 }));
});
