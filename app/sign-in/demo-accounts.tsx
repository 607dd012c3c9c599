/** The demo's accounts, on its sign-in page: `npm run demo` prints them too, and nothing here is real. */
export function DemoAccounts({ accounts }: { accounts: { email: string; password: string; role: string }[] }) {
  if (accounts.length === 0) return null;
  return (
    <section aria-labelledby="demo-accounts-heading" className="mt-6 rounded border border-slate-200 bg-slate-50 p-3 text-sm">
      <h2 id="demo-accounts-heading" className="mb-1 font-semibold">Demo accounts</h2>
      <p className="mb-2 text-xs text-slate-600">This console runs against the built-in Zuora sandbox. Sign in as any of these:</p>
      <table className="w-full text-left text-xs">
        <thead>
          <tr><th scope="col" className="pr-2">Role</th><th scope="col" className="pr-2">Email</th><th scope="col">Password</th></tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr key={a.email}><td className="pr-2">{a.role}</td><td className="pr-2 font-mono">{a.email}</td><td className="font-mono">{a.password}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
