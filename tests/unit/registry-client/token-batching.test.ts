/**
 * How the registry client signs in when many repositories are asked at once (issue 14, "Done when"): no separate
 * `/v2/` ping (the first request's own 401 carries the challenge), one token request with several `scope`
 * parameters for the repositories a caller has queued, and the fallback to one scope per request for a token
 * server that refuses several scopes or grants only the first.
 */
import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { CredentialResolution } from '../../../main/core/credentials/resolve';
import type { DockerAuthConfig } from '../../../main/core/credentials/registry-types';
import { parseImageReference } from '../../../main/core/credentials/reference';
import { RegistryClient } from '../../../main/core/registry-client/client';
import { UpdateChecker } from '../../../main/core/updates/checker';
import { json, startLocalRegistry, type LocalRegistry } from './local-registry';

const started: LocalRegistry[] = [];
const clients: RegistryClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(started.splice(0).map((server) => server.close()));
});

const carol: DockerAuthConfig = { username: 'carol', password: 'car0l-t0ken!', serveraddress: 'x' };
const basicCarol = `Basic ${Buffer.from('carol:car0l-t0ken!').toString('base64')}`;
const DIGEST = `sha256:${'a'.repeat(64)}`;

type TokenServerMode = 'multi' | 'refuses-multi' | 'first-scope-only';

/**
 * A token server and its registry. Tokens are `tok-<n>`; the registry accepts a token for the repositories it was
 * issued for (as a real registry reads the JWT's `access` claim) and answers `insufficient_scope` otherwise.
 */
async function tokenRegistry(mode: TokenServerMode = 'multi') {
  const granted = new Map<string, Set<string>>();
  const tokenServer = await startLocalRegistry((req, res) => {
    if (req.headers.authorization !== basicCarol) return json(res, 401, { details: 'incorrect username or password' });
    const scopes = new URL(req.url ?? '/', 'http://x').searchParams.getAll('scope');
    if (mode === 'refuses-multi' && scopes.length > 1) return json(res, 400, { errors: [{ code: 'UNSUPPORTED', message: 'one scope per request' }] });
    const token = `tok-${granted.size + 1}`;
    const repositories = (mode === 'first-scope-only' ? scopes.slice(0, 1) : scopes).map((scope) => scope.split(':')[1] ?? '');
    granted.set(token, new Set(repositories));
    json(res, 200, { token, expires_in: 300 });
  });
  started.push(tokenServer);
  const challenge = (repository: string, error?: string) =>
    `Bearer realm="${tokenServer.url}/token",service="bench",scope="repository:${repository}:pull"${error === undefined ? '' : `,error="${error}"`}`;
  const registry = await startLocalRegistry((req: http.IncomingMessage, res: http.ServerResponse) => {
    const match = /^\/v2\/(.+)\/manifests\/[^/]+$/.exec(req.url ?? '');
    const repository = match?.[1] ?? '';
    const token = req.headers.authorization?.replace(/^Bearer /, '');
    if (token === undefined || !granted.has(token)) return json(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'www-authenticate': challenge(repository) });
    if (!granted.get(token)?.has(repository)) return json(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'www-authenticate': challenge(repository, 'insufficient_scope') });
    res.writeHead(200, { 'docker-content-digest': DIGEST });
    res.end();
  });
  started.push(registry);
  return { tokenServer, registry };
}

function newClient() {
  const created = new RegistryClient({ certsDir: '/nonexistent-certs-d', env: {}, timeoutMs: 5_000 });
  clients.push(created);
  return created;
}

function resolution(auth: DockerAuthConfig): CredentialResolution {
  const result = { explanation: { username: auth.username, summary: 'carol' } } as unknown as CredentialResolution;
  return Object.defineProperty(result, 'auth', { value: auth, enumerable: false });
}

function checker(client: RegistryClient) {
  return new UpdateChecker({
    registry: {
      resolve: async () => resolution(carol),
      request: (call) => client.request(call),
      describe: async () => ({}),
      tags: async () => [],
    },
    platform: () => 'linux/amd64',
  });
}

const images = (host: string, count: number) => Array.from({ length: count }, (_, index) => ({ reference: parseImageReference(`${host}/team/app-${index}:1.0`), localDigests: [DIGEST] }));

