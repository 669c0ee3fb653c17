import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseChallenges, pullScope } from '../../../main/core/registry-client/challenge';
import { parseRateLimitHeaders } from '../../../main/core/registry-client/answers';
import { compareTags, filterTags, nextLink } from '../../../main/core/registry-client/tags';
import { DEFAULT_TOKEN_LIFETIME_MS, MAX_TOKEN_LIFETIME_MS, TokenCache, tokenLifetimeMs } from '../../../main/core/registry-client/token-cache';
import { defaultCertsDir, isInsecureRegistry, readHostTls } from '../../../main/core/registry-client/trust';

describe('WWW-Authenticate', () => {
  it("reads Docker Hub's Bearer challenge with quoted values", () => {
    const [challenge] = parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"');
    expect(challenge).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' },
    });
  });

  it('keeps commas and escaped quotes inside quoted values, and reads several challenges', () => {
    const challenges = parseChallenges('Basic realm="a, \\"b\\"", Bearer realm="https://t/x",scope="repository:a:pull,push", error="insufficient_scope"');
    expect(challenges).toEqual([
      { scheme: 'basic', params: { realm: 'a, "b"' } },
      { scheme: 'bearer', params: { realm: 'https://t/x', scope: 'repository:a:pull,push', error: 'insufficient_scope' } },
    ]);
  });

  it('reads unquoted values and any case of scheme and names', () => {
    expect(parseChallenges('BASIC Realm=registry')).toEqual([{ scheme: 'basic', params: { realm: 'registry' } }]);
  });

  it('refuses a quoted value that never closes instead of guessing', () => {
    expect(() => parseChallenges('Bearer realm="https://t')).toThrow(/not closed/);
  });

  it('writes the pull scope of a repository', () => {
    expect(pullScope('team/app')).toBe('repository:team/app:pull');
  });
});

describe('token cache', () => {
  it('keeps a token until shortly before it expires', () => {
    let now = 1_000_000;
    const cache = new TokenCache({ now: () => now });
    const key = TokenCache.key('realm', 'svc', 'carol', 'repository:team/app:pull');
    cache.set(key, 'tok', 300);
    now += 290_000;
    expect(cache.get(key)).toBe('tok');
    now += 10_000;
    expect(cache.get(key)).toBeUndefined();
  });

  it('uses the spec default of 60 s when expires_in is missing or nonsense', () => {
    for (const value of [undefined, 0, -5, 'soon', Number.NaN]) expect(tokenLifetimeMs(value)).toBe(DEFAULT_TOKEN_LIFETIME_MS - 5_000);
  });

  it('caps tokens that claim never to expire', () => {
    expect(tokenLifetimeMs(10 ** 12)).toBe(MAX_TOKEN_LIFETIME_MS - 5_000);
    expect(tokenLifetimeMs(Number.POSITIVE_INFINITY)).toBe(DEFAULT_TOKEN_LIFETIME_MS - 5_000);
  });

  it('separates accounts and scopes', () => {
    const cache = new TokenCache();
    cache.set(TokenCache.key('r', 's', 'carol', 'repository:a:pull'), 'carol-token', 300);
    expect(cache.get(TokenCache.key('r', 's', 'dave', 'repository:a:pull'))).toBeUndefined();
    expect(cache.get(TokenCache.key('r', 's', 'carol', 'repository:b:pull'))).toBeUndefined();
  });
});

describe('tags', () => {
  it('orders latest first, then newest version first, then names', () => {
    const tags = ['1.9', 'edge', '1.10', 'latest', '1.10-alpine', '2.0.0-rc1', '2.0.0', 'v1.2', 'alpine'];
    expect([...tags].sort(compareTags)).toEqual(['latest', '2.0.0', '2.0.0-rc1', '1.10', '1.10-alpine', '1.9', 'v1.2', 'alpine', 'edge']);
  });

  it('filters by what was typed: starting with it first, then containing it', () => {
    expect(filterTags(['latest', '2.1-alpine', '2.0', 'alpine'], 'alp', 10)).toEqual(['alpine', '2.1-alpine']);
    expect(filterTags(['a', 'b', 'c'], '', 2)).toEqual(['a', 'b']);
  });

  it('reads the next page from a Link header', () => {
    expect(nextLink('</v2/a/tags/list?n=100&last=x>; rel="next"')).toBe('/v2/a/tags/list?n=100&last=x');
    expect(nextLink('<https://h/p?a=1>; rel="prev", <https://h/q?b=2>; rel=next')).toBe('https://h/q?b=2');
    expect(nextLink('</x>; rel="prev"')).toBeUndefined();
    expect(nextLink(undefined)).toBeUndefined();
  });
});

describe('rate-limit headers', () => {
  it("reads Docker Hub's limit, remaining and window", () => {
    expect(parseRateLimitHeaders({ 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '76;w=21600' })).toEqual({ limit: 100, remaining: 76, windowSeconds: 21600 });
    expect(parseRateLimitHeaders({})).toEqual({});
  });
});

describe('trust as the engine has it', () => {
  it('uses /etc/docker/certs.d on Linux and ~/.docker/certs.d with Docker Desktop', () => {
    expect(defaultCertsDir('linux', '/home/u')).toBe('/etc/docker/certs.d');
    expect(defaultCertsDir('darwin', '/Users/u')).toBe(join('/Users/u', '.docker', 'certs.d'));
    expect(defaultCertsDir('win32', 'C:\\Users\\u')).toBe(join('C:\\Users\\u', '.docker', 'certs.d'));
  });

  it('reads the CA and the client certificate pair of a host', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'certs-d-'));
    mkdirSync(join(dir, 'registry.test:5443'));
    writeFileSync(join(dir, 'registry.test:5443', 'ca.crt'), 'CA');
    writeFileSync(join(dir, 'registry.test:5443', 'client.cert'), 'CERT');
    writeFileSync(join(dir, 'registry.test:5443', 'client.key'), 'KEY');
    const tls = await readHostTls(dir, 'registry.test:5443');
    expect(tls.ca).toEqual(['CA']); // the host's own; secureContextFor adds them to the default roots
    expect(tls.cert).toBe('CERT');
    expect(tls.key).toBe('KEY');
    expect(await readHostTls(dir, 'other.test')).toEqual({});
  });

  it('refuses a client certificate without its key, as the engine does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'certs-d-'));
    mkdirSync(join(dir, 'h.test'));
    writeFileSync(join(dir, 'h.test', 'client.cert'), 'CERT');
    await expect(readHostTls(dir, 'h.test')).rejects.toThrow(/no matching client.key/);
  });

  it('allows plain HTTP only for loopback and the engine’s insecure registries', () => {
    expect(isInsecureRegistry('127.0.0.3:5003', undefined)).toBe(true);
    expect(isInsecureRegistry('localhost:5000', undefined)).toBe(true);
    expect(isInsecureRegistry('[::1]:5000', undefined)).toBe(true);
    expect(isInsecureRegistry('registry.test:5443', undefined)).toBe(false);
    expect(isInsecureRegistry('10.1.2.3:5000', { InsecureRegistryCIDRs: ['10.0.0.0/8'] })).toBe(true);
    expect(isInsecureRegistry('11.1.2.3:5000', { InsecureRegistryCIDRs: ['10.0.0.0/8'] })).toBe(false);
    expect(isInsecureRegistry('lab.example:5000', { IndexConfigs: { 'lab.example:5000': { Secure: false } } })).toBe(true);
    expect(isInsecureRegistry('docker.io', { IndexConfigs: { 'docker.io': { Secure: true } } })).toBe(false);
  });
});
