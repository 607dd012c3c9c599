import { NextResponse } from 'next/server';
import { ApiError } from '@/lib/api/api-error';
import { parseBulkKeyParam } from '@/lib/api/bulk-key-param';
import { withErrors } from '@/lib/api/errors';
import { parseJsonBody } from '@/lib/api/parse-body';
import { actorOf } from '@/lib/auth/actor';
import { requireApiUser } from '@/lib/auth/session';
import { getConfig } from '@/lib/config';
import { getDatabase } from '@/lib/db/database';
import { getAutoStopView, setAutoStopRule } from '@/lib/mass-actions/auto-stop/rules';
import { autoStopInputSchema } from '@/lib/mass-actions/shared/auto-stop';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ bulkKey: string }>;
}

/** The mass action's auto-stop rule, where it came from, and where it stands: for anyone signed in. */
export const GET = withErrors(async (_request: Request, { params }: Context) => {
  await requireApiUser('viewer');
  const bulkKey = parseBulkKeyParam((await params).bulkKey);
  const view = await getAutoStopView(await getDatabase(), bulkKey, getConfig().autoStopDefaults);
  if (!view) throw new ApiError(404, 'not_registered', 'This bulk key is not registered in the console.');
  return NextResponse.json(view);
});

/** Sets, changes or (`{ "none": true }`) turns off the rule: operators; refused once finished or fired (409). */
export const PUT = withErrors(async (request: Request, { params }: Context) => {
  const user = await requireApiUser('operator');
  const bulkKey = parseBulkKeyParam((await params).bulkKey);
  const rule = await parseJsonBody(request, autoStopInputSchema);
  const view = await setAutoStopRule(await getDatabase(), bulkKey, rule, actorOf(user, request.headers), getConfig().autoStopDefaults);
  return NextResponse.json(view);
});
