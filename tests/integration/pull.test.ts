/**
 * PullService against the test bench: the real engine, real registries with real authentication, and the real
 * credential resolver over the real registry store. Each test removes the bench images first, so it really pulls.
 */
import type Docker from 'dockerode';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PullViewSchema, type PullRequest, type PullView, type RegistryInput } from '../../preload/api';
import { EngineConnection, type EngineEvent } from '../../main/core/engine/connection';
import { PullService } from '../../main/core/pull/service';
import { CredentialResolver } from '../../main/core/credentials/resolver';
import { RegistryService } from '../../main/core/registries/service';
import { MemoryCipher } from '../../main/core/secrets/cipher';
import { loadBench, startEngine, stopEngine, type Bench } from '../env/bench';
import { openSettings } from '../support/settings';
import { waitFor } from '../support/wait-for';

let bench: Bench;
let engine: EngineConnection;
const engineEvents: EngineEvent[] = [];
/** References the service asked the engine to pull, in order (our own client, wrapped to count). */
let pullCalls: string[] = [];
const services: PullService[] = [];

beforeAll(async () => {
  bench = loadBench();
  engine = new EngineConnection({ findEndpoint: () => ({ url: bench.dockerHost, source: 'DOCKER_HOST', tls: false }) });
  expect((await engine.start()).state).toBe('connected');
  engine.onEngineEvent((event) => engineEvents.push(event));
});

afterAll(() => {
  for (const service of services) service.cancelAll();
  engine?.stop();
});

beforeEach(async () => {
  pullCalls = [];
  await removeBenchImages();
});

function benchImages(): string[] {
  const { small, large, multi } = bench.images;
  return [small.plain, small.tls, small.anon, small.anonLibrary, large, multi];
}

async function removeBenchImages(): Promise<void> {
  const docker = engine.docker();
  for (const image of benchImages()) {
    await docker
      .getImage(image)
      .remove({ force: true })
      .catch((error: { statusCode?: number }) => {
        if (error.statusCode !== 404) throw error;
      });
  }
}

async function imageExists(reference: string): Promise<boolean> {
  return engine
    .docker()
    .getImage(reference)
    .inspect()
    .then(
      () => true,
      (error: { statusCode?: number }) => {
        if (error.statusCode === 404) return false;
        throw error;
      },
    );
}

function countingDocker(): Docker {
  const client = engine.docker();
  const wrapped = Object.create(client) as Docker;
  wrapped.pull = ((reference: string, options?: object) => {
    pullCalls.push(reference);
    return client.pull(reference, options);
  }) as Docker['pull'];
  return wrapped;
}

const registryInput = (overrides: Partial<RegistryInput>): RegistryInput => ({ name: 'x', address: 'x', patterns: [], isDefault: false, ...overrides });

interface Harness {
  service: PullService;
  /** Every update delivered to the listener, with when it arrived. */
  updates: Array<{ view: PullView; at: number }>;
}

async function harness(options: { registries?: RegistryInput[]; maxConcurrent?: number; throttleMs?: number } = {}): Promise<Harness> {
  const registries = new RegistryService({ settings: openSettings(), cipher: new MemoryCipher(), docker: () => engine.docker() });
  for (const input of options.registries ?? []) await registries.add(input);
  // No Docker config: only what the test stored (or typed) is used.
  const resolver = new CredentialResolver({ registries, dockerConfigPath: () => '/nonexistent/stevedore-test/config.json', env: {} });
  const service = new PullService({
    docker: countingDocker,
    resolve: (image, oneTime) => resolver.resolve(image, oneTime),
    maxConcurrent: () => options.maxConcurrent ?? 3,
    engineEndpoint: () => bench.dockerHost,
    throttleMs: options.throttleMs,
  });
  services.push(service);
  const updates: Harness['updates'] = [];
  // The router would strip undeclared fields; parsing here proves the views fit the contract as they are.
  service.onProgress((view) => updates.push({ view: PullViewSchema.strict().parse(view), at: Date.now() }));
  return { service, updates };
}

