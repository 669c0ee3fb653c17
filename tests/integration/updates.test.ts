/**
 * Updates (issue 14) on the bench: the real core, engine, registries (Basic, Docker's token scheme, TLS, anonymous)
 * and Compose. A "new image under the same tag" is a build with another version label pushed to the same
 * repository:tag; the engine then keeps the first build under the tag (re-tagged), as a machine that pulled
 * before the push would. Repositories are named per run, so helpers running tests at the same time never collide.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type StevedoreCore } from '../../main/core/app';
import { parseImageReference } from '../../main/core/credentials/reference';
import { EngineConnection } from '../../main/core/engine/connection';
import { createEventPublisher } from '../../main/core/ipc/events';
import { MemoryCipher } from '../../main/core/secrets/cipher';
import { StackUpdateResultSchema, UpdatesViewSchema, type ImageUpdate } from '../../preload/api';
import { loadBench, tokenRegistry, type Bench } from '../env/bench';
import { expectNoComposeProjectsLeft, removeComposeProjectsWhenTestEnds } from '../support/compose-projects';
import { startFaultProxy } from '../support/fault-proxy';
import { openSettings } from '../support/settings';

const RUN = randomUUID().slice(0, 8);
let bench: Bench;
let core: StevedoreCore;
let dataDir: string;
let cliConfig: string;
const builtIds = new Set<string>();
/** The engine itself, for clean-up that must not depend on the core (stopped, or busy with a test that timed out). */
let engineDocker: Docker;
const ofThisRun = (project: string) => project.includes(RUN);

function docker(args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'docker',
      ['--config', cliConfig, ...args],
      { env: { ...process.env, DOCKER_HOST: bench.dockerHost, DOCKER_BUILDKIT: '0' }, maxBuffer: 8 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`docker ${args[0]} failed: ${stderr || error.message}`)) : resolve(stdout.trim())),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Builds a fresh image (its own version label and a unique one) from the bench's small image, tags and pushes it. */
async function buildAndPush(reference: string, version: string, push = true): Promise<string> {
  await docker(['build', '-q', '-t', reference, '--label', `org.opencontainers.image.version=${version}`, '--label', `org.stevedore.test.fresh=${randomUUID()}`, '-'], `FROM ${bench.images.small.anon}\n`);
  const id = await docker(['image', 'inspect', '--format', '{{.Id}}', reference]);
  builtIds.add(id);
  if (push) await docker(['push', '-q', reference]);
  return id;
}

/** The registry moves on (a new build under the same tag) while the engine keeps the one it had. */
async function newBuildUnderSameTag(reference: string, version: string, keep: string): Promise<void> {
  await buildAndPush(reference, version);
  await docker(['tag', keep, reference]);
}

const familiar = (reference: string) => parseImageReference(reference).familiarReference;
const entryOf = (images: readonly ImageUpdate[], reference: string) => images.find((image) => image.image === familiar(reference));

