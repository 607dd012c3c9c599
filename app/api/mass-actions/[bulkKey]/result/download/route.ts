import { Readable } from 'node:stream';
import { ZodError } from 'zod';
import { ApiError } from '@/lib/api/api-error';
import { parseBulkKeyParam } from '@/lib/api/bulk-key-param';
import { withErrors } from '@/lib/api/errors';
import { actorOf } from '@/lib/auth/actor';
import { requireApiUser } from '@/lib/auth/session';
import { openDownload } from '@/lib/mass-actions/download-service';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (request: Request, { params }: { params: Promise<{ bulkKey: string }> }) => {
  const user = await requireApiUser('viewer');
  const bulkKey = parseBulkKeyParam((await params).bulkKey);
  const download = await openDownload(bulkKey, new URL(request.url).searchParams, actorOf(user, request.headers)).catch((error: unknown) => {
    throw error instanceof ZodError ? new ApiError(400, 'bad_request', error.issues[0]?.message ?? 'Bad download request.') : error;
  });
  // Streamed: a 500,000-row export never sits in memory whole.
  return new Response(Readable.toWeb(download.stream) as ReadableStream, {
    headers: {
      'content-type': download.contentType,
      'content-disposition': `attachment; filename="${download.fileName.replace(/[^\w.-]/g, '_')}"`,
    },
  });
});
