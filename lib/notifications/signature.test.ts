import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureHeader, verifySignature } from './signature';

const SECRET = 'signature-secret-0123456789abcdef0123';
const BODY = '{"event":"stopped","text":"Stopped: été ✓"}';

// The receiver's check as README.md shows it ("Notify a chat when a stop happens"), word for word.
function isFromConsole(rawBody: string, header: string, secret: string): boolean {
  const { t, v1 } = Object.fromEntries(header.split(',').map((part) => part.split('=')));
  const expected = crypto.createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
  const isFresh = Math.abs(Date.now() / 1000 - Number(t)) < 300;
  return isFresh && v1?.length === expected.length && crypto.timingSafeEqual(Buffer.from(v1), Buffer.from(expected));
}

describe('the delivery signature', () => {
  it('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const header = signatureHeader(SECRET, BODY, 1_764_581_400_999);
    const expected = crypto.createHmac('sha256', SECRET).update(`1764581400.${BODY}`).digest('hex');
    expect(header).toBe(`t=1764581400,v1=${expected}`);
  });

  it("passes the README's check, and fails it when the body, the secret or the time is wrong", () => {
    const header = signatureHeader(SECRET, BODY);
    expect(isFromConsole(BODY, header, SECRET)).toBe(true);
    expect(isFromConsole(BODY.replace('stopped', 'failed'), header, SECRET)).toBe(false);
    expect(isFromConsole(BODY, header, `${SECRET}x`)).toBe(false);
    expect(isFromConsole(BODY, signatureHeader(SECRET, BODY, Date.now() - 600_000), SECRET)).toBe(false);
  });

  it('is verified the same way by verifySignature, which never throws on a malformed header', () => {
    const header = signatureHeader(SECRET, BODY);
    expect(verifySignature(SECRET, BODY, header)).toBe(true);
    expect(verifySignature(SECRET, `${BODY} `, header)).toBe(false);
    expect(verifySignature(SECRET, BODY, signatureHeader(SECRET, BODY, Date.now() - 301_000))).toBe(false);
    for (const bad of ['', 't=1', 'v1=abc', 't=x,v1=zz', `t=${Math.floor(Date.now() / 1000)},v1=00`]) expect(verifySignature(SECRET, BODY, bad)).toBe(false);
  });
});
