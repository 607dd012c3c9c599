import Link from 'next/link';

export function BadBulkKey({ value, problem }: { value: string; problem: string }) {
  return (
    <section className="max-w-xl rounded border border-slate-200 bg-white p-6">
      <h1 className="mb-2 text-xl font-semibold">This link does not name a mass action</h1>
      <p className="mb-2 text-sm">{problem}</p>
      <p className="mb-4 break-all font-mono text-xs text-slate-600">{value.slice(0, 200)}</p>
      <Link href="/mass-actions" className="text-sm text-blue-700 underline">Back to the mass actions</Link>
    </section>
  );
}
