import 'server-only';
import { z } from 'zod';
import { appendAuditEvent, type Actor } from '../audit/audit-trail';
import { getDatabase } from '../db/database';
import { exportFixFile, exportResumeFile, exportView, openRawZip, type FileDownload } from '../result-files';
import { parseResultViewQuery } from '../result-files/shared/view-query';

export const DOWNLOAD_KINDS = ['original', 'view', 'resume', 'fix'] as const;
export type DownloadKind = (typeof DOWNLOAD_KINDS)[number];

const DESCRIPTIONS: Record<DownloadKind, string> = {
  original: "the original result zip, as Zuora gave it",
  view: 'the current view as CSV',
  resume: 'the resume file (rows not processed)',
  fix: 'the fix file (failed rows with #Error Message)',
};

export const downloadParams = z.object({
  kind: z.enum(DOWNLOAD_KINDS, { error: `kind must be one of ${DOWNLOAD_KINDS.join(', ')}` }),
  error: z.string().max(2000).optional(),
});

/** Opens one of the files that finish the job, recording the download in the audit trail. */
export async function openDownload(bulkKey: string, params: URLSearchParams, actor: Actor): Promise<FileDownload> {
  const { kind, error } = downloadParams.parse({ kind: params.get('kind') ?? undefined, error: params.get('error') ?? undefined });
  const db = await getDatabase();
  const { row: _row, page: _page, pageSize: _size, ...view } = parseResultViewQuery(params);
  const download =
    kind === 'original' ? await openRawZip(db, bulkKey)
    : kind === 'view' ? await exportView(db, bulkKey, view)
    : kind === 'resume' ? await exportResumeFile(db, bulkKey)
    : await exportFixFile(db, bulkKey, { errorMessage: error });
  await appendAuditEvent(db, actor, {
    kind: 'file-download', bulkKey,
    summary: `Downloaded ${DESCRIPTIONS[kind]}${kind === 'fix' && error ? ` for “${error.slice(0, 80)}”` : ''}`,
    details: { kind, fileName: download.fileName, ...(kind === 'view' ? { view } : {}), ...(error ? { errorMessage: error } : {}) },
  });
  return download;
}
