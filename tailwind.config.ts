import type { Config } from 'tailwindcss';

// Loaded by app/globals.css (`@config`). Statuses and environments are named tokens so every badge,
// bar and banner agrees, and a change of palette is one edit.
const config: Config = {
  content: ['./app/**/*.{ts,tsx}', './components/**/*.{ts,tsx}'],
  theme: {
    extend: {
      colors: {
        status: {
          pending: '#64748b',
          processing: '#2563eb',
          stopping: '#d97706',
          stopped: '#7c3aed',
          completed: '#15803d',
          failed: '#b91c1c',
        },
        outcome: {
          succeeded: '#16a34a',
          failed: '#dc2626',
          remaining: '#cbd5e1',
        },
        env: {
          production: '#b91c1c',
          'production-surface': '#fef2f2',
          sandbox: '#0f766e',
          'sandbox-surface': '#f0fdfa',
        },
      },
    },
  },
};

export default config;
