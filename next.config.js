// Security headers on every response; pages get their nonce-based Content-Security-Policy from proxy.ts.
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  // Job links carry bulk keys and searches: never send them to another origin.
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  experimental: { authInterrupts: true },
  // Loaded from node_modules, once per process: the startup check (instrumentation.ts) and the route
  // handlers are separate bundles, and a database opened by one is used by the others, so Kysely's
  // classes (the dialect's adapter, which lib/db/dialect.ts recognises) must be the same in all.
  // pg and better-sqlite3 are external already (Next.js's own list).
  serverExternalPackages: ['kysely'],
  // `npm test` type-checks the whole project once (tsc); the build need not do it again.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      {
        source: '/api/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" },
          { key: 'Cache-Control', value: 'no-store' },
        ],
      },
    ];
  },
};

export default nextConfig;
