import { NextResponse } from 'next/server';
import { withErrors } from '@/lib/api/errors';
import { requireApiUser } from '@/lib/auth/session';
import { getMassActionList } from '@/lib/mass-actions/list-service';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (_request: Request) => {
  await requireApiUser('viewer');
  return NextResponse.json(await getMassActionList());
});
