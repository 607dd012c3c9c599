import path from 'node:path';

export const E2E_CONSOLE_PORT = 3100;
export const E2E_SANDBOX_PORT = 4110;
export const E2E_CONSOLE_URL = `http://127.0.0.1:${E2E_CONSOLE_PORT}`;
export const E2E_SANDBOX_URL = `http://127.0.0.1:${E2E_SANDBOX_PORT}`;

export const AUTH_DIR = path.join('test-results', '.auth');
export const storageStateFor = (role: 'operator' | 'viewer' | 'admin') => path.join(AUTH_DIR, `${role}.json`);
