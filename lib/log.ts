import 'server-only';
import pino from 'pino';
import { getConfig } from './config';

// Defence in depth: call sites never log credentials, and these paths are censored if one ever tries.
export const REDACTED_PATHS = [
  'authorization', '*.authorization', 'headers.authorization',
  'access_token', '*.access_token', 'token', '*.token',
  'client_secret', '*.client_secret', 'clientSecret', '*.clientSecret',
  'password', '*.password', 'passwordHash', '*.passwordHash', 'secret', '*.secret',
];

export function createLogger(level: pino.LevelWithSilent, destination?: pino.DestinationStream): pino.Logger {
  return pino({ level, base: { app: 'mass-action-console' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}

let logger: pino.Logger | undefined;

/** One JSON line per event on stdout. */
export function getLogger(): pino.Logger {
  logger ??= createLogger(configuredLevel());
  return logger;
}

// The logger must work even when the configuration does not: it is what reports the configuration error.
function configuredLevel(): pino.LevelWithSilent {
  try {
    return getConfig().logLevel;
  } catch {
    return 'info';
  }
}
