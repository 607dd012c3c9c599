'use client';

import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ConsoleApiError } from '@/app/fetch-json';
import { describeRule, parseAutoStopInput, type AutoStopRule, type AutoStopView } from '@/lib/mass-actions/shared/auto-stop';
import { useSaveAutoStopRule } from './auto-stop-queries';

type Field = keyof AutoStopRule;
type Values = Record<Field, string>;

const toText = (value: number | null | undefined) => (value == null ? '' : String(value));
const toNumber = (text: string) => (text.trim() === '' ? null : Number(text));

interface Props {
  view: AutoStopView;
  onDone: (savedRule: AutoStopRule | null | undefined) => void;
}

/**
 * The rule's three numbers, or "No rule" (which also turns a default off). Checked here with the
 * server's own rules, each problem beside its field; the server checks again and its refusal is
 * shown the same way.
 */
export function AutoStopForm({ view, onDone }: Props) {
  const start = view.rule ?? view.defaultRule;
  // Opened to set a rule, unless an operator chose "No rule" before.
  const [hasRule, setHasRule] = useState(!view.isTurnedOff);
  const [values, setValues] = useState<Values>({ afterProcessed: toText(start?.afterProcessed), failedPercentAbove: toText(start?.failedPercentAbove), failedAbove: toText(start?.failedAbove) });
  const [problem, setProblem] = useState<{ field: Field | null; message: string } | null>(null);
  const save = useSaveAutoStopRule(view.bulkKey);
  const inputs = { afterProcessed: useRef<HTMLInputElement>(null), failedPercentAbove: useRef<HTMLInputElement>(null), failedAbove: useRef<HTMLInputElement>(null) };
  const firstChoice = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => firstChoice.current?.focus(), []);

  function submit(event: FormEvent) {
    event.preventDefault();
    const input = hasRule ? { afterProcessed: toNumber(values.afterProcessed), failedPercentAbove: toNumber(values.failedPercentAbove), failedAbove: toNumber(values.failedAbove) } : { none: true };
    const parsed = parseAutoStopInput(input);
    if (!parsed.ok) {
      const field = parsed.field === 'none' ? null : parsed.field;
      setProblem({ field, message: parsed.message });
      if (field) inputs[field].current?.focus();
      return;
    }
    setProblem(null);
    save.mutate(parsed.rule, {
      onSuccess: () => onDone(parsed.rule),
      onError: (error) => {
        const message = error instanceof ConsoleApiError ? error.message : `The console did not answer (${error.message}).`;
        // The server's 400 says "field: message", as the form would have.
        const match = /^(afterProcessed|failedPercentAbove|failedAbove): (.*)$/.exec(message);
        setProblem(match ? { field: match[1] as Field, message: match[2]! } : { field: null, message });
      },
    });
  }

  const errorId = (field: Field | 'form') => `${id}-${field}-error`;
  const numberField = (field: Field, label: string, attributes: { min: number; max?: number; step: string; suffix?: string }) => {
    const isWrong = problem?.field === field;
    return (
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-${field}`} className="text-slate-700">{label}</label>
        <span className="flex items-center gap-1">
          <input
            ref={inputs[field]}
            id={`${id}-${field}`}
            type="number"
            inputMode={attributes.step === '1' ? 'numeric' : 'decimal'}
            min={attributes.min}
            max={attributes.max}
            step={attributes.step}
            value={values[field]}
            onChange={(event) => setValues((v) => ({ ...v, [field]: event.target.value }))}
            aria-invalid={isWrong || undefined}
            aria-describedby={isWrong ? errorId(field) : undefined}
            className={`w-32 rounded border px-2 py-1 text-right tabular-nums disabled:bg-slate-100 ${isWrong ? 'border-red-700' : 'border-slate-300'}`}
          />
          {attributes.suffix && <span aria-hidden="true">{attributes.suffix}</span>}
        </span>
        {isWrong && <p id={errorId(field)} className="text-red-800">{problem.message}</p>}
      </div>
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Edit the auto-stop rule" className="flex flex-col gap-3" onKeyDown={(event) => event.key === 'Escape' && onDone(undefined)}>
      <fieldset className="flex flex-wrap gap-4">
        <legend className="sr-only">Auto-stop</legend>
        <label className="flex items-center gap-1.5">
          <input ref={firstChoice} type="radio" name={`${id}-mode`} checked={hasRule} onChange={() => setHasRule(true)} /> Stop on a rule
        </label>
        <label className="flex items-center gap-1.5">
          <input type="radio" name={`${id}-mode`} checked={!hasRule} onChange={() => setHasRule(false)} /> No rule
          {view.defaultRule && <span className="text-slate-600">(turns off the default for {view.actionType}: {describeRule(view.defaultRule)})</span>}
        </label>
      </fieldset>
      <fieldset disabled={!hasRule} className="flex flex-col gap-2">
        <legend className="text-slate-700">Stop once at least N rows are processed and more than X % of them failed, or once more than M rows failed. Leave a condition empty to go without it.</legend>
        <div className="flex flex-wrap items-start gap-4">
          {numberField('afterProcessed', 'N: processed rows, at least', { min: 1, step: '1' })}
          {numberField('failedPercentAbove', 'X: failed share, more than (%)', { min: 0, max: 100, step: 'any', suffix: '%' })}
          {numberField('failedAbove', 'M: failed rows, more than', { min: 1, step: '1' })}
        </div>
      </fieldset>
      {problem && problem.field === null && <p id={errorId('form')} role="alert" className="text-red-800">{problem.message}</p>}
      <div className="flex gap-2">
        <button type="submit" disabled={save.isPending} className="rounded bg-slate-900 px-3 py-1 font-medium text-white hover:bg-slate-700 disabled:opacity-60">
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={() => onDone(undefined)} className="rounded border border-slate-300 bg-white px-3 py-1 hover:bg-slate-50">Cancel</button>
      </div>
    </form>
  );
}
