import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { partialBehaviourSchema, resolveBehaviour } from './behaviour';
import { faultsRequestSchema } from './faults';
import { readSmallBody } from './read-body';
import { sendJson } from './respond';
import type { SandboxContext } from './sandbox-context';
import { ZuoraError, CATEGORY, RESOURCE } from './zuora-errors';

// The sandbox-only control API under /__sandbox/: no auth, loopback only. The console never calls it.

const clockRequestSchema = z.object({ advanceMs: z.number().int().min(0) }).strict();

async function readJson<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const text = await readSmallBody(req);
  let json: unknown;
  try {
    json = JSON.parse(text === '' ? '{}' : text);
  } catch {
    throw new ZuoraError(400, RESOURCE.sandbox, CATEGORY.malformed, 'The body is not valid JSON.');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ZuoraError(400, RESOURCE.sandbox, CATEGORY.invalidValue, `Invalid body: ${issues.join('; ')}`);
  }
  return parsed.data;
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

export async function handleControl(req: IncomingMessage, res: ServerResponse, context: SandboxContext, path: string): Promise<void> {
  if (!isLoopback(req.socket.remoteAddress)) {
    throw new ZuoraError(403, RESOURCE.sandbox, CATEGORY.permission, 'The sandbox control API answers loopback callers only.');
  }
  const { faults, stats, tokens, clock } = context;
  const uploadBehaviour = () => resolveBehaviour(context.defaultBehaviour, context.behaviourOverrides);
  const route = `${req.method ?? 'GET'} ${path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /__sandbox/faults':
      return sendJson(req, res, 200, faults.current());
    case 'POST /__sandbox/faults': {
      const { revokeTokens } = faults.merge(await readJson(req, faultsRequestSchema));
      if (revokeTokens) tokens.revokeAll();
      return sendJson(req, res, 200, faults.current());
    }
    case 'DELETE /__sandbox/faults':
      faults.clear();
      return sendJson(req, res, 200, faults.current());
    case 'GET /__sandbox/behaviour':
      return sendJson(req, res, 200, uploadBehaviour());
    case 'POST /__sandbox/behaviour':
      context.behaviourOverrides = { ...context.behaviourOverrides, ...(await readJson(req, partialBehaviourSchema)) };
      return sendJson(req, res, 200, uploadBehaviour());
    case 'DELETE /__sandbox/behaviour':
      context.behaviourOverrides = {};
      return sendJson(req, res, 200, uploadBehaviour());
    case 'GET /__sandbox/stats':
      return sendJson(req, res, 200, stats.snapshot());
    case 'POST /__sandbox/stats/reset':
      stats.reset();
      return sendJson(req, res, 200, stats.snapshot());
    case 'GET /__sandbox/clock':
      return sendJson(req, res, 200, { offsetMs: clock.offsetMs, now: clock.now() });
    case 'POST /__sandbox/clock': {
      clock.offsetMs += (await readJson(req, clockRequestSchema)).advanceMs;
      return sendJson(req, res, 200, { offsetMs: clock.offsetMs, now: clock.now() });
    }
    default:
      throw new ZuoraError(404, RESOURCE.sandbox, CATEGORY.notFound, `No sandbox control route ${route}.`);
  }
}
