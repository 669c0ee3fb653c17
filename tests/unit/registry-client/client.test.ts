/**
 * The registry client against stand-in registries on loopback ports: challenges, token caching, redirects
 * (credentials never follow to another host), limits, and the errors a pull's error table uses.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../../main/core/registry-client/client';
import { RegistryFeatures } from '../../../main/core/registry-client/service';
import type { CredentialResolution } from '../../../main/core/credentials/resolve';
import type { DockerAuthConfig } from '../../../main/core/credentials/registry-types';
import { json, startLocalRegistry, type LocalRegistry } from './local-registry';

const started: LocalRegistry[] = [];
const clients: RegistryClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(started.splice(0).map((server) => server.close()));
});

async function local(handler: Parameters<typeof startLocalRegistry>[0], host?: string) {
  const server = await startLocalRegistry(handler, host);
  started.push(server);
  return server;
}

function client(options: ConstructorParameters<typeof RegistryClient>[0] = {}) {
  const created = new RegistryClient({ certsDir: '/nonexistent-certs-d', env: {}, timeoutMs: 5_000, ...options });
  clients.push(created);
  return created;
}

function resolution(auth?: DockerAuthConfig): CredentialResolution {
  const explanation = { username: auth?.username } as CredentialResolution['explanation'];
  const result = { explanation } as { explanation: CredentialResolution['explanation']; auth?: DockerAuthConfig };
  if (auth !== undefined) Object.defineProperty(result, 'auth', { value: auth, enumerable: false });
  return result;
}

/** The error a call failed with (the test fails if it did not). */
async function failure(call: Promise<unknown>): Promise<Error & { code: string }> {
  const outcome = await call.then(
    () => undefined,
    (caught: unknown) => caught as Error & { code: string },
  );
  if (outcome === undefined) throw new Error('expected the call to fail');
  return outcome;
}

const carol: DockerAuthConfig = { username: 'carol', password: 'car0l-t0ken!', serveraddress: 'x' };
const basicCarol = `Basic ${Buffer.from('carol:car0l-t0ken!').toString('base64')}`;

/** A token registry: `/token` grants `team/*` to carol; `/v2/` wants `Bearer tok-<n>`. */
async function tokenRegistry(expiresIn: unknown = 300) {
  let issued = 0;
  const tokenServer = await local((req, res) => {
    if (req.headers.authorization !== basicCarol) return json(res, 401, { details: 'incorrect username or password' });
    issued += 1;
    json(res, 200, { token: `tok-${issued}`, expires_in: expiresIn });
  });
  const registry = await local((req, res) => {
    if (!req.headers.authorization?.startsWith('Bearer tok-')) {
      return json(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'www-authenticate': `Bearer realm="${tokenServer.url}/token",service="bench",scope="repository:team/app:pull"` });
    }
    if (req.url?.startsWith('/v2/team/app/tags/list')) return json(res, 200, { name: 'team/app', tags: ['1.0', 'latest', '1.10', '1.9'] });
    json(res, 404, { errors: [{ code: 'NAME_UNKNOWN' }] });
  });
  return { tokenServer, registry, issued: () => issued };
}

