import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['.next/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration through lib/config.ts.' }],
    },
  },
  {
    // The config module, the server's port, the demo and the test harness are where the environment is read.
    files: ['lib/config.ts', 'lib/testing/**', 'scripts/**', 'e2e/**', 'zuora-sandbox/**', 'playwright.config.ts', 'instrumentation.ts', 'server.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
];

export default config;
