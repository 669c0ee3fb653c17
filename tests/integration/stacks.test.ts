/**
 * StackService against the test bench: the real engine, the three real registries with real authentication, the
 * real pull service and credential resolver over the real registry store, and the real Compose v2.
 *
 * The images are this run's own (pushed in beforeAll under a unique tag), so other suites that remove the
 * bench's images cannot pull the ground from under a running stack, and every deploy really pulls.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeployViewSchema,
  PreflightSchema,
  StackStatusSchema,
  StackViewSchema,
  type DeployView,
  type RegistryInput,
  type RegistryView,
  type StackLogBatch,
  type StackStatus,
} from '../../preload/api';
import { EngineConnection, type EngineEvent } from '../../main/core/engine/connection';
import { PullService } from '../../main/core/pull/service';
import { CredentialResolver } from '../../main/core/credentials/resolver';
import { RegistryService } from '../../main/core/registries/service';
import { MemoryCipher } from '../../main/core/secrets/cipher';
import { StackService } from '../../main/core/stacks/service';
import { loadBench, type Bench } from '../env/bench';
import { expectNoComposeProjectsLeft } from '../support/compose-projects';
import { openSettings } from '../support/settings';
import { waitFor } from '../support/wait-for';

const RUN = `r${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const FIXTURES = path.resolve(__dirname, '../fixtures/stacks');

let bench: Bench;
let engine: EngineConnection;
let docker: Docker;
let registries: RegistryService;
let pulls: PullService;
let stacks: StackService;
let alice: RegistryView;
const engineEvents: Array<EngineEvent & { seenAt: number }> = [];
const statusEvents: Array<StackStatus & { seenAt: number }> = [];
const logBatches: StackLogBatch[] = [];
const tempDirs: string[] = [];
let chosenSource: string | undefined;
let chosenEnvFile: string | undefined;
/** Images made by committing containers (removed at the end). */
const committedImages: string[] = [];
let seedImageId: string | undefined;

/** This run's images, one per registry (each with its own credentials). */
const images = {
  web: '',
  api: '',
  echo: '',
};

let shopDir: string;
let shopId: string;
let shopProject: string;

beforeAll(async () => {
  bench = loadBench();
  engine = new EngineConnection({ findEndpoint: () => ({ url: bench.dockerHost, source: 'DOCKER_HOST', tls: false }) });
  expect((await engine.start()).state).toBe('connected');
  docker = engine.docker();
  engine.onEngineEvent((event) => engineEvents.push({ ...event, seenAt: performance.now() }));

  const { plain, tls, anon } = bench.registries;
  images.web = `${plain.address}/stacks-it/web:${RUN}`;
  images.api = `${tls.address}/stacks-it/api:${RUN}`;
  images.echo = `${anon.address}/stacks-it/echo:${RUN}`;
  await seedImages();

  registries = new RegistryService({ settings: openSettings(), cipher: new MemoryCipher(), docker: () => engine.docker() });
  const input = (overrides: Partial<RegistryInput>): RegistryInput => ({ name: 'x', address: 'x', patterns: [], isDefault: false, ...overrides });
  alice = await registries.add(input({ name: 'Alice (plain)', address: plain.address, username: plain.username, secret: plain.password, patterns: ['stacks-it/**'] }));
  await registries.add(input({ name: 'Bob (TLS)', address: tls.address, username: tls.username, secret: tls.password }));
  const credentials = new CredentialResolver({ registries, dockerConfigPath: () => '/nonexistent/stevedore-test/config.json' });
  pulls = new PullService({ docker: () => engine.docker(), resolve: (image, oneTime) => credentials.resolve(image, oneTime), maxConcurrent: () => 3 });

  const dataDir = temporaryDir('data');
  stacks = new StackService({
    dataDir,
    engine,
    puller: pulls,
    credentials,
    chooseComposeSource: async () => chosenSource,
    chooseEnvFile: async () => chosenEnvFile,
    // The bench's DOCKER_CONFIG holds the compose plugin and no credentials; MESSAGE shows the environment
    // winning over the project's .env.
    env: { ...process.env, DOCKER_CONFIG: bench.dockerConfigDir, MESSAGE: 'from-environment' },
    throttleMs: 20,
  });
  stacks.onStatus((status) => statusEvents.push({ ...status, seenAt: performance.now() }));
  stacks.onLog((batch) => logBatches.push(batch));
  await stacks.start();

  shopDir = writeShopProject();
  chosenSource = shopDir;
  const opened = await stacks.open();
  expect(opened).toBeDefined();
  shopId = opened!.id;
  shopProject = opened!.project;
});

