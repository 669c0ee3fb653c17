/**
 * Pulls interrupted by the world: the engine stopped in the middle of a pull, and the registry killed in the
 * middle of one. Stevedore runs as a whole (`startPreview`: core, router, preview server) and is driven through
 * the real bridge; a bandwidth-limited proxy in front of the plain registry keeps the large image's pull going
 * long enough to interrupt it. Whatever happens, the engine and the registry are running again when a test ends.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type RunningPreview } from '../../../main/preview/preview';
import type { EngineStatus, PullView } from '../../../preload/api';
import { isEngineRunning, isRegistryRunning, loadBench, startEngine, startRegistry, stopEngine, stopRegistry, type Bench } from '../../env/bench';
import { startSlowProxy, type SlowProxy } from '../../support/slow-proxy';
import { plainRegistryDiffIds, removeImagesHoldingLayers } from './support/engine-layers';
import { call, connectToPreview, waitForEvent, type PreviewClient } from '../../unit/reliability/support/preview-client';

/** Another loopback address: the engine treats it as a separate (insecure) registry host. */
const PROXY_HOST = '127.0.0.4';
const PROXY_PORT = 5021;
/** Slow enough that the 316 MB image takes over a minute, fast enough that progress shows at once. */
const PROXY_BYTES_PER_SECOND = 4 * 1024 * 1024;

let bench: Bench;
let docker: Docker;
let proxy: SlowProxy;
let preview: RunningPreview;
let client: PreviewClient;
let folder: string;

