import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';
import { Providers } from './providers';

export const metadata: Metadata = {
  title: 'Mass Action Console',
  description: 'Watch, stop and review Zuora mass actions.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request, so each carries its own CSP nonce (see proxy.ts).
  await connection();
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
