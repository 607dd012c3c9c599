const format = new Intl.NumberFormat('en-US');

export interface ProgressCounts {
  total: number | null;
  succeeded: number | null;
  failed: number | null;
}

/** Succeeded / failed / remaining as one bar, with the numbers in text for everyone. */
export function ProgressBar({ total, succeeded, failed }: ProgressCounts) {
  if (total == null || total === 0) return <span className="text-sm text-slate-500">No counts yet</span>;
  const ok = succeeded ?? 0;
  const bad = failed ?? 0;
  const remaining = Math.max(0, total - ok - bad);
  const percent = (n: number) => `${(n / total) * 100}%`;
  const summary = `${format.format(ok)} succeeded, ${format.format(bad)} failed, ${format.format(remaining)} remaining of ${format.format(total)}`;
  return (
    <div className="min-w-48">
      <div className="flex h-2 overflow-hidden rounded bg-outcome-remaining" aria-hidden="true">
        <div className="bg-outcome-succeeded" style={{ width: percent(ok) }} />
        <div className="bg-outcome-failed" style={{ width: percent(bad) }} />
      </div>
      <p className="mt-1 text-xs text-slate-600">{summary}</p>
    </div>
  );
}
