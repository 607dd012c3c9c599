import 'server-only';
import { parseRetryAfter } from '../zuora/retry-policy';
import http from 'node:http';
import https from 'node:https';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature';

// One POST of one delivery. The address is checked when the connection is made, on the address DNS
// actually answered (request-filtering-agent), so a name that resolves to 10.0.0.5 — or starts to,
// after a check by name passed (DNS rebinding) — is refused all the same. Redirects are not followed:
// one could point anywhere. Nothing of the answer is kept but its status.

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface WebhookRequest {
  url: string;
  secret: string;
  body: string;
  deliveryId: string;
  event: string;
  attempt: number;
  allowPrivateTargets: boolean;
  timeoutMs?: number;
}

export type SendOutcome =
  | { ok: true; httpStatus: number }
  | { ok: false; httpStatus: number | null; error: string; retryAfterMs: number | null; isPermanent: boolean };

const agents = new Map<string, http.Agent>();
function agentFor(protocol: string, allowPrivateTargets: boolean): http.Agent {
  const key = `${protocol}${allowPrivateTargets}`;
  let agent = agents.get(key);
  if (!agent) {
    const options = { allowPrivateIPAddress: allowPrivateTargets, keepAlive: false };
    agent = protocol === 'https:' ? new RequestFilteringHttpsAgent(options) : new RequestFilteringHttpAgent(options);
    agents.set(key, agent);
  }
  return agent;
}

export function sendWebhook(request: WebhookRequest): Promise<SendOutcome> {
  const target = new URL(request.url);
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let isSettled = false;
    const settle = (outcome: SendOutcome) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const outgoing = transport.request(target, {
      method: 'POST',
      agent: agentFor(target.protocol, request.allowPrivateTargets),
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(request.body),
        'user-agent': 'MassActionConsole-Webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader(request.secret, request.body),
        [DELIVERY_HEADER]: request.deliveryId,
        [EVENT_HEADER]: request.event,
        'X-Console-Attempt': String(request.attempt),
      },
    }, (response) => {
      // The answer's body is not read, only drained: a receiver cannot make the console hold megabytes.
      response.resume();
      settle(outcomeOf(response.statusCode ?? 0, response.headers['retry-after']));
    });
    const timer = setTimeout(() => {
      settle({ ok: false, httpStatus: null, error: `timed out after ${Math.round(timeoutMs / 1000)} s`, retryAfterMs: null, isPermanent: false });
      outgoing.destroy();
    }, timeoutMs);
    timer.unref();
    outgoing.on('error', (error) => settle(failureOf(error)));
    outgoing.end(request.body);
  });
}

function outcomeOf(status: number, retryAfter: string | undefined): SendOutcome {
  if (status >= 200 && status < 300) return { ok: true, httpStatus: status };
  if (status === 410) return { ok: false, httpStatus: status, error: 'answered 410 Gone: the receiver asked not to be sent this again', retryAfterMs: null, isPermanent: true };
  const why = status >= 300 && status < 400 ? ': redirects are not followed; configure the final URL' : '';
  return { ok: false, httpStatus: status, error: `answered ${status}${why}`, retryAfterMs: parseRetryAfter(retryAfter ?? null), isPermanent: false };
}

// request-filtering-agent's refusal: "DNS lookup 10.0.0.5(family:4, host:…) is not allowed. Because, It is private IP address."
const REFUSAL = /^DNS lookup (.+?)\(family:.*is not allowed\. Because,? It is (private|meta) IP address/;

function failureOf(error: Error): SendOutcome {
  const refused = REFUSAL.exec(error.message);
  if (refused) {
    const message = refused[2] === 'meta'
      ? `refused: ${refused[1]} is not an address to send to`
      : `refused: ${refused[1]} is a private address; set WEBHOOK_ALLOW_PRIVATE_TARGETS=true to allow it`;
    // Only a change of configuration (and so a restart) makes it pass: trying again would be noise.
    return { ok: false, httpStatus: null, error: message, retryAfterMs: null, isPermanent: true };
  }
  return { ok: false, httpStatus: null, error: error.message.slice(0, 300) || String((error as NodeJS.ErrnoException).code ?? 'failed'), retryAfterMs: null, isPermanent: false };
}
