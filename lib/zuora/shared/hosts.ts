// Zuora's REST hosts (../shared/zuora/README.md). Browser-safe: the environment banner uses it too.
export const ZUORA_PRODUCTION_HOSTS = [
  'rest.zuora.com',
  'rest.na.zuora.com',
  'rest.eu.zuora.com',
  'rest.ap.zuora.com',
] as const;

export const ZUORA_SANDBOX_HOSTS = [
  'rest.apisandbox.zuora.com',
  'rest.sandbox.na.zuora.com',
  'rest.test.zuora.com',
  'rest.sandbox.eu.zuora.com',
  'rest.test.eu.zuora.com',
  'rest.test.ap.zuora.com',
] as const;

export type ZuoraEnvironmentKind = 'production' | 'sandbox';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname);
}

export function isKnownZuoraHost(hostname: string): boolean {
  return (ZUORA_PRODUCTION_HOSTS as readonly string[]).includes(hostname) ||
    (ZUORA_SANDBOX_HOSTS as readonly string[]).includes(hostname);
}

/** Production unless the host is one of Zuora's sandbox/test hosts or our loopback simulator. */
export function environmentKindOf(hostname: string): ZuoraEnvironmentKind {
  if (isLoopbackHost(hostname)) return 'sandbox';
  return (ZUORA_SANDBOX_HOSTS as readonly string[]).includes(hostname) ? 'sandbox' : 'production';
}
