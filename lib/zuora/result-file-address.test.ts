import { describe, expect, it } from 'vitest';
import { refusalOfResultFileAddress } from './result-file-address';

const ZUORA = 'https://rest.zuora.com';
const SANDBOX = 'http://127.0.0.1:4010';
const TAIL = '; the console does not send its token there.';

const refusal = (address: string, configured: string) => refusalOfResultFileAddress(new URL(address), configured);

describe('which result file addresses get the token, and why the others do not', () => {
  it.each([
    ['https://rest.zuora.com/v1/files/402892c84c9285b1014c9293f5320007', ZUORA],
    ['http://127.0.0.1:4010/v1/files/abc123', SANDBOX],
    // The same host however it is spelt, as the URL parser reads it.
    ['https://REST.Zuora.COM/v1/files/abc123', ZUORA],
    ['https://ＲＥＳＴ.zuora.com/v1/files/abc123', ZUORA], // full-width letters, mapped by UTS #46
    ['https://rest.zuora.com./v1/files/abc123', ZUORA], // the DNS root's dot
    ['https://rest.zuora.com:443/v1/files/abc123', ZUORA], // the default port, written out
    ['http://127.1:4010/v1/files/abc123', SANDBOX],
    ['http://0x7f.0.0.1:4010/v1/files/abc123', SANDBOX],
  ])('fetches %s from %s', (address, configured) => {
    expect(refusal(address, configured)).toBeNull();
  });

  it('names the port when only the port differs', () => {
    expect(refusal('http://127.0.0.1:4020/v1/files/abc123', SANDBOX)).toBe(`The result file's address uses port 4020, but the configured Zuora host is on port 4010${TAIL}`);
    expect(refusal('https://rest.zuora.com:8443/v1/files/abc123', ZUORA)).toBe(`The result file's address uses port 8443, but the configured Zuora host is on port 443${TAIL}`);
  });

  it('names the scheme when only the scheme differs, not the default ports that come with it', () => {
    expect(refusal('http://rest.zuora.com/v1/files/abc123', ZUORA)).toBe(`The result file's address uses http, but the configured Zuora host uses https${TAIL}`);
    expect(refusal('http://rest.zuora.com:443/v1/files/abc123', ZUORA)).toBe(`The result file's address uses http, but the configured Zuora host uses https${TAIL}`);
  });

  it('names the host when only the host differs, with the Unicode spelling of a look-alike', () => {
    expect(refusal('https://rest.eu.zuora.com/v1/files/abc123', ZUORA)).toBe(`The result file's address is on host rest.eu.zuora.com, but the configured Zuora host is rest.zuora.com${TAIL}`);
    expect(refusal('https://rest.zuorа.com/v1/files/abc123', ZUORA)).toBe(`The result file's address is on host rest.xn--zuor-83d.com (rest.zuorа.com), but the configured Zuora host is rest.zuora.com${TAIL}`); // Cyrillic а
    expect(refusal('https://rest.zuöra.com/v1/files/abc123', ZUORA)).toMatch(/^The result file's address is on host rest\.xn--zura-6qa\.com \(rest\.zuöra\.com\), but/);
    expect(refusal('http://localhost:4010/v1/files/abc123', SANDBOX)).toBe(`The result file's address is on host localhost, but the configured Zuora host is 127.0.0.1${TAIL}`);
    expect(refusal('https://rest.zuora.com.evil.example/v1/files/abc123', ZUORA)).toMatch(/is on host rest\.zuora\.com\.evil\.example, but/);
  });

  it('says that the address carries a user name or password, and never shows either', () => {
    for (const address of ['https://svc-user:hunter2@rest.zuora.com/v1/files/abc123', 'https://svc-user@rest.zuora.com/v1/files/abc123', 'https://:hunter2@rest.zuora.com/v1/files/abc123']) {
      const message = refusal(address, ZUORA);
      expect(message).toBe(`The result file's address carries a user name or password (not shown: it may be a credential)${TAIL}`);
    }
    const withPort = refusal('http://svc-user:hunter2@127.0.0.1:4020/v1/files/abc123', SANDBOX);
    expect(withPort).toBe(`The result file's address carries a user name or password (not shown: it may be a credential) and uses port 4020, but the configured Zuora host is on port 4010${TAIL}`);
    const elsewhere = refusal('https://svc-user:hunter2@files.example.net/v1/files/abc123', SANDBOX) ?? '';
    expect(elsewhere).toMatch(/user name or password/);
    expect(elsewhere).not.toMatch(/svc-user|hunter2/);
  });

  it('lists every part that differs, with both addresses', () => {
    expect(refusal('https://files.example.net/v1/files/abc123', SANDBOX)).toBe(`The result file's address differs from the configured Zuora host in its scheme, host and port (https://files.example.net, not http://127.0.0.1:4010)${TAIL}`);
    expect(refusal('http://files.example.net/v1/files/abc123', ZUORA)).toBe(`The result file's address differs from the configured Zuora host in its scheme and host (http://files.example.net, not https://rest.zuora.com)${TAIL}`);
    expect(refusal('file:///etc/passwd', ZUORA)).toMatch(/^The result file's address differs from the configured Zuora host in its scheme and host \(file:\/\/, not https:\/\/rest\.zuora\.com\)/);
  });

  it('refuses anything on the configured host but a file download', () => {
    for (const address of ['https://rest.zuora.com/v1/bulk/abc123', 'https://rest.zuora.com/v1/files/../oauth/token', 'https://rest.zuora.com/v1/files/abc123/extra']) {
      expect(refusal(address, ZUORA)).toBe(`The result file's address is on the configured Zuora host but is not a file download (/v1/files/{file-id})${TAIL}`);
    }
  });
});