afterAll(async () => {
  if (stacks) {
    for (const view of await stacks.list().catch(() => [])) {
      if (!view.readOnly && view.containers.total > 0) await stacks.down(view.id, { volumes: true }).catch(() => undefined);
    }
    stacks.stop();
  }
  pulls?.cancelAll();
  // Whatever a failed or timed-out test left behind (every project of this run carries RUN in its name): removed
  // before the images it holds, and named in a failure of the suite after the rest of the clean-up.
  const left = docker ? expectNoComposeProjectsLeft(docker, (project) => project.includes(RUN), 'tests/integration/stacks.test.ts') : Promise.resolve();
  await left.catch(() => undefined);
  if (docker) {
    for (const reference of [images.web, images.api, images.echo, `${shopProject}-app`, ...committedImages]) {
      if (reference) await docker.getImage(reference).remove({ force: true }).catch(() => undefined);
    }
    // The bench's small image this run pulled to push from (the bench leaves no images in the engine): its tag,
    // then the image, without force, so an image a container still uses stays.
    if (seedImageId) {
      await docker.getImage(bench.images.small.anon).remove().catch(() => undefined);
      await docker.getImage(seedImageId).remove().catch(() => undefined);
    }
  }
  engine?.stop();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  await left;
});

function temporaryDir(label: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `stevedore-stacks-it-${label}-`));
  tempDirs.push(dir);
  return dir;
}

/** Waits for a pull or push stream to end; fails on an error message inside it. */
function drain(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, output: Array<{ error?: string }>) => {
      const failed = output?.find((item) => item.error);
      if (error || failed) reject(error ?? new Error(failed?.error));
      else resolve();
    });
  });
}

function authFor(reference: string) {
  const { plain, tls } = bench.registries;
  if (reference.startsWith(plain.address)) return { username: plain.username, password: plain.password, serveraddress: plain.address };
  if (reference.startsWith(tls.address)) return { username: tls.username, password: tls.password, serveraddress: tls.address };
  return undefined;
}

async function push(reference: string): Promise<void> {
  // The engine wants an X-Registry-Auth header on every push, even an empty one for an anonymous registry.
  await drain(await docker.getImage(reference).push({ authconfig: authFor(reference) ?? {} }));
}

/** Pushes the bench's small image under this run's names, then removes them locally so deploys must pull. */
async function seedImages(): Promise<void> {
  await drain(await docker.pull(bench.images.small.anon));
  seedImageId = (await docker.getImage(bench.images.small.anon).inspect()).Id;
  for (const reference of Object.values(images)) {
    const [repo, tag] = splitTag(reference);
    await docker.getImage(bench.images.small.anon).tag({ repo, tag });
    await push(reference);
    await docker.getImage(reference).remove();
  }
}

function splitTag(reference: string): [string, string] {
  const colon = reference.lastIndexOf(':');
  return [reference.slice(0, colon), reference.slice(colon + 1)];
}

