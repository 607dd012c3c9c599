import Link from 'next/link';

export default function Forbidden() {
  return (
    <main className="mx-auto mt-24 max-w-md rounded border border-slate-200 bg-white p-6">
      <h1 className="mb-2 text-xl font-semibold">Not for your role</h1>
      <p className="mb-4 text-sm text-slate-700">Your role does not allow this page. Ask an admin if you need it.</p>
      <Link href="/mass-actions" className="text-sm text-blue-700 underline">Back to the mass actions</Link>
    </main>
  );
}