beforeAll(async () => {
  bench = loadBench();
  engineDocker = new Docker({ socketPath: bench.dockerHost.replace(/^unix:\/\//, '') });
  dataDir = mkdtempSync(path.join(tmpdir(), 'stevedore-updates-'));
  cliConfig = path.join(dataDir, 'cli-config');
  mkdirSync(cliConfig);
  const certsDir = path.join(dataDir, 'certs.d');
  mkdirSync(path.join(certsDir, bench.registries.tls.address), { recursive: true });
  copyFileSync(bench.caCert, path.join(certsDir, bench.registries.tls.address, 'ca.crt'));
  const token = tokenRegistry(bench);
  const { plain, tls } = bench.registries;
  for (const [address, user] of [[plain.address, plain], [tls.address, tls], [token.address, token.users.carol]] as const) {
    await docker(['login', '--username', user.username, '--password-stdin', address], user.password);
  }
  core = createCore({
    appInfo: () => ({ name: 'Stevedore', version: '0.0.0-test', runtime: 'preview', platform: process.platform, arch: process.arch, versions: { node: process.versions.node }, secretStorage: { kind: 'memory', description: 'Memory only.' } }),
    publisher: createEventPublisher(() => []),
    settings: openSettings(path.join(dataDir, 'settings')),
    cipher: new MemoryCipher(),
    dataDir,
    engine: new EngineConnection({ findEndpoint: () => ({ url: bench.dockerHost, source: 'DOCKER_HOST', tls: false }) }),
    // The bench's Docker config (Compose's plugin); the registries stored here come first for these images.
    env: { ...process.env, DOCKER_CONFIG: bench.dockerConfigDir },
    certsDir,
  });
  await core.start();
  expect(core.engine.status.state).toBe('connected');
  await core.registries.add({ name: 'Alice (plain)', address: plain.address, username: plain.username, secret: plain.password, patterns: [`updates-${RUN}/**`], isDefault: false });
  await core.registries.add({ name: 'Bob (TLS)', address: tls.address, username: tls.username, secret: tls.password, patterns: [`updates-${RUN}/**`], isDefault: false });
  await core.registries.add({ name: 'Carol (token)', address: token.address, username: token.users.carol.username, secret: token.users.carol.password, patterns: ['team/**'], isDefault: false });
}, 120_000);

afterAll(async () => {
  core?.stop();
  // Before the images: a container left running holds its image.
  const left = engineDocker === undefined ? Promise.resolve() : expectNoComposeProjectsLeft(engineDocker, ofThisRun, 'tests/integration/updates.test.ts');
  await left.catch(() => undefined);
  if (bench !== undefined && cliConfig !== undefined) {
    for (const id of builtIds) await docker(['image', 'rm', '--force', id]).catch(() => undefined);
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await left;
});

describe('update checks against each kind of registry', () => {
  const kinds = () => {
    const token = tokenRegistry(bench);
    return {
      'Basic (plain)': `${bench.registries.plain.address}/updates-${RUN}/basic:1.0`,
      "Docker's token scheme": `${token.address}/team/updates-${RUN}:1.0`,
      TLS: `${bench.registries.tls.address}/updates-${RUN}/tls:1.0`,
      anonymous: `${bench.registries.anon.address}/updates-${RUN}/anon:1.0`,
    };
  };

  it.each(['Basic (plain)', "Docker's token scheme", 'TLS', 'anonymous'] as const)('%s: a new build under the same tag is an update, with both version labels', async (kind) => {
    const reference = kinds()[kind];
    const first = await buildAndPush(reference, '1.0.0');
    const fresh = UpdatesViewSchema.parse(await core.updates.check({ image: reference }));
    expect(entryOf(fresh.images, reference)).toMatchObject({ state: 'up-to-date', local: { version: '1.0.0' }, imageIds: [first] });

    await newBuildUnderSameTag(reference, '1.0.1', first);
    const view = UpdatesViewSchema.parse(await core.updates.check({ image: reference }));
    const entry = entryOf(view.images, reference);
    expect(entry).toMatchObject({ state: 'update-available', local: { version: '1.0.0' }, remote: { version: '1.0.1', digest: expect.stringMatching(/^sha256:/) } });
    expect(entry?.remote?.digest).not.toBe(entry?.local?.digest);
    expect(JSON.stringify(view)).not.toContain(bench.registries.plain.password);
  }, 120_000);

  it('a registry that is down: could not check, with what happened and what to do', async () => {
    const proxy = await startFaultProxy({ listenHost: '127.0.0.1', target: bench.registries.anon.address, fault: { kind: 'none' } });
    const reference = `${proxy.address}/updates-${RUN}/down:1.0`;
    await buildAndPush(reference, '1.0.0');
    await proxy.close();
    const view = await core.updates.check({ image: reference });
    expect(entryOf(view.images, reference)).toMatchObject({ state: 'could-not-check', problem: { code: 'REGISTRY_UNREACHABLE', title: expect.any(String), fix: expect.any(String) } });
  }, 120_000);

  it('an image built here and never pushed: built locally, nothing asked', async () => {
    const reference = `updates-${RUN}-local:dev`;
    await buildAndPush(reference, '0.1.0', false);
    const view = await core.updates.check({ image: reference });
    expect(entryOf(view.images, reference)).toMatchObject({ state: 'built-locally', local: { version: '0.1.0' } });
  }, 120_000);
});

describe('updating a running stack', () => {
  it('pulls the changed image and recreates only its service: its container changes, the other stays', async () => {
    const web = `${bench.registries.plain.address}/updates-${RUN}/web:1.0`;
    const db = `${bench.registries.plain.address}/updates-${RUN}/db:1.0`;
    const webFirst = await buildAndPush(web, '1.0.0');
    await buildAndPush(db, '5.0.0');
    const yaml = ['services:', '  web:', `    image: ${web}`, '    command: ["sleep", "3600"]', '    stop_signal: SIGKILL', '  db:', `    image: ${db}`, '    command: ["sleep", "3600"]', '    stop_signal: SIGKILL', ''].join('\n');
    const { stack } = await core.stacks.create({ name: `updates-${RUN}`, yaml });
    // However the test ends, a timeout included (the \`finally\` below does not run then).
    removeComposeProjectsWhenTestEnds(engineDocker, ofThisRun);
    try {
      const deploy = await core.stacks.waitForDeploy((await core.stacks.deploy(stack.id)).id);
      expect(deploy.error).toBeUndefined();
      const before = await containersByService(stack.project);

      await newBuildUnderSameTag(web, '1.0.1', webFirst);
      const checked = await core.updates.check({ stackId: stack.id });
      expect(entryOf(checked.images, web)).toMatchObject({ state: 'update-available', usedBy: [{ stackId: stack.id, service: 'web' }] });
      expect(entryOf(checked.images, db)?.state).toBe('up-to-date');

      const result = StackUpdateResultSchema.parse(await core.handlers['updates.applyStack']({ id: stack.id }, undefined));
      expect(Object.fromEntries(result.services.map((service) => [service.service, service.outcome]))).toEqual({ web: 'recreated', db: 'unchanged' });
      const after = await containersByService(stack.project);
      expect(after.web).toBeDefined();
      expect(after.web).not.toBe(before.web);
      expect(after.db).toBe(before.db);

      const view = await core.updates.list();
      expect(entryOf(view.images, web)).toMatchObject({ state: 'up-to-date', local: { version: '1.0.1' }, staleContainers: [] });
    } finally {
      await core.stacks.down(stack.id, { volumes: false }).catch(() => undefined);
    }
  }, 240_000);
});

async function containersByService(project: string): Promise<Record<string, string>> {
  const containers = await core.engine.docker().listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });
  return Object.fromEntries(containers.map((container) => [container.Labels['com.docker.compose.service'] ?? '', container.Id]));
}
