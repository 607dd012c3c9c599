import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ZuoraError, CATEGORY, RESOURCE, errorBody, errorCode } from './zuora-errors';
import { readSmallBody } from './read-body';
import { sendJson } from './respond';

export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
  jti: string;
}

type TokenCheck = 'valid' | 'expired' | 'unknown';

/** Issued bearer tokens, judged against the sandbox clock. */
export class TokenStore {
  private readonly expiries = new Map<string, number>();
  private readonly scope = `user.${randomBytes(16).toString('hex')} entity.${randomUUID()} service.mass-updater.write tenant.9`;

  constructor(
    private readonly now: () => number,
    private readonly lifetimeSeconds: number,
  ) {}

  issue(): TokenResponse {
    const token = randomBytes(16).toString('hex');
    this.expiries.set(token, this.now() + this.lifetimeSeconds * 1000);
    return {
      access_token: token,
      token_type: 'bearer',
      expires_in: this.lifetimeSeconds,
      scope: this.scope,
      jti: randomBytes(16).toString('hex'),
    };
  }

  check(token: string): TokenCheck {
    const expiry = this.expiries.get(token);
    if (expiry === undefined) return 'unknown';
    return this.now() < expiry ? 'valid' : 'expired';
  }

  /** Every token issued so far stops working, as when an admin rotates the OAuth client. */
  revokeAll(): void {
    this.expiries.clear();
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export async function handleTokenRequest(
  req: IncomingMessage,
  res: ServerResponse,
  credentials: ClientCredentials,
  tokens: TokenStore,
): Promise<void> {
  const form = new URLSearchParams(await readSmallBody(req));
  const grantType = form.get('grant_type');
  if (grantType !== null && grantType !== 'client_credentials') {
    throw new ZuoraError(400, RESOURCE.authentication, CATEGORY.invalidValue, 'unsupported_grant_type: grant_type must be client_credentials');
  }
  const clientId = form.get('client_id') ?? '';
  const clientSecret = form.get('client_secret') ?? '';
  if (grantType === null || clientId !== credentials.clientId || !sameSecret(clientSecret, credentials.clientSecret)) {
    throw new ZuoraError(401, RESOURCE.authentication, CATEGORY.authentication, 'Invalid client_id or client_secret', {
      body: errorBody(String(errorCode(RESOURCE.authentication, CATEGORY.authentication)), 'invalid_client: Invalid client_id or client_secret'),
    });
  }
  sendJson(req, res, 200, tokens.issue(), { 'Cache-Control': 'no-store' });
}

const AUTH_CODE = String(errorCode(RESOURCE.authentication, CATEGORY.authentication)); // "90000011"

/**
 * Zuora answers a bad token with one of two bodies. The rule here: an expired token gets
 * {"message":"Authentication error"}; a missing, unknown or revoked one gets the reasons shape
 * with a code starting with 9 (as a string: the schema types codes as strings).
 */
export function requireBearer(req: IncomingMessage, tokens: TokenStore): void {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const check: TokenCheck | 'missing' = match?.[1] ? tokens.check(match[1]) : 'missing';
  if (check === 'valid') return;
  const description = check === 'expired' ? 'The access token expired' : 'The access token is invalid';
  const headers = { 'WWW-Authenticate': `Bearer realm="Zuora", error="invalid_token", error_description="${description}"` };
  if (check === 'expired') {
    throw new ZuoraError(401, RESOURCE.authentication, CATEGORY.authentication, 'Authentication error', {
      body: { message: 'Authentication error' },
      headers,
    });
  }
  const message = check === 'missing' ? 'This resource is protected, please sign in first' : 'Authentication error';
  throw new ZuoraError(401, RESOURCE.authentication, CATEGORY.authentication, message, {
    body: errorBody(AUTH_CODE, message),
    headers,
  });
}