/** A compose project in a folder, as a user would have it: .env, a service built from source, a volume. */
function writeShopProject(): string {
  const dir = path.join(temporaryDir('shop'), `shop-${RUN}`);
  mkdirSync(path.join(dir, 'app'), { recursive: true });
  const { plain } = bench.registries;
  writeFileSync(
    path.join(dir, '.env'),
    [`PLAIN_REGISTRY=${plain.address}`, `RUN_TAG=${RUN}`, 'MESSAGE=from-dotenv', '# the TLS registry comes from a default in the file'].join('\n'),
  );
  writeFileSync(path.join(dir, 'app', 'message.txt'), 'built-by-stevedore\n');
  writeFileSync(
    path.join(dir, 'app', 'Dockerfile'),
    ['ARG BASE', 'FROM ${BASE}', 'COPY message.txt /message.txt', 'CMD ["sh", "-c", "cat /message.txt; exec sleep 3600"]'].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'compose.yaml'),
    [
      'services:',
      '  web:',
      '    image: ${PLAIN_REGISTRY}/stacks-it/web:${RUN_TAG}',
      '    command: ["httpd", "-f", "-p", "80", "-h", "/var/www"]',
      '    ports: ["127.0.0.1::80"]',
      '    stop_signal: SIGKILL',
      '    labels:',
      '      stevedore.test.tag: "${RUN_TAG}"',
      '  api:',
      '    image: ${TLS_REGISTRY:-registry.test:5443}/stacks-it/api:${RUN_TAG}',
      '    command: ["sh", "-c", "echo message=${MESSAGE} home=$$HOME greeting=${GREETING:-hello}; exec sleep 3600"]',
      '    stop_signal: SIGKILL',
      '    volumes: ["data:/data"]',
      '  echo:',
      `    image: ${bench.registries.anon.address}/stacks-it/echo:\${RUN_TAG}`,
      '    command: ["sh", "-c", "echo to-stderr >&2; i=0; while true; do i=$$((i+1)); echo tick-$$i; sleep 1; done"]',
      '    stop_signal: SIGKILL',
      '  app:',
      '    build:',
      '      context: ./app',
      '      args:',
      `        BASE: ${bench.registries.anon.address}/stacks-it/echo:\${RUN_TAG}`,
      '    stop_signal: SIGKILL',
      'volumes:',
      '  data: {}',
    ].join('\n'),
  );
  return dir;
}

async function deployAndWait(id: string, redeploy = false): Promise<DeployView> {
  const started = await stacks.deploy(id, { redeploy });
  expect(DeployViewSchema.parse(started).id).toBe(started.id);
  return stacks.waitForDeploy(started.id);
}

async function projectContainers(project: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });
}

function serviceOf(info: Docker.ContainerInfo): string {
  return info.Labels['com.docker.compose.service'] ?? '';
}

/** Resolves once `check` is true, re-checking whenever something arrives (events, log batches). */
function until(check: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (check()) return resolve();
      // The test's own timeout decides failure; this only keeps a readable message for it.
      if (Date.now() - started > 110_000) return reject(new Error(`gave up waiting for ${what}`));
      setTimeout(tick, 25);
    };
    tick();
  });
}

function logsOf(service: string, options: { tail: number }): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    const unsubscribe = stacks.onLog((batch) => {
      if (batch.streamId !== streamId) return;
      lines.push(...batch.lines.map((line) => `${line.stream}:${line.text}`));
      if (batch.ended) {
        unsubscribe();
        if (batch.error) reject(new Error(batch.error));
        else resolve(lines);
      }
    });
    let streamId = '';
    stacks.followLogs(shopId, service, { tail: options.tail, follow: false }).then((id) => {
      streamId = id;
      // Batches that came before the id was known.
      for (const batch of logBatches.filter((candidate) => candidate.streamId === id)) {
        lines.push(...batch.lines.map((line) => `${line.stream}:${line.text}`));
        if (batch.ended) {
          unsubscribe();
          resolve(lines);
        }
      }
    }, reject);
  });
}

