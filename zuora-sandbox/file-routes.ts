import { snapshotAt } from './life-cycle';
import { resultFileOf } from './mass-action-view';
import { requireBearer } from './oauth';
import { sendBytes } from './respond';
import { resultCsvName } from './result-file';
import type { RouteHandler } from './sandbox-context';
import { ZuoraError, CATEGORY, RESOURCE } from './zuora-errors';

// What the resultFile fault serves instead of a zip: an error page an edge proxy might send.
const CORRUPT_BODY = Buffer.from('<html><head><title>Error</title></head><body>upstream connect error or disconnect/reset before headers</body></html>\n');

/** GET /v1/files/{file-id}: the zipped result CSV of a Completed or Stopped mass action. */
export const getFile: RouteHandler = async ({ req, res, context, params }) => {
  requireBearer(req, context.tokens);
  const fileId = params['file-id'] ?? '';
  const action = context.actions.getByFileId(fileId);
  const file = action ? resultFileOf(action, snapshotAt(action, context.clock.now())) : null;
  if (!action || !file) throw new ZuoraError(404, RESOURCE.unknown, CATEGORY.notFound, `The file ${fileId.slice(0, 64)} does not exist.`);
  const fault = context.faults.current().resultFile;
  // 'truncated' cuts the zip mid-way (its central directory lost) but declares a consistent length.
  const body = fault === 'corrupt' ? CORRUPT_BODY : fault === 'truncated' ? file.subarray(0, Math.floor(file.byteLength / 2)) : file;
  const zipName = resultCsvName(action).replace(/\.csv$/, '.zip');
  sendBytes(req, res, 200, body, 'application/zip;charset=UTF-8', {
    'Content-Disposition': `attachment; filename="${zipName.replace(/["\\\r\n]/g, '_')}"`,
  });
};
