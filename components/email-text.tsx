/**
 * An email address that, in a narrow cell, wraps after its "@" ("finance.ops@ / sandbox.example.com")
 * rather than wherever the line runs out ("…example.co / m").
 */
export function EmailText({ email }: { email: string }) {
  const at = email.lastIndexOf('@');
  if (at <= 0) return <>{email}</>;
  return <>{email.slice(0, at + 1)}<wbr />{email.slice(at + 1)}</>;
}