function pull(service: PullService, request: PullRequest): Promise<PullView> {
  return service.waitFor(service.start(request).id);
}

const plainRegistry = (overrides: Partial<RegistryInput> = {}) =>
  registryInput({
    name: 'Plain',
    address: bench.registries.plain.address,
    username: bench.registries.plain.username,
    secret: bench.registries.plain.password,
    patterns: ['stevedore/*'],
    ...overrides,
  });

function isNonDecreasing(values: readonly number[]): boolean {
  return values.every((value, index) => index === 0 || value >= (values[index - 1] ?? 0));
}

describe('pulling with the right credentials', () => {
  it('pulls a private image with stored credentials and reports digest, image id and size', async () => {
    const { service } = await harness({ registries: [plainRegistry()] });
    const final = await pull(service, { image: bench.images.small.plain });
    expect(final.error).toBeUndefined();
    expect(final).toMatchObject({ state: 'done', percent: 100, notes: [], credential: { source: 'registry' } });
    expect(final.credential.summary).toContain("'Plain'");
    const inspected = await engine.docker().getImage(bench.images.small.plain).inspect();
    expect(final.imageId).toBe(inspected.Id);
    expect(final.sizeBytes).toBe(inspected.Size);
    expect(inspected.RepoDigests).toContain(`127.0.0.1:5001/stevedore/small@${final.digest}`);
    expect(final.finishedAt).toBeDefined();
  });

  it('pulls from the TLS registry whose CA the engine trusts, with a colon in the stored password', async () => {
    const { tls } = bench.registries;
    const { service } = await harness({ registries: [registryInput({ name: 'TLS', address: tls.address, username: tls.username, secret: tls.password })] });
    const final = await pull(service, { image: bench.images.small.tls });
    expect(final.error).toBeUndefined();
    expect(final).toMatchObject({ state: 'done', credential: { source: 'registry' } });
  });

  it('pulls a private image with one-time credentials, storing nothing', async () => {
    const { plain } = bench.registries;
    const { service, updates } = await harness();
    const final = await pull(service, { image: bench.images.small.plain, oneTimeCredentials: { username: plain.username, password: plain.password } });
    expect(final.error).toBeUndefined();
    expect(final).toMatchObject({ state: 'done', credential: { source: 'one-time' } });
    expect(JSON.stringify(updates)).not.toContain(plain.password);
  });

  it('pulls anonymously from the registry without authentication', async () => {
    const { service } = await harness();
    const final = await pull(service, { image: bench.images.small.anon });
    expect(final.error).toBeUndefined();
    expect(final).toMatchObject({ state: 'done', percent: 100, credential: { source: 'anonymous' } });
    expect(await imageExists(bench.images.small.anon)).toBe(true);
  });

  it('pulls the platform asked for from a manifest list', async () => {
    const { service } = await harness({ registries: [plainRegistry()] });
    const final = await pull(service, { image: bench.images.multi, platform: 'linux/arm64' });
    expect(final.error).toBeUndefined();
    expect(final).toMatchObject({ state: 'done', platform: 'linux/arm64' });
    const inspected = await engine.docker().getImage(bench.images.multi).inspect();
    expect(inspected.Architecture).toBe('arm64');
  });
});

