import Link from 'next/link';

export default function JobNotFound() {
  return (
    <main className="mx-auto mt-24 max-w-md rounded border border-slate-200 bg-white p-6">
      <h1 className="mb-2 text-xl font-semibold">Mass action not found</h1>
      <p className="mb-4 text-sm text-slate-700">Zuora does not know this bulk key. Check the link, or the tenant it was made for.</p>
      <Link href="/mass-actions" className="text-sm text-blue-700 underline">Back to the mass actions</Link>
    </main>
  );
}