beforeAll(async () => {
  bench = loadBench();
  docker = new Docker({ socketPath: bench.dockerHost.replace(/^unix:\/\//, '') });
  folder = mkdtempSync(path.join(tmpdir(), 'stevedore-reliability-pulls-'));
  mkdirSync(path.join(folder, 'renderer'));
  preview = await startPreview({
    rendererDir: path.join(folder, 'renderer'),
    previewBridgeFile: path.join(folder, 'bridge.js'),
    version: '0.0.0-test',
    dataDir: path.join(folder, 'data'),
    engine: { findEndpoint: () => ({ url: bench.dockerHost, source: 'DOCKER_HOST', tls: false }), retryDelays: [250, 500, 1000] },
  });
  client = await connectToPreview(preview.url);
  proxy = await startSlowProxy({ listenHost: PROXY_HOST, listenPort: PROXY_PORT, target: bench.registries.plain.address, bytesPerSecond: PROXY_BYTES_PER_SECOND });
  const { plain } = bench.registries;
  await call(client.bridge, 'registries.add', { name: 'Slow plain', address: proxy.address, username: plain.username, secret: plain.password, patterns: ['stevedore/**'], isDefault: false });
});

afterAll(async () => {
  // Never leave the bench broken for the suites that follow.
  if (!(await isEngineRunning())) await startEngine();
  if (!(await isRegistryRunning('plain'))) await startRegistry('plain');
  await client?.close();
  await preview?.close();
  await proxy?.close();
  await removeImage(`${PROXY_HOST}:${PROXY_PORT}/stevedore/large:1.0`);
  await removeImage(`${PROXY_HOST}:${PROXY_PORT}/stevedore/small:1.0`);
  rmSync(folder, { recursive: true, force: true });
});

async function removeImage(reference: string): Promise<void> {
  await docker
    .getImage(reference)
    .remove({ force: true })
    .catch((error: { statusCode?: number }) => {
      if (error.statusCode !== 404) throw error;
    });
}

const isFinal = (view: PullView) => view.state === 'done' || view.state === 'failed' || view.state === 'cancelled';

/** Starts the large image's pull through the proxy and resolves once it is well under way. */
async function pullLargeUntilUnderWay(): Promise<PullView> {
  const image = `${proxy.address}/stevedore/large:1.0`;
  // Layers another tag of the image left in the engine would "already exist" and make the pull finish at once.
  await removeImagesHoldingLayers(docker, await plainRegistryDiffIds(bench, bench.images.large));
  const started = await call(client.bridge, 'pulls.start', { image });
  await waitForEvent<PullView>(client, 'pulls.progress', (view) => view.id === started.id && view.state === 'pulling' && view.bytesDone > 8_000_000, 90_000);
  return started;
}

async function finalOf(id: string, timeoutMs: number): Promise<PullView> {
  try {
    return await waitForEvent<PullView>(client, 'pulls.progress', (view) => view.id === id && isFinal(view), timeoutMs);
  } catch (error) {
    // Say where it got stuck: the state and each layer's last word from the engine.
    const view = (await call(client.bridge, 'pulls.list', undefined)).find((candidate) => candidate.id === id);
    const layers = view?.layers.map((layer) => `${layer.id} ${layer.status}`).join(', ');
    throw new Error(`${(error as Error).message}; the pull is ${view?.state} at ${view?.bytesDone} bytes (${layers})`, { cause: error });
  }
}

async function engineState(): Promise<EngineStatus['state']> {
  return (await call(client.bridge, 'engine.status', undefined)).state;
}

async function pollUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the engine stops in the middle of a pull', () => {
  it('fails the pull as ENGINE_UNREACHABLE naming the endpoint, keeps the app answering, and pulls again once the engine is back', async () => {
    const started = await pullLargeUntilUnderWay();
    let whileDown: PullView;
    try {
      await stopEngine();
      const failed = await finalOf(started.id, 60_000);
      expect(failed.state).toBe('failed');
      expect(failed.error?.code).toBe('ENGINE_UNREACHABLE');
      expect(failed.error?.cause).toContain(bench.dockerHost);
      expect(failed.error?.fix).toMatch(/Start Docker/);
      expect(failed.percent).toBeLessThan(100);

      // The app itself carries on: it answers, knows the engine is gone, and keeps the failed pull to show.
      await pollUntil(async () => (await engineState()) === 'disconnected', 15_000, 'engine.status turning disconnected');
      expect((await call(client.bridge, 'app.info', undefined)).runtime).toBe('preview');
      expect((await call(client.bridge, 'registries.list', undefined)).map((registry) => registry.name)).toEqual(['Slow plain']);
      expect((await call(client.bridge, 'pulls.list', undefined)).find((view) => view.id === started.id)?.state).toBe('failed');

      // A pull asked for meanwhile fails at once with the same clear error, instead of hanging.
      const attempt = await call(client.bridge, 'pulls.start', { image: `${proxy.address}/stevedore/small:1.0` });
      whileDown = await finalOf(attempt.id, 30_000);
    } finally {
      await startEngine();
    }
    expect(whileDown.error?.code).toBe('ENGINE_UNREACHABLE');

    await pollUntil(async () => (await engineState()) === 'connected', 30_000, 'the app reconnecting to the engine');
    const again = await call(client.bridge, 'pulls.start', { image: `${proxy.address}/stevedore/small:1.0` });
    const done = await finalOf(again.id, 60_000);
    expect(done.error).toBeUndefined();
    expect(done).toMatchObject({ state: 'done', percent: 100, credential: { source: 'registry' } });
  }, 240_000);
});

describe('the registry is killed in the middle of a pull', () => {
  it('fails the pull with a clear error about the registry (not the engine), and pulls again once it is back', async () => {
    const started = await pullLargeUntilUnderWay();
    let failed: PullView;
    try {
      await stopRegistry('plain', { kill: true });
      // The engine retries a broken download a few times (about a minute in all) before it gives up.
      failed = await finalOf(started.id, 200_000);
    } finally {
      await startRegistry('plain');
    }
    expect(failed.state).toBe('failed');
    expect(failed.error?.code).toBe('REGISTRY_UNREACHABLE');
    expect(failed.error?.title).toContain(proxy.address);
    expect(failed.error?.fix).toMatch(/address|network/i);
    // The engine's own words are kept for whoever needs them.
    expect(failed.error?.detail.length).toBeGreaterThan(0);
    expect(await engineState()).toBe('connected');

    const again = await call(client.bridge, 'pulls.start', { image: `${proxy.address}/stevedore/small:1.0` });
    const done = await finalOf(again.id, 60_000);
    expect(done.error).toBeUndefined();
    expect(done.state).toBe('done');
  }, 330_000);
});
