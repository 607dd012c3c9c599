import fs from 'node:fs';
import path from 'node:path';
import { expect, request as playwrightRequest, test } from '@playwright/test';
import { E2E_CONSOLE_URL, storageStateFor } from './stack';

type Who = 'anonymous' | 'viewer' | 'operator' | 'admin';
type Needs = 'public' | 'viewer' | 'operator' | 'admin';

// Every API route and method with the least role it needs. A route added under app/api without an
// entry here fails the first test; an entry whose route does not enforce it fails the second.
const EXPECTED: Record<string, Record<string, Needs>> = {
  '/api/auth/[...nextauth]': { GET: 'public', POST: 'public' },
  '/api/health': { GET: 'public' },
  '/api/mass-actions': { GET: 'viewer', POST: 'operator' },
  '/api/mass-actions/[bulkKey]': { GET: 'viewer' },
  '/api/mass-actions/events': { GET: 'viewer' },
  '/api/mass-actions/[bulkKey]/stop': { POST: 'operator' },
  '/api/mass-actions/[bulkKey]/rest': { POST: 'operator' },
  '/api/mass-actions/[bulkKey]/auto-stop': { GET: 'viewer', PUT: 'operator' },
  '/api/mass-actions/bulk-stop': { POST: 'operator' },
  '/api/mass-actions/bulk-stop/preview': { POST: 'operator' },
  '/api/admin/webhook-deliveries': { GET: 'admin' },
  '/api/mass-actions/[bulkKey]/result': { GET: 'viewer' },
  '/api/mass-actions/[bulkKey]/result/error-groups': { GET: 'viewer' },
  '/api/mass-actions/[bulkKey]/result/download': { GET: 'viewer' },
  '/api/sessions': { GET: 'admin' },
  '/api/sessions/end': { POST: 'admin' },
  '/api/audit/export': { GET: 'admin' },
  '/api/uploads': { POST: 'operator' },
  '/api/uploads/[uploadId]/start': { POST: 'operator' },
};

const SAMPLE_PARAMS: Record<string, string> = { '[bulkKey]': 'z'.repeat(32), '[...nextauth]': 'session', '[uploadId]': '999999' };
const RANK: Record<Who, number> = { anonymous: -1, viewer: 0, operator: 1, admin: 2 };

function discoverRoutes(): { route: string; methods: string[] }[] {
  const found: { route: string; methods: string[] }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'route.ts') {
        const source = fs.readFileSync(full, 'utf8');
        const methods = [...source.matchAll(/\b(?:export\s+(?:const|async\s+function|function)\s+|as\s+)(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!);
        found.push({ route: `/${path.relative('app', path.dirname(full)).split(path.sep).join('/')}`, methods: [...new Set(methods)] });
      }
    }
  };
  walk(path.join('app', 'api'));
  return found;
}

const routes = discoverRoutes();

test('every API route and method has an expected access level', () => {
  expect(routes.length).toBeGreaterThanOrEqual(4);
  for (const { route, methods } of routes) {
    expect(methods.length, `${route} exports no HTTP method`).toBeGreaterThan(0);
    for (const method of methods) expect(EXPECTED[route]?.[method], `${method} ${route} is missing from the access matrix`).toBeDefined();
  }
});

for (const who of ['anonymous', 'viewer', 'operator', 'admin'] as const) {
  test(`every API route answers ${who} as its role requires`, async () => {
    const context = await playwrightRequest.newContext({
      baseURL: E2E_CONSOLE_URL,
      storageState: who === 'anonymous' ? undefined : storageStateFor(who),
      extraHTTPHeaders: { origin: E2E_CONSOLE_URL },
    });
    for (const { route, methods } of routes) {
      const url = route.replace(/\[[^\]]+\]/g, (segment) => SAMPLE_PARAMS[segment] ?? 'x');
      for (const method of methods) {
        const needs = EXPECTED[route]![method]!;
        // An empty body: allowed callers get a validation error, so nothing changes.
        const response = await context.fetch(url, { method, data: method === 'GET' ? undefined : {} });
        const label = `${who} ${method} ${url} → ${response.status()}`;
        if (needs === 'public') expect([401, 403], label).not.toContain(response.status());
        else if (who === 'anonymous') expect(response.status(), label).toBe(401);
        else if (RANK[who] < RANK[needs]) expect(response.status(), label).toBe(403);
        else expect([401, 403], label).not.toContain(response.status());
        expect(response.status(), label).toBeLessThan(500);
        if (response.status() === 401 || response.status() === 403) {
          expect((await response.json()).error.code, label).toMatch(/^(unauthenticated|forbidden)$/);
        }
      }
    }
    await context.dispose();
  });
}
