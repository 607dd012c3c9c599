import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';
import { SkipLink } from '@/components/skip-link';
import { getEnvironmentInfo } from '@/lib/environment';
import { Providers } from './providers';

export async function generateMetadata(): Promise<Metadata> {
  await connection();
  // The tab says which tenant it acts on: a red icon for production, a calm one for a sandbox
  // (public/icons/; public/favicon.ico is a neutral one for clients that ask for it unprompted).
  const { kind } = getEnvironmentInfo();
  return {
    title: 'Mass Action Console',
    description: 'Watch, stop and review Zuora mass actions.',
    icons: { icon: [{ url: `/icons/${kind}.svg`, type: 'image/svg+xml' }] },
  };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request, so each carries its own CSP nonce (see proxy.ts).
  await connection();
  return (
    <html lang="en">
      <body>
        <SkipLink />
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