describe('registry client', () => {
  it('gets a Bearer token for the pull scope, with the credential, and reuses it until it expires', async () => {
    const { registry, tokenServer, issued } = await tokenRegistry();
    const features = new RegistryFeatures({ client: client(), resolve: async () => resolution(carol) });
    const first = await features.tags({ image: `${registry.host}/team/app`, prefix: '1' });
    expect(first).toMatchObject({ tags: ['1.10', '1.9', '1.0'], total: 4, account: 'carol', complete: true });
    const tokenRequest = new URL(tokenServer.seen[0]?.url ?? '', tokenServer.url);
    expect(tokenRequest.searchParams.get('scope')).toBe('repository:team/app:pull');
    expect(tokenRequest.searchParams.get('service')).toBe('bench');
    // A second listing (new features object, same client): the cached token, no second token request.
    await new RegistryFeatures({ client: clients[0] as RegistryClient, resolve: async () => resolution(carol) }).tags({ image: `${registry.host}/team/app` });
    expect(issued()).toBe(1);
  });

  it('says the token server refused the credentials, naming the account and never the password', async () => {
    const { registry } = await tokenRegistry();
    const wrong = { ...carol, password: 'wrong-canary-password' };
    const features = new RegistryFeatures({ client: client(), resolve: async () => resolution(wrong) });
    const error = await failure(features.tags({ image: `${registry.host}/team/app` }));
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toContain('carol');
    expect(JSON.stringify({ message: error.message, stack: error.stack })).not.toContain('wrong-canary-password');
  });

  // With nothing sent there is no password to check: "refused the credentials … (anonymously). Check the user name and
  // password" sent users with no registry stored to look for one.
  it('says a registry that refuses an anonymous request needs credentials, and where to add them', async () => {
    const registry = await local((_req, res) => json(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'www-authenticate': 'Basic realm="registry"' }));
    const features = new RegistryFeatures({ client: client(), resolve: async () => resolution() });
    const error = await failure(features.inspect({ image: `${registry.host}/team/app:1.0` }));
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toBe(
      `${registry.host} needs credentials to read the manifest of ${registry.host}/team/app:1.0: it refused an anonymous request. Add credentials for ${registry.host} in Registries.`,
    );

    const { registry: tokenHost } = await tokenRegistry();
    const tokenError = await failure(new RegistryFeatures({ client: client(), resolve: async () => resolution() }).tags({ image: `${tokenHost.host}/team/app` }));
    expect(tokenError.code).toBe('UNAUTHORIZED');
    expect(tokenError.message).toBe(`The token server of ${tokenHost.host} refused an anonymous request (HTTP 401): add credentials for ${tokenHost.host} in Registries.`);
  });

  it('says the registry could not find the tag, in a sentence that reads, with its error code and what to check', async () => {
    const registry = await local((_req, res) => json(res, 404, { errors: [{ code: 'MANIFEST_UNKNOWN' }] }));
    const features = new RegistryFeatures({ client: client(), resolve: async () => resolution() });
    const error = await failure(features.inspect({ image: `${registry.host}/team/app:9.9` }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe(`${registry.host} could not find the manifest of ${registry.host}/team/app:9.9 (MANIFEST_UNKNOWN). Check the name and tag.`);
  });

  it('sends Basic credentials when the registry asks for Basic', async () => {
    const registry = await local((req, res) => {
      if (req.headers.authorization !== basicCarol) return json(res, 401, {}, { 'www-authenticate': 'Basic realm="Registry Realm"' });
      json(res, 200, { tags: ['2.0'] });
    });
    const features = new RegistryFeatures({ client: client(), resolve: async () => resolution(carol) });
    expect((await features.tags({ image: `${registry.host}/stevedore/small` })).tags).toEqual(['2.0']);
  });

  it('follows a redirect to blob storage on another host without the Authorization header', async () => {
    const storage = await local((_req, res) => json(res, 200, { created: '2024-01-02T03:04:05Z', os: 'linux', architecture: 'amd64', config: { Labels: { 'org.opencontainers.image.version': '1.2.3' } } }), '127.0.0.2');
    const registry = await local((req, res) => {
      if (req.headers.authorization !== basicCarol) return json(res, 401, {}, { 'www-authenticate': 'Basic realm="r"' });
      if (req.url?.includes('/manifests/')) {
        return json(res, 200, { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { digest: 'sha256:c0', size: 10 }, layers: [{ digest: 'sha256:l1', size: 90 }] }, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
      }
      res.writeHead(307, { location: `${storage.url}/blob?X-Amz-Signature=secret-signature` });
      res.end();
    });
    const features = new RegistryFeatures({ client: client(), resolve: async () => resolution(carol) });
    const image = await features.inspect({ image: `${registry.host}/team/app:1.0` });
    expect(image).toMatchObject({ platforms: ['linux/amd64'], platform: 'linux/amd64', compressedSize: 100, created: '2024-01-02T03:04:05.000Z', version: '1.2.3' });
    expect(storage.seen).toHaveLength(1);
    expect(storage.seen[0]?.authorization).toBeUndefined();
  });

  it('ends a redirect loop after the limit with a clear error', async () => {
    const registry = await local((req, res) => {
      if (req.url === '/v2/') return json(res, 200, {});
      res.writeHead(302, { location: '/v2/a/tags/list?loop' });
      res.end();
    });
    const features = new RegistryFeatures({ client: client(), resolve: async () => resolution() });
    await expect(features.tags({ image: `${registry.host}/a` })).rejects.toMatchObject({ code: 'REGISTRY_BAD_ANSWER', message: expect.stringMatching(/redirected more than 5 times.*redirect loop/) });
    expect(registry.seen.filter((seen) => seen.url.includes('loop'))).toHaveLength(5);
  });

  it('stops reading an answer larger than the limit', async () => {
    const registry = await local((req, res) => {
      if (req.url === '/v2/') return json(res, 200, {});
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 64 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
        if (sent < 64 * 1024 * 1024) res.once('drain', pump);
        else res.end();
      };
      res.on('error', () => undefined);
      pump();
    });
    const features = new RegistryFeatures({ client: client(), resolve: async () => resolution() });
    await expect(features.tags({ image: `${registry.host}/a` })).rejects.toMatchObject({ code: 'REGISTRY_ANSWER_TOO_LARGE', message: expect.stringContaining('larger than 4 MB') });
  });

  it('maps a 403 HTML page to FORBIDDEN (a proxy), without quoting the page', async () => {
    const registry = await local((req, res) => {
      if (req.url === '/v2/') return json(res, 200, {});
      res.writeHead(403, { 'content-type': 'text/html' });
      res.end('<html><body>Access Denied by policy 42</body></html>');
    });
    const features = new RegistryFeatures({ client: client(), resolve: async () => resolution() });
    const error = await failure(features.tags({ image: `${registry.host}/a` }));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/proxy or firewall/);
    expect(error.message).not.toContain('policy 42');
  });

  it('maps Docker Hub endpoints: docker.io goes to the mapped API host, and rate limits come from a HEAD', async () => {
    const hub = await local((req, res) => {
      if (req.url === '/v2/') return json(res, 200, {});
      expect(req.method).toBe('HEAD');
      res.writeHead(200, { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '0;w=21600' });
      res.end();
    });
    const features = new RegistryFeatures({ client: client({ endpoints: { 'docker.io': hub.url } }), resolve: async () => resolution(), now: () => Date.parse('2026-01-01T00:00:00Z') });
    expect(await features.rateLimit({ image: 'nginx' })).toEqual({
      host: 'docker.io',
      applies: true,
      account: 'anonymous',
      limit: 100,
      remaining: 0,
      windowSeconds: 21600,
      checkedAt: '2026-01-01T00:00:00.000Z',
      resetsBy: '2026-01-01T06:00:00.000Z',
    });
    // No `/v2/` ping: the HEAD itself is the first request (its challenge, if any, is kept for the host).
    expect(hub.seen.map((seen) => `${seen.method} ${seen.url}`)).toEqual(['HEAD /v2/library/nginx/manifests/latest']);
  });

  it('never sends plain HTTP to a host that is not loopback or insecure at the engine', async () => {
    const features = new RegistryFeatures({ client: client({ timeoutMs: 2_000 }), resolve: async () => resolution() });
    // registry.invalid does not resolve; what matters is that only https was tried (the message names https).
    await expect(features.tags({ image: 'registry.invalid/a' })).rejects.toMatchObject({ code: 'REGISTRY_UNREACHABLE' });
  });
});

describe('rate limits on other registries', () => {
  it('apply only when the registry states them (a mirror passing Docker Hub’s headers on)', async () => {
    let headers: Record<string, string> = {};
    const mirror = await local((req, res) => {
      if (req.url === '/v2/') return json(res, 200, {});
      res.writeHead(200, headers);
      res.end();
    });
    const features = new RegistryFeatures({ client: client(), resolve: async () => resolution() });
    expect(await features.rateLimit({ image: `${mirror.host}/a:1` })).toEqual({ host: mirror.host, applies: false, account: 'anonymous' });
    headers = { 'ratelimit-limit': '10;w=3600', 'ratelimit-remaining': '3;w=3600' };
    expect(await features.rateLimit({ image: `${mirror.host}/a:1` })).toMatchObject({ applies: true, limit: 10, remaining: 3, windowSeconds: 3600 });
  });
});
