'use client';

import { useEffect, useRef, useState } from 'react';
import type { EnvironmentInfo } from '@/lib/shared/environment-info';
import type { ActionType } from '@/lib/uploads/shared/action-types';
import { CheckRefused } from './check-refused';
import { useCheckUpload } from './mutations';
import { UploadForm, type UploadFormValues } from './upload-form';
import { UploadPreview } from './upload-preview';
import { RetryNotice, type RetryTarget } from './retry-of';

interface Props {
  environment: EnvironmentInfo;
  isAdmin: boolean;
  /** The type chosen already (`?actionType=`); '' for none. */
  initialActionType?: ActionType | '';
  /** The mass action whose failed rows this file retries (`?retryOf=`); null for a new upload. */
  retryOf?: RetryTarget | null;
}

/**
 * Two steps: the file is checked (kept by the console, never sent to Zuora), then, from its preview,
 * started after a confirmation. A refusal leaves the form filled, so a fixed file is one choice away.
 * Asked for a retry, the file is checked as one: the mass action it starts is in that one's chain.
 */
export function StartView({ environment, isAdmin, initialActionType = '', retryOf = null }: Props) {
  const [values, setValues] = useState<UploadFormValues>({ actionType: initialActionType, file: null, label: '' });
  const retryKey = retryOf && !retryOf.problem ? retryOf.bulkKey : null;
  const [deadEnd, setDeadEnd] = useState<{ uploadId: number; message: string } | null>(null);
  const check = useCheckUpload();
  const previewHeading = useRef<HTMLHeadingElement>(null);
  const answer = check.data;
  const acceptedId = answer?.ok ? answer.upload.uploadId : null;

  // The preview is the next thing to read: focus goes to its heading (a refusal is announced instead).
  useEffect(() => {
    if (acceptedId !== null) previewHeading.current?.focus();
  }, [acceptedId]);

  function change(part: Partial<UploadFormValues>) {
    setValues((previous) => ({ ...previous, ...part }));
    // A preview that no longer matches the form must not be startable; a refusal stays as a reference.
    if (check.data?.ok) check.reset();
  }

  function submit() {
    if (!values.file || !values.actionType) return;
    check.mutate({ file: values.file, actionType: values.actionType, label: values.label, retryOf: retryKey });
  }

  return (
    <div className="flex min-w-0 flex-col gap-4">
      {retryOf && <RetryNotice retryOf={retryOf} />}
      <UploadForm values={values} onChange={change} onSubmit={submit} isChecking={check.isPending} />
      {check.error && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 wrap-anywhere">
          The file could not be checked: {check.error.message}
        </p>
      )}
      {answer && !answer.ok && <CheckRefused fileName={check.variables?.file.name ?? 'The file'} problems={answer.problems} warnings={answer.warnings} />}
      {answer?.ok && (
        <UploadPreview
          key={answer.upload.uploadId}
          upload={answer.upload}
          environment={environment}
          isAdmin={isAdmin}
          retryOf={retryKey && retryOf ? { bulkKey: retryKey, label: retryOf.label } : null}
          deadEnd={deadEnd?.uploadId === answer.upload.uploadId ? deadEnd.message : null}
          onDeadEnd={(message) => setDeadEnd({ uploadId: answer.upload.uploadId, message })}
          headingRef={previewHeading}
        />
      )}
    </div>
  );
}
