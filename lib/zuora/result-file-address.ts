import 'server-only';
import { domainToUnicode } from 'node:url';

// Zuora's result file is fetched with the console's bearer token, so its address (outputURL) must be a
// file on the configured Zuora origin. The request is then sent to the configured origin with the
// path alone; this check is what says, in words, why an address is refused.
//
// "The same host" is what the WHATWG URL parser makes of both spellings: it lowercases the name,
// maps full-width and other compatibility forms and turns an IDN into its xn-- form (UTS #46), and
// normalises IPv4 numbers (127.1, 0x7f.0.0.1); on top of that a trailing dot (the DNS root:
// rest.zuora.com. is rest.zuora.com) is the same name. Anything else is another host.

const FILE_PATH = /^\/v1\/files\/[A-Za-z0-9]+$/;
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

const withoutRootDot = (hostname: string) => hostname.replace(/\.$/, '');
const schemeOf = (url: URL) => url.protocol.replace(/:$/, '');
const portOf = (url: URL) => url.port || DEFAULT_PORTS[url.protocol] || 'none';
// Not url.origin: that is "null" for schemes like file: or data:, which say more by their name.
const originOf = (url: URL) => `${url.protocol}//${url.host}`;

/** A host as the parser keeps it, with its Unicode spelling when it is an IDN (so a look-alike shows). */
function hostOf(url: URL): string {
  const unicode = domainToUnicode(url.hostname);
  return unicode && unicode !== url.hostname ? `${url.hostname} (${unicode})` : url.hostname;
}

interface Difference {
  part: 'scheme' | 'host' | 'port';
  /** "The result file's address …, but the configured Zuora host …" */
  sentence: string;
}

function differencesOf(url: URL, configured: URL): Difference[] {
  const differences: Difference[] = [];
  if (url.protocol !== configured.protocol) {
    differences.push({ part: 'scheme', sentence: `uses ${schemeOf(url)}, but the configured Zuora host uses ${schemeOf(configured)}` });
  }
  if (withoutRootDot(url.hostname) !== withoutRootDot(configured.hostname)) {
    differences.push({ part: 'host', sentence: `is on host ${hostOf(url)}, but the configured Zuora host is ${hostOf(configured)}` });
  }
  // Two default ports differ only because the schemes do: that difference is named already.
  const isAnyPortExplicit = url.port !== '' || configured.port !== '';
  if (isAnyPortExplicit && portOf(url) !== portOf(configured)) {
    differences.push({ part: 'port', sentence: `uses port ${portOf(url)}, but the configured Zuora host is on port ${portOf(configured)}` });
  }
  return differences;
}

function listOf(words: string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/**
 * Why the console will not fetch this result file address with its token, naming exactly what differs
 * from the configured origin (`configuredOrigin`, as the config parsed it); null when it may.
 * A user name or password in the address is named, never shown: it may be a credential.
 */
export function refusalOfResultFileAddress(url: URL, configuredOrigin: string): string | null {
  const configured = new URL(configuredOrigin);
  const clauses: string[] = [];
  if (url.username !== '' || url.password !== '') clauses.push('carries a user name or password (not shown: it may be a credential)');
  const differences = differencesOf(url, configured);
  if (differences.length === 1) clauses.push(differences[0]?.sentence ?? '');
  if (differences.length > 1) {
    clauses.push(`differs from the configured Zuora host in its ${listOf(differences.map((d) => d.part))} (${originOf(url)}, not ${originOf(configured)})`);
  }
  if (clauses.length === 0 && !FILE_PATH.test(url.pathname)) clauses.push('is on the configured Zuora host but is not a file download (/v1/files/{file-id})');
  return clauses.length === 0 ? null : `The result file's address ${clauses.join(' and ')}; the console does not send its token there.`;
}
