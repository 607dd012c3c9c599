import type { ReactNode } from 'react';

/** Label and value pairs, in two columns: a job's summary, Zuora's view of one. */
export function FactList({ facts }: { facts: [string, ReactNode][] }) {
  return (
    <dl className="mt-3 grid grid-cols-[14rem_1fr] gap-y-1 text-sm">
      {facts.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-slate-500">{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
