import type { ServerResponse } from 'node:http';

// The security headers next.config.js gives every response, for the answers the front door gives
// itself (Next.js never sees these requests).
const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cache-Control': 'no-store',
};

export interface Refusal {
  status: 400 | 411 | 413;
  code: string;
  message: string;
}

const TITLES: Record<Refusal['status'], string> = { 400: 'Bad request', 411: 'Length required', 413: 'Request too large' };

/**
 * Answers a refused request in the console's error shape (`/api/`) or as a small page, then closes
 * the connection. What the client is still sending is discarded, never kept, for a moment (closing
 * at once would reset the connection and could lose the answer), then the connection is cut.
 */
export function refuse(res: ServerResponse, path: string, refusal: Refusal): void {
  const isApi = path === '/api' || path.startsWith('/api/');
  const body = isApi ? JSON.stringify({ error: { code: refusal.code, message: refusal.message } }) : page(refusal);
  res.writeHead(refusal.status, {
    ...SECURITY_HEADERS,
    'Content-Type': isApi ? 'application/json' : 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    Connection: 'close',
  });
  res.end(body);
  res.once('finish', () => setTimeout(() => res.socket?.destroy(), LINGER_MS).unref());
}

const LINGER_MS = 2000;

function page({ status, message }: Refusal): string {
  const title = `${status} ${TITLES[status]} · Mass Action Console`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${TITLES[status]}</h1><p>${escapeHtml(message)}</p><p><a href="/mass-actions">Go to the mass actions</a></p></main></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