describe('a stack with images from both private registries, the anonymous one, and a build', () => {
  it('plans every service: canonical image, credentials per image, presence, action', async () => {
    const preflight = PreflightSchema.parse(await stacks.preflight(shopId));
    expect(preflight.ok).toBe(true);
    expect(preflight.compose).toMatch(/docker compose \(CLI plugin\) 2\.\d+/);
    const byService = Object.fromEntries(preflight.services.map((entry) => [entry.service, entry]));
    expect(byService.web).toMatchObject({
      canonical: images.web,
      local: false,
      action: 'pull',
      credential: { source: 'registry', registry: { name: 'Alice (plain)' }, pattern: { written: 'stacks-it/**', expanded: `${bench.registries.plain.address}/stacks-it/**` } },
    });
    expect(byService.api).toMatchObject({ canonical: images.api, local: false, action: 'pull', credential: { source: 'registry', registry: { name: 'Bob (TLS)' } } });
    expect(byService.echo).toMatchObject({ canonical: images.echo, local: false, action: 'pull', credential: { source: 'anonymous' } });
    expect(byService.app).toMatchObject({ image: `${shopProject}-app`, build: true, action: 'build' });
    expect(byService.app?.credential).toBeUndefined();
    // The explanation never carries a secret.
    expect(JSON.stringify(preflight)).not.toContain(bench.registries.plain.password);
    expect(JSON.stringify(preflight)).not.toContain(bench.registries.tls.password);
  });

  it('deploys: pulls each image with its own credentials, builds, starts every service with compose labels', async () => {
    const progress: DeployView[] = [];
    const unsubscribe = stacks.onDeployProgress((view) => progress.push(view));
    const final = await deployAndWait(shopId);
    unsubscribe();
    expect(final.error).toBeUndefined();
    expect(final.state).toBe('done');
    expect(final.percent).toBe(100);
    expect(final.pulls.map((pull) => [pull.image, pull.state, pull.credential?.source]).sort()).toEqual(
      [
        [images.api, 'done', 'registry'],
        [images.echo, 'done', 'anonymous'],
        [images.web, 'done', 'registry'],
      ].sort(),
    );
    expect(final.pulls.find((pull) => pull.image === images.web)?.credential?.summary).toMatch(/Alice \(plain\)/);
    expect(final.pulls.find((pull) => pull.image === images.api)?.credential?.summary).toMatch(/Bob \(TLS\)/);
    // Each image went through the pull service, one pull each.
    for (const image of Object.values(images)) {
      expect(pulls.list().filter((view) => view.image === image && view.state === 'done')).toHaveLength(1);
    }
    // Progress was reported while it ran, and the last report is the final state.
    expect(progress.some((view) => view.state === 'pulling')).toBe(true);
    expect(progress.at(-1)).toEqual(final);
    expect(final.services.map((service) => [service.service, service.action, service.state, service.ok]).sort()).toEqual(
      [
        ['api', 'pull', 'running', true],
        ['app', 'build', 'running', true],
        ['echo', 'pull', 'running', true],
        ['web', 'pull', 'running', true],
      ].sort(),
    );
    expect(final.log.some((line) => line.stream !== 'stevedore' && /Started|Running/.test(line.text))).toBe(true);
    expect(JSON.stringify(final)).not.toContain(bench.registries.plain.password);

    const containers = await projectContainers(shopProject);
    expect(containers.map((info) => [serviceOf(info), info.State]).sort()).toEqual([
      ['api', 'running'],
      ['app', 'running'],
      ['echo', 'running'],
      ['web', 'running'],
    ]);
    const web = containers.find((info) => serviceOf(info) === 'web')!;
    expect(web.Labels['com.docker.compose.project']).toBe(shopProject);
    // Compose interpolated the file the way the preflight did.
    expect(web.Labels['stevedore.test.tag']).toBe(RUN);
    expect(web.Image).toBe(images.web);

    const status = StackStatusSchema.parse(await stacks.status(shopId));
    const webStatus = status.services.find((service) => service.service === 'web');
    expect(webStatus).toMatchObject({ state: 'running', image: images.web });
    expect(webStatus?.ports[0]).toMatch(/^127\.0\.0\.1:\d+->80\/tcp$/);
    const listed = (await stacks.list()).find((view) => view.id === shopId);
    expect(StackViewSchema.parse(listed)).toMatchObject({ kind: 'file', project: shopProject, state: 'running', containers: { running: 4, total: 4 }, readOnly: false });
  });

  it('runs the services with the interpolated values: environment over .env, defaults, $$', async () => {
    expect(await logsOf('api', { tail: 10 })).toContain('stdout:message=from-environment home=/root greeting=hello');
    expect(await logsOf('app', { tail: 10 })).toContain('stdout:built-by-stevedore');
    const echo = await logsOf('echo', { tail: 100 });
    expect(echo).toContain('stderr:to-stderr');
    expect(echo.some((line) => /^stdout:tick-\d+$/.test(line))).toBe(true);
  });

  it('streams a service’s logs as they are written, until unsubscribed', async () => {
    const streamId = await stacks.followLogs(shopId, 'echo', { tail: 1, follow: true });
    const ticks = () =>
      logBatches
        .filter((batch) => batch.streamId === streamId)
        .flatMap((batch) => batch.lines)
        .map((line) => /^tick-(\d+)$/.exec(line.text)?.[1])
        .filter((tick): tick is string => tick !== undefined)
        .map(Number);
    await until(() => ticks().length >= 1, 'the first tick');
    const first = ticks()[0]!;
    await until(() => ticks().some((tick) => tick >= first + 2), 'ticks written after subscribing');
    expect(stacks.stopLogs(streamId)).toBe(true);
    await until(() => logBatches.some((batch) => batch.streamId === streamId && batch.ended), 'the end of the stream');
    const seen = ticks().length;
    const lastSeen = Math.max(...ticks());
    // The service goes on writing: once it has written two more ticks (read from the engine afresh), a stream still
    // open would have delivered at least the first of them.
    const writtenTicks = async () => (await logsOf('echo', { tail: 5 })).map((line) => Number(/^stdout:tick-(\d+)$/.exec(line)?.[1] ?? -1));
    await waitFor(async () => (await writtenTicks()).some((tick) => tick >= lastSeen + 2), 'two more ticks written by the service');
    expect(ticks().length).toBe(seen);
  });

  it('sees a container stopped outside the app through the engine’s events', async () => {
    const api = (await projectContainers(shopProject)).find((info) => serviceOf(info) === 'api')!;
    const before = performance.now();
    await docker.getContainer(api.Id).stop();
    await until(
      () => statusEvents.some((status) => status.seenAt > before && status.stackId === shopId && status.services.find((service) => service.service === 'api')?.state === 'exited'),
      'a status event with api exited',
    );
    const event = statusEvents.find((status) => status.seenAt > before && status.services.find((service) => service.service === 'api')?.state === 'exited')!;
    // The status followed the engine's own event for that container; nothing asked the engine on a timer.
    const engineEvent = engineEvents.find((candidate) => candidate.seenAt > before && candidate.Actor?.ID === api.Id && /die|stop|kill/.test(candidate.Action ?? ''));
    expect(engineEvent).toBeDefined();
    expect(event.seenAt).toBeGreaterThanOrEqual(engineEvent!.seenAt);
    expect((await stacks.list()).find((view) => view.id === shopId)).toMatchObject({ state: 'partial', containers: { running: 3, total: 4 } });

    const started = await stacks.startStack(shopId);
    expect(started.status.services.every((service) => service.state === 'running')).toBe(true);
  });

  it('stops and starts the stack with compose', async () => {
    const stopped = await stacks.stopStack(shopId);
    expect(stopped.status.services.map((service) => service.state)).toEqual(['exited', 'exited', 'exited', 'exited']);
    expect(stopped.log.some((line) => /Stopped/.test(line.text))).toBe(true);
    const started = await stacks.startStack(shopId);
    expect(started.status.services.map((service) => service.state)).toEqual(['running', 'running', 'running', 'running']);
  });

  it('leaves the running stack untouched when one pull fails (wrong credentials)', async () => {
    const snapshot = async () =>
      (await projectContainers(shopProject)).map((info) => [serviceOf(info), info.Id, info.State, info.ImageID, info.Created]).sort();
    const before = await snapshot();
    const { plain } = bench.registries;
    // A change compose would act on (it recreates api) if it ran at all.
    const envFile = path.join(shopDir, '.env');
    const originalEnv = readFileSync(envFile, 'utf8');
    writeFileSync(envFile, `${originalEnv}\nGREETING=changed\n`);
    await registries.update({ id: alice.id, name: alice.name, address: plain.address, username: plain.username, secret: 'not-the-password', patterns: alice.patterns, isDefault: false });
    try {
      const final = await deployAndWait(shopId, true);
      expect(final.state).toBe('failed');
      expect(final.error).toMatchObject({ code: 'UNAUTHORIZED', image: images.web, service: 'web' });
      // The advice names the stored registry the credentials came from (main/core/failures.ts).
      expect(final.error?.fix).toMatch(/Edit registry “Alice \(plain\)” in Registries.*password or token/);
      expect(final.pulls.find((pull) => pull.image === images.web)).toMatchObject({ state: 'failed', error: { code: 'UNAUTHORIZED' } });
      expect(final.log.map((line) => line.text).join('\n')).toMatch(/stopped before compose ran/);
      expect(final.log.some((line) => line.text.includes('compose') && line.text.includes(' up '))).toBe(false);
      expect(JSON.stringify(final)).not.toContain('not-the-password');
    } finally {
      await registries.update({ id: alice.id, name: alice.name, address: plain.address, username: plain.username, secret: plain.password, patterns: alice.patterns, isDefault: false });
      writeFileSync(envFile, originalEnv);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('redeploys: pulls the image pushed again under the same tag and recreates its container', async () => {
    const webBefore = (await projectContainers(shopProject)).find((info) => serviceOf(info) === 'web')!;
    const oldImageId = webBefore.ImageID;
    // Someone pushes a new image under the same tag; this engine still has the old one under that name.
    const scratch = await docker.createContainer({ Image: images.web, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } });
    const [repo, tag] = splitTag(images.web);
    await scratch.commit({ repo, tag, changes: `LABEL stevedore.test.version=${RUN}-2` });
    await scratch.remove();
    const newImageId = (await docker.getImage(images.web).inspect()).Id;
    committedImages.push(newImageId);
    expect(newImageId).not.toBe(oldImageId);
    await push(images.web);
    await docker.getImage(oldImageId).tag({ repo, tag });
    expect((await docker.getImage(images.web).inspect()).Id).toBe(oldImageId);

    const final = await deployAndWait(shopId, true);
    expect(final.error).toBeUndefined();
    expect(final.state).toBe('done');
    expect(final.pulls.map((pull) => pull.state)).toEqual(['done', 'done', 'done']);
    expect(final.services.find((service) => service.service === 'app')?.action).toBe('build');
    const webAfter = (await projectContainers(shopProject)).find((info) => serviceOf(info) === 'web')!;
    expect(webAfter.ImageID).toBe(newImageId);
    expect(webAfter.Id).not.toBe(webBefore.Id);
    expect(webAfter.State).toBe('running');
    expect(final.services.find((service) => service.service === 'web')).toMatchObject({ imageId: newImageId, containerId: webAfter.Id, ok: true });
  });

  it('takes the stack down: containers and networks go, the volume stays unless asked', async () => {
    const networks = () => docker.listNetworks({ filters: { label: [`com.docker.compose.project=${shopProject}`] } });
    const volumes = async () => (await docker.listVolumes({ filters: { label: [`com.docker.compose.project=${shopProject}`] } })).Volumes ?? [];
    expect(await networks()).toHaveLength(1);
    expect(await volumes()).toHaveLength(1);
    const down = await stacks.down(shopId, { volumes: false });
    expect(down.status.services.map((service) => service.state)).toEqual(['not-created', 'not-created', 'not-created', 'not-created']);
    expect(await projectContainers(shopProject)).toEqual([]);
    expect(await networks()).toEqual([]);
    expect(await volumes()).toHaveLength(1);
    await stacks.down(shopId, { volumes: true });
    expect(await volumes()).toEqual([]);
    expect((await stacks.list()).find((view) => view.id === shopId)).toMatchObject({ state: 'not-deployed', containers: { running: 0, total: 0 } });
  });
});

describe('stacks started outside Stevedore', () => {
  it('are listed read-only until their compose file is opened', async () => {
    const dir = path.join(temporaryDir('outside'), `outside-${RUN}`);
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'compose.yaml'), `services:\n  solo:\n    image: ${images.echo}\n    command: ["sleep", "3600"]\n    stop_signal: SIGKILL\n`);
    await docker.getImage(images.echo).inspect();
    await new Promise<void>((resolve, reject) =>
      execFile(
        'docker',
        ['compose', '--ansi', 'never', 'up', '-d', '--pull', 'never'],
        { cwd: dir, env: { ...process.env, DOCKER_HOST: bench.dockerHost, DOCKER_CONFIG: bench.dockerConfigDir }, timeout: 120_000 },
        (error, _stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve()),
      ),
    );
    const project = `outside-${RUN}`;
    // compose has returned, but the engine's events for it may still be on their way.
    await until(
      () => statusEvents.some((status) => status.project === project && status.services[0]?.state === 'running'),
      'the outside project to be seen running',
    );
    const external = (await stacks.list()).find((view) => view.project === project);
    expect(external).toMatchObject({ id: `project:${project}`, kind: 'external', readOnly: true, state: 'running', containers: { running: 1, total: 1 } });
    expect((await stacks.status(external!.id)).services).toEqual([expect.objectContaining({ service: 'solo', state: 'running' })]);
    await expect(stacks.deploy(external!.id)).rejects.toMatchObject({ code: 'STACK_READ_ONLY' });
    await expect(stacks.down(external!.id, { volumes: false })).rejects.toMatchObject({ code: 'STACK_READ_ONLY' });

    chosenSource = path.join(dir, 'compose.yaml');
    const opened = await stacks.open(external!.id);
    expect(opened).toMatchObject({ kind: 'file', project, readOnly: false, state: 'running' });
    const list = await stacks.list();
    expect(list.filter((view) => view.project === project).map((view) => view.kind)).toEqual(['file']);
    await stacks.down(opened!.id, { volumes: true });
    expect(await projectContainers(project)).toEqual([]);
  });
});

