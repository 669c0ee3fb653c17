/**
 * The registry client against the bench's real registries: Basic (plain), TLS with the bench CA through an
 * injected certs.d, anonymous, Docker's token scheme (carol, dave), and Docker Hub's rate limit through the fault
 * proxy standing in for docker.io (the client's endpoint mapping points docker.io at it; Docker Hub is never
 * contacted).
 */
import { mkdirSync, mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import tlsModule from 'node:tls';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RegistryClient } from '../../main/core/registry-client/client';
import { RegistryFeatures } from '../../main/core/registry-client/service';
import type { CredentialResolution } from '../../main/core/credentials/resolve';
import type { DockerAuthConfig } from '../../main/core/credentials/registry-types';
import { loadBench, tokenRegistry, type Bench } from '../env/bench';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';

let bench: Bench;
let certsDir: string;
const clients: RegistryClient[] = [];
const proxies: FaultProxy[] = [];

beforeAll(() => {
  bench = loadBench();
  certsDir = mkdtempSync(join(tmpdir(), 'stevedore-certs-d-'));
  mkdirSync(join(certsDir, bench.registries.tls.address));
  copyFileSync(bench.caCert, join(certsDir, bench.registries.tls.address, 'ca.crt'));
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all(proxies.map((proxy) => proxy.close()));
});

function features(auth?: { username: string; password: string }, options: ConstructorParameters<typeof RegistryClient>[0] = {}) {
  const client = new RegistryClient({ certsDir, env: {}, ...options });
  clients.push(client);
  return new RegistryFeatures({ client, resolve: async (image) => resolution(image, auth) });
}

function resolution(image: string, auth?: { username: string; password: string }): CredentialResolution {
  const explanation = { reference: image, username: auth?.username } as CredentialResolution['explanation'];
  const result = { explanation } as { explanation: CredentialResolution['explanation']; auth?: DockerAuthConfig };
  if (auth !== undefined) Object.defineProperty(result, 'auth', { value: { ...auth, serveraddress: '' }, enumerable: false });
  return result;
}

const repository = (image: string) => image.replace(/:[^:/]+$/, '');

describe('registry client on the bench', () => {
  it('lists tags with Basic credentials (alice on the plain registry)', async () => {
    const { plain } = bench.registries;
    const listing = await features(plain).tags({ image: repository(bench.images.small.plain) });
    expect(listing).toMatchObject({ account: 'alice', complete: true });
    expect(listing.tags).toContain('1.0');
  });

  it('refuses wrong Basic credentials as UNAUTHORIZED', async () => {
    const { plain } = bench.registries;
    await expect(features({ username: plain.username, password: 'wrong' }).tags({ image: repository(bench.images.small.plain) })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('reaches the TLS registry with the bench CA from an injected certs.d, and not without it', async () => {
    const { tls } = bench.registries;
    expect((await features(tls).tags({ image: repository(bench.images.small.tls) })).tags).toContain('1.0');
    const withoutCa = features(tls, { certsDir: mkdtempSync(join(tmpdir(), 'empty-certs-d-')) });
    await expect(withoutCa.tags({ image: repository(bench.images.small.tls) })).rejects.toMatchObject({ code: 'TLS' });
  });

  it("builds a certs.d host's TLS trust once per client, not again for every connection", async () => {
    // With the host's CAs (the system roots plus certs.d) given as options, every new connection parsed them
    // all again: most of an update check's time at 50 images (bench/sections/updates.ts).
    const { tls } = bench.registries;
    const client = new RegistryClient({ certsDir, env: {} });
    clients.push(client);
    const perConnection = vi.spyOn(tlsModule, 'createSecureContext');
    try {
      const name = repository(bench.images.small.tls).split('/').slice(1).join('/');
      const answers = await Promise.all(
        Array.from({ length: 6 }, () =>
          client.request({ host: tls.address, repository: name, path: `/v2/${name}/manifests/1.0`, method: 'HEAD', auth: { username: tls.username, password: tls.password, serveraddress: tls.address } }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(perConnection).not.toHaveBeenCalled();
    } finally {
      perConnection.mockRestore();
    }
  });

  it('lists tags anonymously and describes a multi-platform tag', async () => {
    expect((await features().tags({ image: repository(bench.images.small.anon) })).account).toBe('anonymous');
    const multi = await features(bench.registries.plain).inspect({ image: bench.images.multi, platform: 'linux/arm64' });
    expect(multi.platforms).toEqual(bench.images.multiPlatforms);
    expect(multi.platform).toBe('linux/arm64/v8');
    expect(multi.compressedSize).toBeGreaterThan(0);
  });

  it("uses Docker's token scheme: carol lists team/app, dave is denied team/tool, public/* is anonymous", async () => {
    const token = tokenRegistry(bench);
    const carol = await features(token.users.carol).tags({ image: repository(token.images.teamApp) });
    expect(carol).toMatchObject({ account: 'carol' });
    expect(carol.tags).toContain('1.0');
    const described = await features(token.users.carol).inspect({ image: token.images.teamApp });
    expect(described.platforms.length).toBeGreaterThan(0);
    await expect(features(token.users.dave).tags({ image: repository(token.images.teamTool) })).rejects.toMatchObject({ code: 'DENIED' });
    expect((await features().tags({ image: repository(token.images.publicSmall) })).tags).toContain('1.0');
    await expect(features({ username: 'carol', password: 'wrong-password' }).tags({ image: repository(token.images.teamApp) })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.not.stringContaining('wrong-password'),
    });
  });

  it("reads Docker Hub's pulls left from a HEAD through the rate-limit proxy, without using one up", async () => {
    const proxy = await startFaultProxy({ listenHost: '127.0.0.1', target: bench.registries.anon.address, fault: { kind: 'rate-limit', remaining: 0, limit: 100, windowSeconds: 21600 } });
    proxies.push(proxy);
    const hub = features(undefined, { endpoints: { 'docker.io': `http://${proxy.address}` } });
    const limit = await hub.rateLimit({ image: 'stevedore/small:1.0' });
    expect(limit).toMatchObject({ host: 'docker.io', applies: true, account: 'anonymous', limit: 100, remaining: 0, windowSeconds: 21600 });
    expect(Date.parse(limit.resetsBy ?? '') - Date.parse(limit.checkedAt ?? '')).toBe(21600 * 1000);
    expect(proxy.requests.filter((request) => request.path.includes('/manifests/')).map((request) => request.method)).toEqual(['HEAD']);
    // A GET (what a pull does) is refused with Docker Hub's 429.
    await expect(hub.inspect({ image: 'stevedore/small:1.0' })).rejects.toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('100 pulls per 6 h') });
  });
});
