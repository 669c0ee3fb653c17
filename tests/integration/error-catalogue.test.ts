/**
 * Every code of the error catalogue (shared spec pulls.md, README "When a pull fails") from a real engine pull:
 * PullService with the real credential resolver over the real registry store, pulling from the bench's registries —
 * the token-auth one (tests/env/token.sh) included — and through tests/support/fault-proxy.ts, which answers as
 * Docker Hub, a corporate proxy or a broken token server do. Each test asserts the code, the engine's own words
 * and the credential line the user reads.
 */
import { createHash, randomUUID } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullRequest, PullView, RegistryInput } from '../../preload/api';
import { EngineConnection } from '../../main/core/engine/connection';
import { PullService } from '../../main/core/pull/service';
import { CredentialResolver } from '../../main/core/credentials/resolver';
import { RegistryService } from '../../main/core/registries/service';
import { MemoryCipher } from '../../main/core/secrets/cipher';
import { loadBench, tokenRegistry, type Bench, type BenchTokenRegistry } from '../env/bench';
import { DOCKER_HUB_RATE_LIMIT_BODY, startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { openSettings } from '../support/settings';

/** Loopback address of the fault proxies (ephemeral ports; the bench's own services use fixed ports). */
const PROXY_HOST = '127.0.0.3';

let bench: Bench;
let token: BenchTokenRegistry;
let engine: EngineConnection;
const services: PullService[] = [];
const proxies: FaultProxy[] = [];
/** Images a test pulled (or may have), removed again at the end. */
const pulled = new Set<string>();
/** Manifests a test pushed into a bench registry (URL of each), deleted again at the end. */
const pushedManifests: string[] = [];

beforeAll(async () => {
  bench = loadBench();
  token = tokenRegistry(bench);
  engine = new EngineConnection({ findEndpoint: () => ({ url: bench.dockerHost, source: 'DOCKER_HOST', tls: false }) });
  expect((await engine.start()).state).toBe('connected');
});

afterAll(async () => {
  for (const service of services) service.cancelAll();
  for (const proxy of proxies) await proxy.close();
  for (const image of pulled) await engine.docker().getImage(image).remove({ force: true }).catch(() => undefined);
  for (const url of pushedManifests) await fetch(url, { method: 'DELETE' }).catch(() => undefined);
  engine?.stop();
});

const registryInput = (overrides: Partial<RegistryInput>): RegistryInput => ({ name: 'x', address: 'x', patterns: [], isDefault: false, ...overrides });

async function pullService(options: { registries?: RegistryInput[]; docker?: () => Docker; engineEndpoint?: string } = {}): Promise<PullService> {
  const registries = new RegistryService({ settings: openSettings(), cipher: new MemoryCipher(), docker: () => engine.docker() });
  for (const input of options.registries ?? []) await registries.add(input);
  // No Docker config: only what the test stored (or typed) is used.
  const resolver = new CredentialResolver({ registries, dockerConfigPath: () => '/nonexistent/stevedore-test/config.json', env: {} });
  const service = new PullService({
    docker: options.docker ?? (() => engine.docker()),
    resolve: (image, oneTime) => resolver.resolve(image, oneTime),
    maxConcurrent: () => 3,
    engineEndpoint: () => options.engineEndpoint ?? bench.dockerHost,
  });
  services.push(service);
  return service;
}

async function pull(service: PullService, request: PullRequest): Promise<PullView> {
  pulled.add(request.image);
  return service.waitFor(service.start(request).id);
}

async function proxy(target: string, fault: Parameters<typeof startFaultProxy>[0]['fault']): Promise<FaultProxy> {
  const started = await startFaultProxy({ listenHost: PROXY_HOST, target, fault });
  proxies.push(started);
  return started;
}

const tokenUser = (user: 'carol' | 'dave' | 'erin', overrides: Partial<RegistryInput> = {}) =>
  registryInput({
    name: `Token (${user})`,
    address: token.address,
    username: token.users[user].username,
    secret: token.users[user].password,
    patterns: ['team/*'],
    ...overrides,
  });

/**
 * Pushes, through the registry API, a copy of the small image whose config carries a fresh label, so its manifest
 * digest is one the engine has never seen. The engine resolves a tag with a `HEAD` (which Docker Hub does not
 * count) and skips the counted `GET` for a manifest it already holds — a pull of the bench's usual images would
 * never meet the rate limit.
 */
async function pushFreshImage(registryUrl: string, fromRepo: string, toRepo: string): Promise<string> {
  const V2 = 'application/vnd.docker.distribution.manifest.v2+json';
  const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;
  const manifest = (await (await fetch(`${registryUrl}/v2/${fromRepo}/manifests/1.0`, { headers: { accept: V2 } })).json()) as {
    config: { digest: string; size: number };
    layers: Array<{ digest: string }>;
  };
  const config = JSON.parse(await (await fetch(`${registryUrl}/v2/${fromRepo}/blobs/${manifest.config.digest}`)).text()) as {
    config: { Labels?: Record<string, string> };
  };
  config.config.Labels = { ...config.config.Labels, 'org.stevedore.test.fresh': randomUUID() };
  const configBytes = Buffer.from(JSON.stringify(config));
  const upload = async (digest: string, body?: Buffer) => {
    const mount = await fetch(`${registryUrl}/v2/${toRepo}/blobs/uploads/?mount=${digest}&from=${fromRepo}`, { method: 'POST' });
    if (mount.status === 201) return;
    const location = new URL(mount.headers.get('location') ?? '', registryUrl);
    location.searchParams.set('digest', digest);
    const put = await fetch(location, { method: 'PUT', body: new Uint8Array(body ?? Buffer.alloc(0)), headers: { 'content-type': 'application/octet-stream' } });
    if (put.status !== 201) throw new Error(`blob upload to ${toRepo} answered ${put.status}`);
  };
  for (const layer of manifest.layers) await upload(layer.digest);
  const configDigest = sha256(configBytes);
  await upload(configDigest, configBytes);
  const tag = `fresh-${randomUUID().slice(0, 8)}`;
  const put = await fetch(`${registryUrl}/v2/${toRepo}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'content-type': V2 },
    body: JSON.stringify({ ...manifest, config: { ...manifest.config, digest: configDigest, size: configBytes.length } }),
  });
  if (put.status !== 201) throw new Error(`manifest upload to ${toRepo}:${tag} answered ${put.status}`);
  pushedManifests.push(`${registryUrl}/v2/${toRepo}/manifests/${put.headers.get('docker-content-digest') ?? ''}`);
  return tag;
}

/** The credential line of an anonymous pull (no stored registry, no Docker config in these tests). */
const anonymousLine = (image: string, host: string) =>
  `${image}: no stored registry for ${host} and the Docker config (/nonexistent/stevedore-test/config.json) has no credentials for it: anonymous pull.`;

describe('each catalogue code from a real engine pull', () => {
  it('UNAUTHORIZED (Basic): the htpasswd registry rejects the stored password', async () => {
    const { plain } = bench.registries;
    const service = await pullService({
      registries: [registryInput({ name: 'Plain', address: plain.address, username: plain.username, secret: 'stale-password-1', patterns: ['stevedore/*'] })],
    });
    const final = await pull(service, { image: bench.images.small.plain });
    expect(final.error).toMatchObject({
      code: 'UNAUTHORIZED',
      title: `${plain.address} did not accept the credentials`,
      detail: 'unauthorized: authentication required',
      credential: `${bench.images.small.plain} uses registry 'Plain' (pattern 'stevedore/*' → ${plain.address}/stevedore/*) as ${plain.username}, sent to ${plain.address}.`,
    });
    expect(final.error?.fix).toContain('Edit registry “Plain” in Registries');
  });

  it('UNAUTHORIZED (anonymous): the htpasswd registry refuses a pull that sent no credentials', async () => {
    const { plain } = bench.registries;
    const service = await pullService();
    const final = await pull(service, { image: bench.images.small.plain });
    expect(final.error).toMatchObject({
      code: 'UNAUTHORIZED',
      title: `${plain.address} needs credentials`,
      cause: 'The registry asked for authentication, and the pull sent no credentials: neither Registries nor the Docker config has any for this image.',
      detail: expect.stringContaining('no basic auth credentials'),
      credential: anonymousLine(bench.images.small.plain, plain.address),
    });
    expect(final.error?.fix).toBe(`Add credentials for ${plain.address} in Registries (or pull with one-time credentials): it does not allow anonymous pulls of this image.`);
  });

  it('UNAUTHORIZED (Bearer): the token server rejects the stored password, in its own words', async () => {
    const service = await pullService({ registries: [tokenUser('carol', { secret: 'not-carols-password' })] });
    const final = await pull(service, { image: token.images.teamApp });
    expect(final.error).toMatchObject({
      code: 'UNAUTHORIZED',
      title: `${token.address} did not accept the credentials`,
      detail: `Head "${token.url}/v2/team/app/manifests/1.0": unauthorized: incorrect username or password`,
      credential: `${token.images.teamApp} uses registry 'Token (carol)' (pattern 'team/*' → ${token.address}/team/*) as carol, sent to ${token.address}.`,
    });
    // The anonymous retry met the repository's real protection: denied, not a second "unauthorized".
    expect(final.notes).toEqual([expect.stringMatching(/anonymously .* was denied: pull access denied for 127\.0\.0\.3:5003\/team\/app/)]);
    expect(JSON.stringify(final)).not.toContain('not-carols-password');
  });

  it('DENIED: a signed-in account without pull scope (dave on team/tool) gets Docker Hub’s answer', async () => {
    const service = await pullService({ registries: [tokenUser('dave')] });
    const final = await pull(service, { image: token.images.teamTool });
    expect(final.error).toMatchObject({
      code: 'DENIED',
      title: `Access to ${token.images.teamTool} was denied`,
      detail: `pull access denied for ${token.address}/team/tool, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
      credential: `${token.images.teamTool} uses registry 'Token (dave)' (pattern 'team/*' → ${token.address}/team/*) as dave, sent to ${token.address}.`,
    });
    expect(final.error?.fix).toContain('the account of registry “Token (dave)” has pull access');
    // Denied is not "wrong credentials": no anonymous retry.
    expect(final.notes).toEqual([]);
  });

  it('DENIED: an anonymous pull of a protected repository (team/app)', async () => {
    const service = await pullService();
    const final = await pull(service, { image: token.images.teamApp });
    expect(final.error).toMatchObject({
      code: 'DENIED',
      detail: `pull access denied for ${token.address}/team/app, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
      cause: 'The pull sent no credentials, and the registry gives anonymous pulls no access to this repository, or the repository does not exist.',
      credential: anonymousLine(token.images.teamApp, token.address),
    });
    expect(final.error?.fix).toBe(`Check the image name; if the repository is private, add credentials for ${token.address} in Registries.`);
  });

  it('pulls through the token registry with the right account (the control for the two above)', async () => {
    const service = await pullService({ registries: [tokenUser('dave')] });
    const final = await pull(service, { image: token.images.teamApp });
    expect(final.error).toBeUndefined();
    expect(final).toMatchObject({ state: 'done', credential: { source: 'registry' } });
    const anonymous = await pull(await pullService(), { image: token.images.publicSmall });
    expect(anonymous.error).toBeUndefined();
    expect(anonymous.state).toBe('done');
  });

  it('NOT_FOUND: a tag the token registry does not have', async () => {
    const image = `${token.address}/team/app:does-not-exist`;
    const service = await pullService({ registries: [tokenUser('carol')] });
    const final = await pull(service, { image });
    expect(final.error).toMatchObject({
      code: 'NOT_FOUND',
      title: `${image} was not found`,
      detail: `manifest for ${image} not found: manifest unknown: manifest unknown`,
      credential: `${image} uses registry 'Token (carol)' (pattern 'team/*' → ${token.address}/team/*) as carol, sent to ${token.address}.`,
    });
  });

  it('PLATFORM: the engine’s distribution answer lacks the platform asked for', async () => {
    const { plain } = bench.registries;
    const service = await pullService({
      registries: [registryInput({ name: 'Plain', address: plain.address, username: plain.username, secret: plain.password, patterns: ['stevedore/*'] })],
    });
    const final = await pull(service, { image: bench.images.multi, platform: 'linux/s390x' });
    expect(final.error).toMatchObject({
      code: 'PLATFORM',
      title: `${bench.images.multi} is not available for linux/s390x`,
      detail: `${bench.images.multi} is available for linux/amd64, linux/arm64/v8, not for linux/s390x.`,
      platforms: ['linux/amd64', 'linux/arm64/v8'],
      credential: `${bench.images.multi} uses registry 'Plain' (pattern 'stevedore/*' → ${plain.address}/stevedore/*) as ${plain.username}, sent to ${plain.address}.`,
    });
  });

  it('FORBIDDEN: a proxy answers 403 with an HTML page', async () => {
    const front = await proxy(bench.registries.anon.address, { kind: 'forbidden-html' });
    const image = `${front.address}/stevedore/small:1.0`;
    const final = await pull(await pullService(), { image });
    expect(final.error).toMatchObject({
      code: 'FORBIDDEN',
      title: `${front.address} refused the request`,
      credential: anonymousLine(image, front.address),
    });
    expect(final.error?.detail).toMatch(/^error parsing HTTP 403 response body: invalid character '<' looking for beginning of value: "<!DOCTYPE html>/);
  });

  it('RATE_LIMITED: Docker Hub’s 429 on the counted manifest GET, after an uncounted HEAD', async () => {
    const tag = await pushFreshImage(bench.registries.anon.url, 'stevedore/small', 'stevedore/rate-limited');
    const front = await proxy(bench.registries.anon.address, { kind: 'rate-limit', remaining: 0 });
    const image = `${front.address}/stevedore/rate-limited:${tag}`;
    const final = await pull(await pullService(), { image });
    expect(final.error).toMatchObject({
      code: 'RATE_LIMITED',
      title: `${front.address} is rate limiting pulls`,
      detail: `toomanyrequests: ${JSON.parse(DOCKER_HUB_RATE_LIMIT_BODY).errors[0].message}`,
      credential: anonymousLine(image, front.address),
    });
    expect(final.error?.fix).toMatch(/^Sign in: add credentials for/);
    expect(front.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 200', 'HEAD 200', 'GET 429']);
  });

  it('TLS: the engine does not trust the registry’s certificate', async () => {
    const image = bench.images.small.untrusted;
    const final = await pull(await pullService(), { image });
    expect(final.error).toMatchObject({
      code: 'TLS',
      title: `A secure connection to ${bench.registries.tls.untrustedAddress} could not be made`,
      detail: `Get "https://${bench.registries.tls.untrustedAddress}/v2/": x509: certificate signed by unknown authority`,
      credential: anonymousLine(image, bench.registries.tls.untrustedAddress),
    });
  });

  it('REGISTRY_UNREACHABLE: nothing listens at the registry’s address', async () => {
    const image = `${bench.closedPort}/stevedore/small:1.0`;
    const final = await pull(await pullService(), { image });
    expect(final.error).toMatchObject({
      code: 'REGISTRY_UNREACHABLE',
      title: `${bench.closedPort} could not be reached`,
      detail: `Get "http://${bench.closedPort}/v2/": dial tcp ${bench.closedPort}: connect: connection refused`,
      credential: anonymousLine(image, bench.closedPort),
    });
  });

  it('ENGINE_UNREACHABLE: no engine listens on the socket', async () => {
    const socketPath = `/tmp/stevedore-no-engine-${randomUUID()}.sock`;
    const service = await pullService({ docker: () => new Docker({ socketPath }), engineEndpoint: `unix://${socketPath}` });
    const image = bench.images.small.anon;
    const final = await pull(service, { image });
    expect(final.error).toMatchObject({
      code: 'ENGINE_UNREACHABLE',
      title: 'The container engine is not reachable',
      detail: `connect ENOENT ${socketPath}`,
      cause: `Stevedore could not talk to the engine at unix://${socketPath}.`,
      credential: anonymousLine(image, bench.registries.anon.address),
    });
  });
});

describe('token servers that fail', () => {
  it('a token server that is down: the registry is reached, its sign-in service is not', async () => {
    const front = await proxy(token.address, { kind: 'token-realm-closed', realm: token.closedRealm });
    const image = `${front.address}/public/small:1.0`;
    const final = await pull(await pullService(), { image });
    expect(final.error).toMatchObject({
      code: 'REGISTRY_UNREACHABLE',
      detail: `Head "http://${front.address}/v2/public/small/manifests/1.0": Get "${token.closedRealm}?scope=repository%3Apublic%2Fsmall%3Apull&service=${token.service}": dial tcp ${bench.closedPort}: connect: connection refused`,
      credential: anonymousLine(image, front.address),
    });
    expect(final.error?.title).toBe(`The sign-in service of ${front.address} (${bench.closedPort}) could not be reached`);
  });

  it('a token server that answers 200 with a page instead of a token', async () => {
    const front = await proxy(token.address, { kind: 'token-garbage' });
    const image = `${front.address}/public/small:1.0`;
    const final = await pull(await pullService(), { image });
    expect(final.error).toMatchObject({
      code: 'UNKNOWN',
      detail: `Head "http://${front.address}/v2/public/small/manifests/1.0": unable to decode token response: invalid character '<' looking for beginning of value`,
      credential: anonymousLine(image, front.address),
    });
    expect(front.requests.some((r) => r.path.startsWith('/token-garbage?') && r.status === 200)).toBe(true);
  });
});

describe('the fault proxy answers as Docker Hub does (what the rate-limit tests rely on)', () => {
  it('counts a manifest GET, not a HEAD, shows what is left on every manifest answer, and gives 429 with Hub’s body at 0', async () => {
    const front = await proxy(bench.registries.anon.address, { kind: 'rate-limit', remaining: 1, limit: 100 });
    const manifest = `http://${front.address}/v2/stevedore/small/manifests/1.0`;
    const accept = { accept: 'application/vnd.docker.distribution.manifest.v2+json' };
    const limits = (res: Response) => [res.status, res.headers.get('ratelimit-limit'), res.headers.get('ratelimit-remaining')];

    expect(limits(await fetch(manifest, { method: 'HEAD', headers: accept }))).toEqual([200, '100;w=21600', '1;w=21600']);
    expect(limits(await fetch(manifest, { method: 'HEAD', headers: accept }))).toEqual([200, '100;w=21600', '1;w=21600']);
    const counted = await fetch(manifest, { headers: accept });
    expect(limits(counted)).toEqual([200, '100;w=21600', '0;w=21600']);
    expect(((await counted.json()) as { schemaVersion?: number }).schemaVersion).toBe(2);
    const limited = await fetch(manifest, { headers: accept });
    expect(limits(limited)).toEqual([429, '100;w=21600', '0;w=21600']);
    expect(await limited.text()).toBe(DOCKER_HUB_RATE_LIMIT_BODY);
    // Blobs and the API root are not limited.
    expect((await fetch(`http://${front.address}/v2/`)).status).toBe(200);
  });
});
