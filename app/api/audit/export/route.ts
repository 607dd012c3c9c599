import { Readable } from 'node:stream';
import { ApiError } from '@/lib/api/api-error';
import { withErrors } from '@/lib/api/errors';
import { openAuditExport } from '@/lib/audit/audit-export';
import { parseAuditFilter } from '@/lib/audit/audit-filter';
import { actorOf } from '@/lib/auth/actor';
import { requireApiUser } from '@/lib/auth/session';
import { getDatabase } from '@/lib/db/database';
import { getEnvironmentInfo } from '@/lib/environment';

export const dynamic = 'force-dynamic';

/** The audit page's filters (`actor`, `kind`, `bulkKey`, `from`, `to`) as CSV: every matching entry, not one page. */
export const GET = withErrors(async (request: Request) => {
  const user = await requireApiUser('admin');
  const { timeZone } = getEnvironmentInfo();
  const parsed = parseAuditFilter(new URL(request.url).searchParams, timeZone);
  if (!parsed.ok) throw new ApiError(400, 'bad_request', parsed.problem.message);
  const download = await openAuditExport(await getDatabase(), parsed, actorOf(user, request.headers), timeZone);
  return new Response(Readable.toWeb(download.stream) as ReadableStream, {
    headers: {
      'content-type': download.contentType,
      'content-disposition': `attachment; filename="${download.fileName.replace(/[^\w.-]/g, '_')}"`,
      'cache-control': 'no-store',
    },
  });
});