describe('opened compose files', () => {
  it('use a chosen env file and a project name override, and are forgotten (not deleted) on delete', async () => {
    const dir = path.join(temporaryDir('options'), 'options');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'docker-compose.yml'), `services:\n  one:\n    image: ${bench.registries.anon.address}/stacks-it/options:\${TAG}\n`);
    writeFileSync(path.join(dir, '.env'), 'TAG=from-dotenv\n');
    writeFileSync(path.join(dir, 'prod.env'), 'TAG=from-prod\n');
    chosenSource = dir;
    const opened = (await stacks.open())!;
    expect(opened).toMatchObject({ kind: 'file', name: 'options', project: 'options', location: path.join(dir, 'docker-compose.yml') });
    const image = async () => (await stacks.preflight(opened.id)).services[0]?.canonical;
    expect(await image()).toMatch(/:from-dotenv$/);

    chosenEnvFile = path.join(dir, 'prod.env');
    expect(await stacks.chooseEnvFile(opened.id)).toMatchObject({ envFile: chosenEnvFile });
    expect(await image()).toMatch(/:from-prod$/);
    expect(await stacks.setProjectName(opened.id, `custom-${RUN}`)).toMatchObject({ project: `custom-${RUN}`, projectNameOverride: `custom-${RUN}` });
    await expect(stacks.setProjectName(opened.id, 'Not Valid')).rejects.toMatchObject({ code: 'STACK_NAME_INVALID' });
    expect((await stacks.chooseEnvFile(opened.id, true)).envFile).toBeUndefined();
    expect(await image()).toMatch(/:from-dotenv$/);

    const detail = await stacks.get(opened.id);
    expect(detail).toMatchObject({ editable: false, services: ['one'], problems: [] });
    expect(detail.yaml).toContain('stacks-it/options');
    expect(detail.env).toBeUndefined();
    await expect(stacks.save({ id: opened.id, yaml: 'services: {}' })).rejects.toMatchObject({ code: 'STACK_READ_ONLY' });

    expect(await stacks.delete(opened.id)).toBe(true);
    expect((await stacks.list()).some((view) => view.id === opened.id)).toBe(false);
    expect(readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8')).toContain('stacks-it/options');
  });
});

