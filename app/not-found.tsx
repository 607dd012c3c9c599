import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto mt-24 max-w-md rounded border border-slate-200 bg-white p-6">
      <h1 className="mb-2 text-xl font-semibold">Not found</h1>
      <p className="mb-4 text-sm text-slate-700">There is nothing at this address.</p>
      <Link href="/mass-actions" className="text-sm text-blue-700 underline">Back to the mass actions</Link>
    </main>
  );
}
