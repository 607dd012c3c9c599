'use client';

import type { Ref } from 'react';
import type { CheckedUploadView } from '@/lib/mass-actions/shared/start-types';
import type { EnvironmentInfo } from '@/lib/shared/environment-info';
import { formatCountOf } from '@/lib/shared/format';
import { actionTypeSpec } from '@/lib/uploads/shared/action-types';
import { formatSize } from '@/lib/uploads/shared/upload-size';
import { EnvironmentChip } from './environment-chip';
import { OverlapWarning } from './overlap-warning';
import { ColumnsTable, FirstRowsTable } from './preview-tables';
import { StartDialog } from './start-dialog';
import { hasOverlap } from './start-words';
import { WarningList } from './warning-list';

interface Props {
  upload: CheckedUploadView;
  environment: EnvironmentInfo;
  isAdmin: boolean;
  /** The mass action whose failed rows this file retries; null for a new upload. */
  retryOf?: { bulkKey: string; label: string | null } | null;
  /** Why this checked file can no longer be started (Zuora refused it…); null while it can. */
  deadEnd: string | null;
  onDeadEnd: (message: string) => void;
  headingRef: Ref<HTMLHeadingElement>;
}

/** An accepted file as Zuora will receive it: the summary and Start first, then overlaps and warnings, then columns and rows. */
export function UploadPreview({ upload, environment, isAdmin, retryOf = null, deadEnd, onDeadEnd, headingRef }: Props) {
  const { preview } = upload;
  const spec = actionTypeSpec(upload.actionType);
  const isBlockedForMe = upload.overlap.isBlocked && !isAdmin;
  const blockedBecause = deadEnd ? 'This checked file cannot be started; check a corrected file.' : isBlockedForMe ? 'Blocked: only an admin can start a file that would make payments again.' : null;
  const facts: [string, string][] = [
    ['File', upload.fileName],
    ...(preview.csvName ? ([['CSV inside the zip', preview.csvName]] as [string, string][]) : []),
    ['Format', preview.format === 'zip' ? 'Zip holding one CSV' : 'CSV'],
    ['Size', preview.format === 'zip' ? `${formatSize(preview.byteSize)} zipped · ${formatSize(preview.csvByteSize)} unzipped` : formatSize(preview.byteSize)],
    ['Rows', formatCountOf(preview.rowCount, 'row')],
    ['Action type', `${spec.label} (${upload.actionType})`],
    ['Label', upload.label ?? '—'],
    ...(retryOf ? ([['Retry of', retryOf.label ? `${retryOf.label} (${retryOf.bulkKey})` : retryOf.bulkKey]] as [string, string][]) : []),
    ['MD5', preview.md5],
  ];

  return (
    <section aria-labelledby="start-preview-title" className="flex min-w-0 flex-col gap-4 rounded border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-1">
          <h2 id="start-preview-title" ref={headingRef} tabIndex={-1} className="text-lg font-semibold wrap-anywhere">
            Checked: {upload.fileName}
          </h2>
          <p className="text-sm text-slate-700">
            <span className="font-semibold tabular-nums">{formatCountOf(preview.rowCount, 'row')}</span> of {spec.label}{retryOf ? ', a retry of failed rows' : ''}, ready to start. Nothing has been sent to Zuora yet.
          </p>
        </div>
        <div className="flex flex-col items-end gap-2">
          <EnvironmentChip environment={environment} />
          <StartDialog upload={upload} environment={environment} isAdmin={isAdmin} blockedBecause={blockedBecause} onDeadEnd={onDeadEnd} />
        </div>
      </div>
      {deadEnd && (
        <p className="rounded border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 wrap-anywhere">
          {deadEnd} Fix the file, choose it again above and check it.
        </p>
      )}
      {hasOverlap(upload.overlap) && <OverlapWarning overlap={upload.overlap} timeZone={environment.timeZone} isAdmin={isAdmin} />}
      {preview.warnings.length > 0 && <WarningList warnings={preview.warnings} />}
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <div className="min-w-0">
          <h3 className="text-sm font-semibold">The file</h3>
          <dl className="mt-1 grid grid-cols-[9rem_minmax(0,1fr)] gap-y-1 text-sm">
            {facts.map(([term, value]) => (
              <div key={term} className="contents">
                <dt className="text-slate-600">{term}</dt>
                <dd className={term === 'MD5' ? 'font-mono text-xs wrap-anywhere' : term === 'Rows' ? 'font-semibold tabular-nums' : 'wrap-anywhere'}>{value}</dd>
              </div>
            ))}
          </dl>
        </div>
        <div className="min-w-0">
          <h3 className="text-sm font-semibold">Columns · {preview.columns.length}</h3>
          <ColumnsTable columns={preview.columns} />
        </div>
      </div>
      <div className="min-w-0">
        <h3 className="mb-1 text-sm font-semibold">First rows</h3>
        <FirstRowsTable columns={preview.columns} rows={preview.rows} rowCount={preview.rowCount} />
      </div>
    </section>
  );
}
