'use client';

import { useEffect, useRef, useState } from 'react';
import type { EnvironmentInfo } from '@/lib/shared/environment-info';
import { CheckRefused } from './check-refused';
import { useCheckUpload } from './mutations';
import { UploadForm, type UploadFormValues } from './upload-form';
import { UploadPreview } from './upload-preview';

/**
 * Two steps: the file is checked (kept by the console, never sent to Zuora), then, from its preview,
 * started after a confirmation. A refusal leaves the form filled, so a fixed file is one choice away.
 */
export function StartView({ environment, isAdmin }: { environment: EnvironmentInfo; isAdmin: boolean }) {
  const [values, setValues] = useState<UploadFormValues>({ actionType: '', file: null, label: '' });
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
    check.mutate({ file: values.file, actionType: values.actionType, label: values.label });
  }

  return (
    <div className="flex min-w-0 flex-col gap-4">
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
          deadEnd={deadEnd?.uploadId === answer.upload.uploadId ? deadEnd.message : null}
          onDeadEnd={(message) => setDeadEnd({ uploadId: answer.upload.uploadId, message })}
          headingRef={previewHeading}
        />
      )}
    </div>
  );
}
