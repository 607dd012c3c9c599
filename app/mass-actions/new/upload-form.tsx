'use client';

import { useId, type FormEvent } from 'react';
import { ACTION_TYPES, actionTypeSpec, isActionType, type ActionType } from '@/lib/uploads/shared/action-types';
import { describeOverLimit } from '@/lib/uploads/shared/upload-size';

export interface UploadFormValues {
  actionType: ActionType | '';
  file: File | null;
  label: string;
}

interface Props {
  values: UploadFormValues;
  onChange: (change: Partial<UploadFormValues>) => void;
  onSubmit: () => void;
  isChecking: boolean;
}

const MAX_LABEL = 200;

/** What a file of this type must hold, as the picker shows it below itself. */
function ColumnsOfType({ type, id }: { type: ActionType | ''; id: string }) {
  if (!type) return <p id={id} className="text-xs text-slate-600">Choose a type to see the columns its file needs.</p>;
  const spec = actionTypeSpec(type);
  const others = [...spec.known, ...spec.knownPrefixes.map((prefix) => `${prefix}<field>`)];
  return (
    <div id={id} className="text-xs text-slate-600">
      <p>
        <span className="font-medium text-slate-800">Required columns:</span>{' '}
        {spec.required.map((name) => <span key={name} className="mr-2 inline-block font-mono text-slate-900"><span aria-hidden="true">✱ </span>{name}</span>)}
        {spec.requiredOneOf.map((group) => (
          <span key={group.join('|')} className="mr-2 inline-block"><span aria-hidden="true">✱ </span>one of <span className="font-mono text-slate-900">{group.join(' or ')}</span></span>
        ))}
      </p>
      {others.length > 0 && <p className="mt-0.5 wrap-anywhere">Other columns Zuora knows: <span className="font-mono">{others.join(', ')}</span></p>}
    </div>
  );
}

/** The action type, the file and its label; "Check the file" sends them to the console, never to Zuora. */
export function UploadForm({ values, onChange, onSubmit, isChecking }: Props) {
  const columnsId = useId();
  const sizeId = useId();
  const overLimit = values.file ? describeOverLimit(values.file.size) : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (isChecking || overLimit) return;
    onSubmit();
  }

  return (
    <form onSubmit={submit} aria-label="The file to check" className="grid grid-cols-1 gap-x-4 gap-y-3 rounded border border-slate-200 bg-white p-4 text-sm lg:grid-cols-3">
      <div className="flex min-w-0 flex-col gap-1">
        <label htmlFor="start-action-type" className="font-medium">Action type</label>
        <select
          id="start-action-type"
          value={values.actionType}
          onChange={(e) => onChange({ actionType: isActionType(e.target.value) ? e.target.value : '' })}
          required
          aria-describedby={columnsId}
          className="rounded border border-slate-300 bg-white px-2 py-1.5"
        >
          <option value="">Choose the kind of mass action</option>
          {ACTION_TYPES.map((type) => <option key={type} value={type}>{actionTypeSpec(type).label}</option>)}
        </select>
        <ColumnsOfType type={values.actionType} id={columnsId} />
      </div>
      <div className="flex min-w-0 flex-col gap-1">
        <label htmlFor="start-file" className="font-medium">File (.csv, or a .zip holding one CSV)</label>
        <input
          id="start-file"
          type="file"
          accept=".csv,.zip"
          required
          aria-describedby={overLimit ? sizeId : undefined}
          onChange={(e) => onChange({ file: e.target.files?.[0] ?? null })}
          className="rounded border border-slate-300 px-2 py-1 file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-2 file:py-1 file:text-sm"
        />
        {overLimit ? (
          <p id={sizeId} role="alert" className="text-xs font-medium text-red-700">{overLimit} Zip it, or split it into smaller files.</p>
        ) : (
          <p className="text-xs text-slate-600">Up to 4 MB, Zuora&apos;s limit for one upload.</p>
        )}
      </div>
      <div className="flex min-w-0 flex-col gap-1">
        <label htmlFor="start-label" className="font-medium">Label (optional)</label>
        <input
          id="start-label"
          value={values.label}
          onChange={(e) => onChange({ label: e.target.value })}
          maxLength={MAX_LABEL}
          placeholder="e.g. FIN-4821 October reclass"
          className="rounded border border-slate-300 px-2 py-1.5"
        />
        <p className="text-xs text-slate-600">Names the mass action in the list and on its page; {MAX_LABEL} characters at most.</p>
      </div>
      <div className="flex flex-wrap items-center gap-3 lg:col-span-3">
        <button type="submit" disabled={isChecking} className="rounded bg-slate-900 px-3 py-1.5 font-medium text-white disabled:opacity-60">
          {isChecking ? 'Checking the file…' : 'Check the file'}
        </button>
        <p role="status" className="text-xs text-slate-600">
          {isChecking ? `Checking ${values.file?.name ?? 'the file'}… Nothing is sent to Zuora at this step.` : 'Checking keeps the file in the console; nothing is sent to Zuora.'}
        </p>
      </div>
    </form>
  );
}
