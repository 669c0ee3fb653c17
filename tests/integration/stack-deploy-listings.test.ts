/**
 * How often a deploy lists the project's containers, on the bench engine with the real Compose v2: an eight-service
 * stack (one small image, pulled anonymously) deployed from nothing. While compose works, the status follows the
 * engine's container events; the project is listed once, after `up`, for both the status and the per-service result.
 * Session 8 measured 14–18 listings per deploy of the bench's eight-image stack (one per burst of events, plus one
 * half a second after each burst).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StackStatus } from '../../preload/api';
import { CredentialResolver } from '../../main/core/credentials/resolver';
import { EngineConnection } from '../../main/core/engine/connection';
import { PullService } from '../../main/core/pull/service';
import { RegistryService } from '../../main/core/registries/service';
import { MemoryCipher } from '../../main/core/secrets/cipher';
import { StackService, type StackEngine } from '../../main/core/stacks/service';
import { loadBench, type Bench } from '../env/bench';
import { expectNoComposeProjectsLeft, removeComposeProjectsWhenTestEnds } from '../support/compose-projects';
import { openSettings } from '../support/settings';

const PROJECT = `listings-${Date.now().toString(36)}`;
const SERVICES = ['svc1', 'svc2', 'svc3', 'svc4', 'svc5', 'svc6', 'svc7', 'svc8'];

let bench: Bench;
let engine: EngineConnection;
let work: string;
/**
 * The container listings StackService asked the engine for that cover this test's project (its own, or all
 * projects), by their filters. Others' projects on the shared bench engine are listed on their events too.
 */
const listings: string[] = [];
const coversProject = (filters: string) => filters === JSON.stringify({ label: ['com.docker.compose.project'] }) || filters.includes(`=${PROJECT}"`);

/** The engine as StackService sees it, with its container listings counted. */
function countingEngine(connection: EngineConnection): StackEngine {
  const counted = (docker: Docker): Docker =>
    new Proxy(docker, {
      get(target, property, receiver) {
        if (property === 'listContainers') {
          return (options?: Docker.ContainerListOptions) => {
            const filters = JSON.stringify(options?.filters ?? {});
            if (coversProject(filters)) listings.push(filters);
            return target.listContainers(options);
          };
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  return {
    docker: () => counted(connection.docker()),
    get currentEndpoint() {
      return connection.currentEndpoint;
    },
    onEngineEvent: (listener) => connection.onEngineEvent(listener),
    onStatus: (listener) => connection.onStatus(listener),
  };
}

beforeAll(async () => {
  bench = loadBench();
  engine = new EngineConnection({ findEndpoint: () => ({ url: bench.dockerHost, source: 'DOCKER_HOST', tls: false }) });
  expect((await engine.start()).state).toBe('connected');
  work = mkdtempSync(path.join(tmpdir(), 'stevedore-deploy-listings-'));
});

afterAll(async () => {
  try {
    await expectNoComposeProjectsLeft(engine.docker(), (project) => project === PROJECT, 'stack-deploy-listings.test.ts');
  } finally {
    engine.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  }
});

it('lists the project once per deploy, after compose up, and the status still follows every service to running', async () => {
  removeComposeProjectsWhenTestEnds(engine.docker(), (project) => project === PROJECT);
  const folder = path.join(work, PROJECT);
  const image = bench.images.small.anon;
  const yaml = ['services:', ...SERVICES.flatMap((service) => [`  ${service}:`, `    image: ${image}`, '    command: ["sleep", "3600"]', '    stop_signal: SIGKILL'])].join('\n');
  mkdirSync(folder);
  writeFileSync(path.join(folder, 'compose.yaml'), `${yaml}\n`);

  const registries = new RegistryService({ settings: openSettings(), cipher: new MemoryCipher(), docker: () => engine.docker() });
  const credentials = new CredentialResolver({ registries, dockerConfigPath: () => '/nonexistent/stevedore-test/config.json', env: {} });
  const pulls = new PullService({ docker: () => engine.docker(), resolve: (reference, oneTime) => credentials.resolve(reference, oneTime), maxConcurrent: () => 3 });
  const stacks = new StackService({
    dataDir: path.join(work, 'data'),
    engine: countingEngine(engine),
    puller: pulls,
    credentials,
    chooseComposeSource: async () => folder,
    env: { ...process.env, DOCKER_CONFIG: bench.dockerConfigDir },
    throttleMs: 20,
  });
  /** The statuses the window was sent, each with the number of listings asked for by then. */
  const statuses: Array<{ status: StackStatus; listingsBefore: number }> = [];
  stacks.onStatus((status) => statuses.push({ status, listingsBefore: listings.length }));
  try {
    await stacks.start();
    const opened = await stacks.open();
    expect(opened?.project).toBe(PROJECT);

    const before = listings.length;
    const deploy = await stacks.waitForDeploy((await stacks.deploy(opened!.id)).id);
    const during = listings.slice(before);
    expect(deploy.state, JSON.stringify(deploy.error)).toBe('done');

    // The per-service result is read from that one listing: every service has its running container.
    expect(deploy.services.map((service) => [service.service, service.state, service.ok])).toEqual(SERVICES.map((service) => [service, 'running', true]));
    expect(during).toEqual([JSON.stringify({ label: [`com.docker.compose.project=${PROJECT}`] })]);

    // The window followed compose from the engine's events: every service was shown created or running before
    // that listing was asked for; and the status after it shows every one running with its image.
    const fromEvents = statuses.filter((sent) => sent.listingsBefore === before).map((sent) => sent.status);
    const shown = new Set(fromEvents.flatMap((status) => status.services.filter((service) => service.state !== 'not-created').map((service) => service.service)));
    expect([...shown].sort()).toEqual(SERVICES);
    const final = await stacks.status(opened!.id);
    expect(final.services.map((service) => [service.service, service.state, service.image])).toEqual(SERVICES.map((service) => [service, 'running', image]));
    await stacks.down(opened!.id, { volumes: true });
  } finally {
    stacks.stop();
    pulls.cancelAll();
  }
}, 180_000);