describe('failures, each in words the user can act on', () => {
  it('wrong stored credentials → UNAUTHORIZED naming the registry and pattern, after the anonymous retry also failed', async () => {
    const wrongSecret = 'not-alices-password-41';
    const { service, updates } = await harness({ registries: [plainRegistry({ name: 'Plain (stale password)', secret: wrongSecret })] });
    const final = await pull(service, { image: bench.images.small.plain });
    expect(final.state).toBe('failed');
    expect(final.error?.code).toBe('UNAUTHORIZED');
    expect(final.error?.title).toContain('127.0.0.1:5001');
    expect(final.error?.cause).toContain('“Plain (stale password)”');
    expect(final.error?.cause).toContain('127.0.0.1:5001/stevedore/*');
    expect(final.error?.credential).toContain("registry 'Plain (stale password)'");
    expect(final.error?.credential).toContain("'stevedore/*'");
    // The first (authenticated) failure is reported, not the anonymous retry's.
    expect(final.error?.detail).toMatch(/unauthorized: authentication required/);
    expect(final.notes).toHaveLength(1);
    expect(final.notes[0]).toMatch(/anonymously.*no basic auth credentials/);
    expect(pullCalls).toEqual([bench.images.small.plain, bench.images.small.plain]);
    expect(JSON.stringify(updates)).not.toContain(wrongSecret);
  });

  it('a tag that does not exist → NOT_FOUND', async () => {
    const { service } = await harness({ registries: [plainRegistry()] });
    const final = await pull(service, { image: '127.0.0.1:5001/stevedore/small:does-not-exist' });
    expect(final.error).toMatchObject({ code: 'NOT_FOUND' });
    expect(final.error?.detail).toContain('manifest unknown');
    expect(final.error?.detail).not.toMatch(/HTTP code/);
  });

  it('a platform the manifest list lacks → PLATFORM listing the platforms it has, and no pull started', async () => {
    const { service } = await harness({ registries: [plainRegistry()] });
    const final = await pull(service, { image: bench.images.multi, platform: 'linux/s390x' });
    expect(final.error?.code).toBe('PLATFORM');
    expect(final.error?.title).toContain('linux/s390x');
    expect(final.error?.cause).toContain('linux/amd64');
    expect(final.error?.cause).toContain('linux/arm64');
    expect(pullCalls).toEqual([]);
    expect(await imageExists(bench.images.multi)).toBe(false);
  });

  it('a platform a single-platform image lacks → PLATFORM too (the engine itself would not complain)', async () => {
    const { service } = await harness();
    const final = await pull(service, { image: bench.images.small.anon, platform: 'linux/arm64' });
    expect(final.error?.code).toBe('PLATFORM');
    expect(final.error?.cause).toContain('linux/amd64');
    expect(pullCalls).toEqual([]);
  });

  it('a registry whose certificate the engine does not trust → TLS', async () => {
    const { service } = await harness();
    const final = await pull(service, { image: bench.images.small.untrusted });
    expect(final.error?.code).toBe('TLS');
    expect(final.error?.detail).toContain('x509');
  });

  it('nothing listening at the registry address → REGISTRY_UNREACHABLE', async () => {
    const { service } = await harness();
    const final = await pull(service, { image: `${bench.closedPort}/stevedore/small:1.0` });
    expect(final.error?.code).toBe('REGISTRY_UNREACHABLE');
    expect(final.error?.title).toContain(bench.closedPort);
  });

  it('the engine stopped → ENGINE_UNREACHABLE naming the endpoint', async () => {
    const { service } = await harness();
    await stopEngine();
    let final: PullView;
    try {
      final = await pull(service, { image: bench.images.small.anon });
    } finally {
      await startEngine();
    }
    expect(final.error?.code).toBe('ENGINE_UNREACHABLE');
    expect(final.error?.cause).toContain(bench.dockerHost);
    // Back again, the same service pulls.
    const again = await pull(service, { image: bench.images.small.anon });
    expect(again.error).toBeUndefined();
    expect(again.state).toBe('done');
  });
});

