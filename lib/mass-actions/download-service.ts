import 'server-only';
import { z } from 'zod';
import { appendAuditEvent, type Actor } from '../audit/audit-trail';
import { getDatabase } from '../db/database';
import { exportFixFile, exportResumeFile, exportView, openRawZip, type FileDownload } from '../result-files';
import { MAX_TEMPLATE_LENGTH, messageTemplate } from '../result-files/shared/message-template';
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
  /** The fix file of one error group: its message template. */
  template: z.string().max(MAX_TEMPLATE_LENGTH).optional(),
});

/**
 * Opens one of the files that finish the job, recording the download in the audit trail. A fix-file
 * link made before error groups had templates names one exact message (`error=`): it gets that
 * message's group.
 */
export async function openDownload(bulkKey: string, params: URLSearchParams, actor: Actor): Promise<FileDownload> {
  const oldError = params.get('error');
  const { kind, template } = downloadParams.parse({ kind: params.get('kind') ?? undefined, template: params.get('template') ?? (oldError ? messageTemplate(oldError) : undefined) });
  const db = await getDatabase();
  const { row: _row, page: _page, pageSize: _size, ...view } = parseResultViewQuery(params);
  const download =
    kind === 'original' ? await openRawZip(db, bulkKey)
    : kind === 'view' ? await exportView(db, bulkKey, view)
    : kind === 'resume' ? await exportResumeFile(db, bulkKey)
    : await exportFixFile(db, bulkKey, { template });
  const group = kind === 'fix' && template ? template : null;
  await appendAuditEvent(db, actor, {
    kind: 'file-download', bulkKey,
    summary: `Downloaded ${DESCRIPTIONS[kind]}${group ? ` for the error group “${group.slice(0, 80)}”` : ''}`,
    details: { kind, fileName: download.fileName, ...(kind === 'view' ? { view } : {}), ...(group ? { template: group } : {}) },
  });
  return download;
}
