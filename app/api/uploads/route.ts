import { NextResponse } from 'next/server';
import { ApiError } from '@/lib/api/api-error';
import { parseBulkKeyParam } from '@/lib/api/bulk-key-param';
import { withErrors } from '@/lib/api/errors';
import { actorOf } from '@/lib/auth/actor';
import { requireApiUser } from '@/lib/auth/session';
import { checkUpload } from '@/lib/mass-actions/start-service';

export const dynamic = 'force-dynamic';

// A file to start a mass action with: checked and kept, never sent to Zuora here (see start/).
// The front door lets this one route carry a 4 MB file (lib/front-door/).
export const POST = withErrors(async (request: Request) => {
  const user = await requireApiUser('operator');
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new ApiError(400, 'bad_request', 'The request must be a multipart form with the parts file, actionType and (optionally) label and retryOf.');
  }
  const file = form.get('file');
  const actionType = form.get('actionType');
  const label = form.get('label');
  if (!(file instanceof File)) throw new ApiError(400, 'bad_request', 'file: choose a .csv file, or a .zip holding one.');
  if (typeof actionType !== 'string' || !actionType) throw new ApiError(400, 'bad_request', 'actionType: choose the kind of mass action.');
  if (label !== null && (typeof label !== 'string' || label.length > 200)) throw new ApiError(400, 'bad_request', 'label: must be 200 characters or fewer.');
  // The fixed rows of a mass action: the corrected fix file, uploaded as a retry of it.
  const retryOf = form.get('retryOf');
  const parent = typeof retryOf === 'string' && retryOf ? parseBulkKeyParam(retryOf) : null;
  const answer = await checkUpload(
    {
      fileName: file.name || 'upload.csv', bytes: new Uint8Array(await file.arrayBuffer()), actionType, label: label?.trim() || null,
      lineage: parent ? { parentBulkKey: parent, relation: 'retry', partIndex: null, partCount: null } : null,
    },
    actorOf(user, request.headers),
  );
  return NextResponse.json(answer, { status: answer.ok ? 200 : 422 });
});
