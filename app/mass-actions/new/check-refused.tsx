import type { Problem, Warning } from '@/lib/uploads/shared/check-types';
import { formatCountOf } from '@/lib/shared/format';
import { WarningList } from './warning-list';

/** A refused file: every problem as the check words it, announced; the form above stays filled for a fixed file. */
export function CheckRefused({ fileName, problems, warnings }: { fileName: string; problems: Problem[]; warnings: Warning[] }) {
  return (
    <section aria-labelledby="start-refused-title" className="flex flex-col gap-3">
      <div role="alert" className="rounded border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900">
        <h2 id="start-refused-title" className="font-semibold wrap-anywhere">
          {fileName} was refused: {formatCountOf(problems.length, 'problem')} to fix
        </h2>
        <ul className="mt-2 list-disc space-y-1 pl-5">
          {problems.map((problem, i) => <li key={`${problem.code}-${i}`} className="wrap-anywhere">{problem.message}</li>)}
        </ul>
        <p className="mt-2 text-red-800">Nothing was kept and nothing was sent to Zuora. Fix the file, choose it again and check it.</p>
      </div>
      {warnings.length > 0 && <WarningList warnings={warnings} />}
    </section>
  );
}