describe('control: cancel, join, queue', () => {
  it('cancels the large image in the middle; the engine is left able to pull it again', async () => {
    // Every change is delivered at once here, so the cancel lands while layers are downloading.
    const { service } = await harness({ registries: [plainRegistry()], throttleMs: 0 });
    let cancelledAt: PullView | undefined;
    const view = service.start({ image: bench.images.large });
    const unsubscribe = service.onProgress((update) => {
      if (update.id === view.id && cancelledAt === undefined && update.state === 'pulling' && update.bytesDone > 0) {
        cancelledAt = update;
        service.cancel(view.id);
      }
    });
    const final = await service.waitFor(view.id);
    unsubscribe();
    expect(cancelledAt).toBeDefined();
    expect(final).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED' } });
    expect(final.percent).toBeLessThan(100);
    expect(final.bytesDone).toBeLessThan(bench.images.largeBytes);

    const again = await pull(service, { image: bench.images.large });
    expect(again.error).toBeUndefined();
    expect(again).toMatchObject({ state: 'done', percent: 100 });
    expect(await imageExists(bench.images.large)).toBe(true);
  });

  it('two concurrent requests for one image make one engine pull', async () => {
    const { service } = await harness({ registries: [plainRegistry()] });
    const eventsBefore = engineEvents.length;
    const first = service.start({ image: bench.images.small.plain });
    const second = service.start({ image: '127.0.0.1:5001/stevedore/small:1.0' });
    expect(second.id).toBe(first.id);
    const [a, b] = await Promise.all([service.waitFor(first.id), service.waitFor(second.id)]);
    expect(a).toEqual(b);
    expect(a.state).toBe('done');
    expect(pullCalls).toEqual([bench.images.small.plain]);

    // The engine agrees: one pull event for the image. A later pull of another image is the marker that every
    // event of the first has arrived (the engine sends its events in order).
    await pull(service, { image: bench.images.small.anon });
    await waitFor(() => engineEvents.slice(eventsBefore).some((event) => isPullEvent(event, bench.images.small.anon)), "the engine's pull event");
    const pullEvents = engineEvents.slice(eventsBefore).filter((event) => isPullEvent(event, bench.images.small.plain));
    expect(pullEvents).toHaveLength(1);
  });

  it('queues beyond maxConcurrent=1 and shows the queue position', async () => {
    const { service, updates } = await harness({ registries: [plainRegistry()], maxConcurrent: 1 });
    const first = service.start({ image: bench.images.small.plain });
    const second = service.start({ image: bench.images.small.anon });
    expect(second).toMatchObject({ state: 'queued', queuePosition: 1 });
    expect(service.list().map((view) => view.id)).toEqual([first.id, second.id]);
    const [a, b] = await Promise.all([service.waitFor(first.id), service.waitFor(second.id)]);
    expect([a.state, b.state]).toEqual(['done', 'done']);
    const secondStates = updates.filter((update) => update.view.id === second.id).map((update) => update.view.state);
    expect(secondStates[0]).toBe('queued');
    // It only left the queue once the first had finished.
    const firstDoneIndex = updates.findIndex((update) => update.view.id === first.id && update.view.state === 'done');
    const secondRunningIndex = updates.findIndex((update) => update.view.id === second.id && update.view.state !== 'queued');
    expect(secondRunningIndex).toBeGreaterThan(firstDoneIndex);
  });
});

describe('progress of a real multi-layer pull', () => {
  it('is monotonic, throttled to ~10 updates a second, and ends at 100% with the final state last', async () => {
    const { service, updates } = await harness({ registries: [plainRegistry()] });
    const view = service.start({ image: bench.images.large });
    const final = await service.waitFor(view.id);
    expect(final.error).toBeUndefined();
    const mine = updates.filter((update) => update.view.id === view.id);
    const percents = mine.map((update) => update.view.percent);
    expect(isNonDecreasing(percents)).toBe(true);
    expect(mine.at(-1)?.view).toEqual(final);
    expect(final).toMatchObject({ state: 'done', percent: 100 });
    expect(percents.filter((percent) => percent === 100)).toHaveLength(1);
    expect(final.layers).toHaveLength(7);
    expect(final.layers.every((layer) => layer.phase === 'complete' || layer.phase === 'exists')).toBe(true);
    expect(final.bytesDone).toBe(final.bytesTotal);
    // Throttling: besides the final update, no more than one per 100 ms of the pull (plus the leading one).
    const elapsedMs = (mine.at(-1)?.at ?? 0) - (mine[0]?.at ?? 0);
    expect(mine.length - 1).toBeLessThanOrEqual(Math.ceil(elapsedMs / 100) + 1);
    expect(mine.some((update) => update.view.state === 'pulling' && update.view.percent > 0 && update.view.percent < 100)).toBe(true);
  });
});

function isPullEvent(event: EngineEvent, reference: string): boolean {
  return event.Type === 'image' && event.Action === 'pull' && (event.Actor?.ID === reference || event.id === reference);
}
