import Link from 'next/link';
import { hasRole } from '@/lib/auth/shared/roles';
import type { User } from '@/lib/auth/session';
import type { EnvironmentInfo } from '@/lib/shared/environment-info';
import { EnvironmentBanner } from './environment-banner';
import { SignOutButton } from './sign-out-button';

export function AppHeader({ user, environment }: { user: User; environment: EnvironmentInfo }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <EnvironmentBanner environment={environment} />
      <div className="mx-auto flex max-w-screen-2xl items-center gap-6 px-4 py-3">
        <Link href="/mass-actions" className="text-lg font-semibold">Mass Action Console</Link>
        <nav aria-label="Main" className="flex gap-4 text-sm">
          <Link href="/mass-actions" className="hover:underline">Mass actions</Link>
          {hasRole(user.role, 'admin') && <Link href="/audit" className="hover:underline">Audit trail</Link>}
          {hasRole(user.role, 'admin') && <Link href="/sessions" className="hover:underline">Sessions</Link>}
          {hasRole(user.role, 'admin') && <Link href="/notifications" className="hover:underline">Notifications</Link>}
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          <span>
            <span className="font-medium">{user.name}</span> <span className="text-slate-500">({user.role})</span>
          </span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