describe('registry client sign-in for many repositories', () => {
  it('sends no /v2/ ping: the first request itself meets the challenge', async () => {
    const { registry } = await tokenRegistry();
    const client = newClient();
    const answer = await client.request({ host: registry.host, repository: 'team/app-0', path: '/v2/team/app-0/manifests/1.0', method: 'HEAD', auth: carol });
    expect(answer.status).toBe(200);
    expect(registry.seen.map((seen) => `${seen.method} ${seen.url}`)).toEqual(['HEAD /v2/team/app-0/manifests/1.0', 'HEAD /v2/team/app-0/manifests/1.0']);
    // The challenge is kept for the host: the next repository goes straight to the token server and then the registry.
    await client.request({ host: registry.host, repository: 'team/app-1', path: '/v2/team/app-1/manifests/1.0', method: 'HEAD', auth: carol });
    expect(registry.seen).toHaveLength(3);
  });

  it('checks 50 images on one token registry with one token request carrying every scope, and one HEAD each after the first', async () => {
    const { registry, tokenServer } = await tokenRegistry();
    const outcomes = await checker(newClient()).checkAll(images(registry.host, 50));
    expect([...outcomes.values()].map((outcome) => outcome.state)).toEqual(Array.from({ length: 50 }, () => 'up-to-date'));
    expect(tokenServer.seen).toHaveLength(1);
    expect(new URL(tokenServer.seen[0]?.url ?? '/', 'http://x').searchParams.getAll('scope')).toHaveLength(50);
    // 50 HEADs, plus the first one's unauthenticated try that brought the challenge.
    expect(registry.seen).toHaveLength(51);
  });

  it('falls back to one scope per token request when the token server refuses several', async () => {
    const { registry, tokenServer } = await tokenRegistry('refuses-multi');
    const outcomes = await checker(newClient()).checkAll(images(registry.host, 6));
    expect([...outcomes.values()].map((outcome) => outcome.state)).toEqual(Array.from({ length: 6 }, () => 'up-to-date'));
    const multi = tokenServer.seen.filter((seen) => new URL(seen.url, 'http://x').searchParams.getAll('scope').length > 1);
    // Tried once; the realm is then asked one scope at a time.
    expect(multi).toHaveLength(1);
    expect(tokenServer.seen).toHaveLength(7);
  });

  it('falls back to one scope per token request when the token server grants only the first scope', async () => {
    const { registry, tokenServer } = await tokenRegistry('first-scope-only');
    const outcomes = await checker(newClient()).checkAll(images(registry.host, 6));
    expect([...outcomes.values()].map((outcome) => outcome.state)).toEqual(Array.from({ length: 6 }, () => 'up-to-date'));
    const multi = tokenServer.seen.filter((seen) => new URL(seen.url, 'http://x').searchParams.getAll('scope').length > 1);
    expect(multi).toHaveLength(1);
  });
});

describe('tags for newer-tag suggestions (issue 14, item 2)', () => {
  it('come from every page of the tag list, not only the newest 50 suggestions', async () => {
    // 250 tags over three pages; the only newer tag of the shape `X.Y-alpine` sorts below 240 plain versions.
    const all = [...Array.from({ length: 240 }, (_, index) => `${index + 2}.0`), '1.0-alpine', '1.1-alpine', ...Array.from({ length: 8 }, (_, index) => `rc${index}`)];
    const registry = await startLocalRegistry((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const start = Number(url.searchParams.get('last') ?? 0);
      const page = all.slice(start, start + 100);
      const next = start + 100 < all.length ? { link: `</v2/team/app/tags/list?n=100&last=${start + 100}>; rel="next"` } : {};
      json(res, 200, { name: 'team/app', tags: page }, next);
    });
    started.push(registry);
    const { RegistryFeatures } = await import('../../../main/core/registry-client/service');
    const features = new RegistryFeatures({ client: newClient(), resolve: async () => ({ explanation: { summary: 'anonymous' } }) as unknown as CredentialResolution });
    const tags = await features.allTags(`${registry.host}/team/app`);
    expect(tags).toHaveLength(250);
    expect(tags).toContain('1.1-alpine');
    expect((await features.tags({ image: `${registry.host}/team/app` })).tags).not.toContain('1.1-alpine');
  });
});
