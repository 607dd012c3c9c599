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
          // White 12 px bold text on each of these passes WCAG AA (4.5:1): amber-700, not amber-600 (3.2:1).
          stopping: '#b45309',
          stopped: '#7c3aed',
          completed: '#15803d',
          failed: '#b91c1c',
        },
        outcome: {
          // green-700: white text on it is 5.0:1; green-600 was 3.3:1.
          succeeded: '#15803d',
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
