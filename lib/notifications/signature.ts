import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';

// Stripe's scheme: the receiver recomputes HMAC-SHA256(secret, "<t>.<body>") over the raw body and
// checks t is recent, so a captured delivery cannot be replayed later nor its body changed.

export const SIGNATURE_HEADER = 'X-Console-Signature';
export const DELIVERY_HEADER = 'X-Console-Delivery';
export const EVENT_HEADER = 'X-Console-Event';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` */
export function signatureHeader(secret: string, body: string, nowMs = Date.now()): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${hmac(secret, `${t}.${body}`)}`;
}

/** What a receiver does (the README shows it in five lines): a valid signature, at most `toleranceSeconds` old. */
export function verifySignature(secret: string, body: string, header: string, options: { nowMs?: number; toleranceSeconds?: number } = {}): boolean {
  const parts = new Map(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const given = Buffer.from(parts.get('v1') ?? '', 'hex');
  const expected = Buffer.from(hmac(secret, `${parts.get('t')}.${body}`), 'hex');
  const isFresh = Number.isInteger(t) && Math.abs((options.nowMs ?? Date.now()) / 1000 - t) <= (options.toleranceSeconds ?? 300);
  return isFresh && given.length === expected.length && timingSafeEqual(given, expected);
}

function hmac(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}