describe('stacks written in the app', () => {
  it('deploys from the data folder with its .env, and refuses deletion while containers exist', async () => {
    const yaml = `services:\n  hello:\n    image: \${IMAGE}\n    command: ["sh", "-c", "echo hello; exec sleep 3600"]\n    stop_signal: SIGKILL\n`;
    const detail = await stacks.create({ name: `inapp-${RUN}`, yaml, env: `IMAGE=${images.echo}\n` });
    expect(detail).toMatchObject({ editable: true, yaml, services: ['hello'], problems: [], stack: { id: `app:inapp-${RUN}`, kind: 'app', project: `inapp-${RUN}` } });
    const final = await deployAndWait(detail.stack.id);
    expect(final.state).toBe('done');
    expect(final.services).toEqual([expect.objectContaining({ service: 'hello', state: 'running', ok: true })]);
    await expect(stacks.delete(detail.stack.id)).rejects.toMatchObject({ code: 'STACK_RUNNING' });
    await stacks.down(detail.stack.id, { volumes: false });
    expect(await stacks.delete(detail.stack.id)).toBe(true);
    expect((await stacks.list()).some((view) => view.id === detail.stack.id)).toBe(false);
  });

  it('stops before pulling when the preflight finds problems', async () => {
    const yaml = [
      'services:',
      '  never:',
      `    image: ${bench.registries.plain.address}/stacks-it/absent:${RUN}`,
      '    pull_policy: never',
      '  secret:',
      `    image: ${images.echo}`,
      '    environment:',
      '      TOKEN: ${API_TOKEN:?set API_TOKEN in .env}',
    ].join('\n');
    const detail = await stacks.create({ name: `problems-${RUN}`, yaml });
    const preflight = await stacks.preflight(detail.stack.id);
    expect(preflight.ok).toBe(false);
    expect(preflight.problems.map((problem) => [problem.code, problem.service]).sort()).toEqual([
      ['COMPOSE_VARIABLE', 'secret'],
      ['IMAGE_NOT_LOCAL', 'never'],
    ]);
    const pullsBefore = pulls.list().length;
    const final = await deployAndWait(detail.stack.id);
    expect(final).toMatchObject({ state: 'failed', error: { code: 'STACK_PROBLEMS' } });
    expect(final.error?.detail).toMatch(/API_TOKEN/);
    expect(pulls.list()).toHaveLength(pullsBefore);
    await stacks.delete(detail.stack.id);
  });

  it('gives hostile and broken files clear errors, quickly, without storing anything half-written', async () => {
    const bomb = readFileSync(path.join(FIXTURES, 'alias-bomb.yaml'), 'utf8');
    expect((await stacks.validate({ yaml: bomb })).problems).toEqual([expect.objectContaining({ code: 'COMPOSE_ALIASES' })]);

    const invalid = await stacks.validate({ yaml: 'services:\n  web:\n    image: [busybox\n' });
    expect(invalid.problems).toEqual([expect.objectContaining({ code: 'COMPOSE_YAML', line: expect.any(Number), column: expect.any(Number) })]);

    const huge = `services:\n  web:\n    image: busybox\n# ${'x'.repeat(1024 * 1024)}\n`;
    expect((await stacks.validate({ yaml: huge })).problems).toEqual([expect.objectContaining({ code: 'COMPOSE_TOO_LARGE' })]);
    await expect(stacks.create({ name: `huge-${RUN}`, yaml: huge })).rejects.toMatchObject({ code: 'COMPOSE_TOO_LARGE' });
    expect((await stacks.list()).some((view) => view.name === `huge-${RUN}`)).toBe(false);

    // An alias bomb saved as a stack: listed with its problem, and a deploy fails at once without pulling.
    const saved = await stacks.create({ name: `bomb-${RUN}`, yaml: bomb });
    expect(saved.problems).toEqual([expect.objectContaining({ code: 'COMPOSE_ALIASES' })]);
    expect((await stacks.list()).find((view) => view.id === saved.stack.id)?.problem).toMatch(/aliases/);
    const final = await deployAndWait(saved.stack.id);
    expect(final).toMatchObject({ state: 'failed', error: { code: 'COMPOSE_ALIASES' } });
    await stacks.delete(saved.stack.id);

    await expect(stacks.create({ name: '../escape', yaml: 'services: {}' })).rejects.toMatchObject({ code: 'STACK_NAME_INVALID' });
    await expect(stacks.get('file:../../etc/passwd')).rejects.toMatchObject({ code: 'STACK_NOT_FOUND' });
    await expect(stacks.get('/etc/passwd')).rejects.toMatchObject({ code: 'STACK_NOT_FOUND' });
  });
});
