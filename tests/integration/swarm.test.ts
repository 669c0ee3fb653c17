/**
 * Swarm stacks on the bench's single-node Swarm (tests/env/swarm.sh, a private engine of its own): a 2-service
 * stack from the Basic registry (alice, a stored registry) and the anonymous one is deployed with
 * `docker stack deploy --with-registry-auth` and the private temporary Docker config; replicas reach desired,
 * scale, logs, remove. A service whose image the registry refuses shows the task error in the catalogue's words;
 * two images on one host that need different credentials are refused before anything runs.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistryInput } from '../../preload/api';
import { CredentialResolver } from '../../main/core/credentials/resolver';
import { RegistryService } from '../../main/core/registries/service';
import { MemoryCipher } from '../../main/core/secrets/cipher';
import { runProcess, type ProcessRequest, type ProcessRunner } from '../../main/core/process/run';
import { readComposeProject } from '../../main/core/stacks/reader';
import { deploySwarmStack, removeSwarmStack, forceUpdateSwarmService } from '../../main/core/swarm/deploy';
import { isSwarmManager } from '../../main/core/swarm/role';
import { listStackServices, scaleService, serviceImage, serviceLogs, type SwarmServiceView } from '../../main/core/swarm/services';
import { explainTaskError } from '../../main/core/swarm/task-failure';
import { SwarmService } from '../../main/core/swarm/service';
import { swarmStackSummaries } from '../../main/core/swarm/services';
import { StackService, type StackEngine } from '../../main/core/stacks/service';
import type { SwarmCliOptions } from '../../main/core/swarm/docker-cli';
import { loadBench, swarmEngine, type Bench, type BenchSwarmEngine } from '../env/bench';
import { openSettings } from '../support/settings';
import { waitFor } from '../support/wait-for';

let bench: Bench;
let swarm: BenchSwarmEngine;
let docker: Docker;
let work: string;
/** Where the private Docker configs are made, so the test sees every one of them. */
let configParent: string;
const stacks = new Set<string>();

interface SeenConfig {
  dirMode: number;
  fileMode: number;
  auths: Record<string, { auth?: string }>;
}
const seenConfigs: SeenConfig[] = [];
const commands: string[][] = [];

/** The real runner, recording the Docker config each docker run was given while it exists. */
const watchingRunner: ProcessRunner = (request: ProcessRequest) => {
  commands.push([...request.args]);
  const dir = request.env?.DOCKER_CONFIG;
  if (dir) {
    const file = path.join(dir, 'config.json');
    seenConfigs.push({
      dirMode: statSync(dir).mode & 0o777,
      fileMode: statSync(file).mode & 0o777,
      auths: (JSON.parse(readFileSync(file, 'utf8')) as { auths: SeenConfig['auths'] }).auths,
    });
  }
  return runProcess(request);
};

beforeAll(async () => {
  bench = loadBench();
  swarm = swarmEngine(bench);
  docker = new Docker({ socketPath: swarm.socket });
  expect(await isSwarmManager(docker)).toBe(true);
  work = mkdtempSync(path.join(os.tmpdir(), 'stevedore-swarm-it-'));
  configParent = mkdtempSync(path.join(os.tmpdir(), 'stevedore-swarm-configs-'));
});

afterAll(async () => {
  for (const stack of stacks) await removeSwarmStack(stack, docker, cli()).catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
  rmSync(configParent, { recursive: true, force: true });
});

function cli(): SwarmCliOptions {
  return { endpoint: { url: swarm.host, source: 'DOCKER_HOST', tls: false }, dockerProgram: bench.dockerCli, run: watchingRunner, parent: configParent, env: process.env };
}

async function resolverWith(registries: RegistryInput[]): Promise<CredentialResolver> {
  const service = new RegistryService({ settings: openSettings(), cipher: new MemoryCipher(), docker: () => docker });
  for (const input of registries) await service.add(input);
  // No Docker config: only what the test stored is used.
  return new CredentialResolver({ registries: service, dockerConfigPath: () => '/nonexistent/stevedore-test/config.json', env: {} });
}

const alice = (): RegistryInput => ({
  name: 'Plain (alice)',
  address: bench.registries.plain.address,
  username: bench.registries.plain.username,
  secret: bench.registries.plain.password,
  patterns: ['stevedore/*'],
  isDefault: false,
});

async function project(services: Record<string, string>, { stopGracePeriod = '1s' }: { stopGracePeriod?: string } = {}) {
  const name = `swarm-${randomUUID().slice(0, 8)}`;
  const dir = path.join(work, name);
  const file = path.join(dir, 'compose.yaml');
  const lines = ['version: "3.8"', 'services:'];
  for (const [service, image] of Object.entries(services)) {
    // sh as PID 1 ignores SIGTERM: a short grace period keeps rolling updates and removal quick.
    lines.push(`  ${service}:`, `    image: ${image}`, `    command: ["sh", "-c", "echo hello-from-${service}; sleep 3600"]`, `    stop_grace_period: ${stopGracePeriod}`);
  }
  await import('node:fs/promises').then((fs) => fs.mkdir(dir));
  writeFileSync(file, lines.join('\n') + '\n');
  return readComposeProject({ file, env: {} });
}

const byService = (views: SwarmServiceView[], service: string): SwarmServiceView => {
  const view = views.find((one) => one.service === service);
  if (!view) throw new Error(`no service ${service} in ${JSON.stringify(views.map((one) => one.name))}`);
  return view;
};

describe('Swarm stacks', () => {
  it('deploys a stack from the Basic and the anonymous registry with a private 0600 config that is gone afterwards; replicas, scale, logs, update, remove', async () => {
    const resolver = await resolverWith([alice()]);
    const composeProject = await project({ web: bench.images.small.plain, cache: bench.images.small.anon });
    stacks.add(composeProject.name);
    seenConfigs.length = 0;

    const result = await deploySwarmStack({ project: composeProject, docker, resolve: (image) => resolver.resolve(image), cli: cli() });

    expect(result.images.find((image) => image.service === 'web')?.credential).toContain("registry 'Plain (alice)'");
    expect(result.images.find((image) => image.service === 'cache')?.credential).toMatch(/anonymous|no credentials/i);
    // The config existed while docker ran, only the user could open it, and it held alice for the Basic registry only.
    expect(seenConfigs).toHaveLength(1);
    expect(seenConfigs[0]).toMatchObject({ dirMode: 0o700, fileMode: 0o600 });
    expect(Object.keys(seenConfigs[0]?.auths ?? {})).toEqual([bench.registries.plain.address]);
    expect(Buffer.from(seenConfigs[0]?.auths[bench.registries.plain.address]?.auth ?? '', 'base64').toString()).toBe(
      `${bench.registries.plain.username}:${bench.registries.plain.password}`,
    );
    expect(readdirSync(configParent)).toEqual([]);

    let views: SwarmServiceView[] = [];
    await waitFor(async () => {
      views = await listStackServices(docker, composeProject.name);
      return views.length === 2 && views.every((view) => view.running === view.desired && view.desired === 1);
    }, 'both services to run 1/1');
    expect(byService(views, 'web')).toMatchObject({ name: `${composeProject.name}_web`, image: bench.images.small.plain, mode: 'replicated' });

    const web = byService(views, 'web');
    await scaleService(docker, web.id, 2);
    await waitFor(async () => byService(await listStackServices(docker, composeProject.name), 'web').running === 2, 'web to run 2/2');
    expect(byService(await listStackServices(docker, composeProject.name), 'web').desired).toBe(2);

    let lines: string[] = [];
    await waitFor(async () => {
      lines = await serviceLogs(docker, web.id);
      return lines.filter((line) => line === 'hello-from-web').length === 2;
    }, 'both web tasks to log their line');

    // Update: new tasks, pulled again with the credential resolved now, through another private config.
    const before = await docker.listTasks({ filters: JSON.stringify({ service: [web.id] }) });
    await forceUpdateSwarmService(await serviceImage(docker, web.id), (image) => resolver.resolve(image), cli());
    expect(seenConfigs.at(-1)).toMatchObject({ dirMode: 0o700, fileMode: 0o600 });
    await waitFor(async () => {
      const tasks = (await docker.listTasks({ filters: JSON.stringify({ service: [web.id], 'desired-state': ['running'] }) })) as Array<{ ID: string; Status?: { State?: string } }>;
      return tasks.length === 2 && tasks.every((task) => task.Status?.State === 'running' && !before.some((old) => (old as { ID: string }).ID === task.ID));
    }, 'web to run 2 new tasks after the forced update');
    expect(readdirSync(configParent)).toEqual([]);

    await removeSwarmStack(composeProject.name, docker, cli());
    await waitFor(async () => (await listStackServices(docker, composeProject.name)).length === 0, 'the stack to be removed');
    stacks.delete(composeProject.name);
    expect(readdirSync(configParent)).toEqual([]);
  });

  it('shows a task whose image the registry refuses with the catalogue’s wording, and still deletes the config', async () => {
    const resolver = await resolverWith([]);
    // Never pulled onto the Swarm engine, so its node must pull it, and the Basic registry refuses anyone without credentials.
    const image = `${bench.registries.plain.address}/stevedore/swarm-private-${randomUUID().slice(0, 8)}:1.0`;
    const composeProject = await project({ locked: image });
    stacks.add(composeProject.name);

    await deploySwarmStack({ project: composeProject, docker, resolve: (one) => resolver.resolve(one), cli: cli() });
    expect(readdirSync(configParent)).toEqual([]);

    let locked: SwarmServiceView | undefined;
    await waitFor(async () => {
      locked = byService(await listStackServices(docker, composeProject.name), 'locked');
      return locked.errors.length > 0;
    }, 'the task error of the refused image');
    expect(locked).toMatchObject({ running: 0, desired: 1 });
    expect(locked?.errors[0]).toMatchObject({ state: 'rejected', error: `No such image: ${image}` });

    const failure = await explainTaskError({ docker, image: locked?.image ?? '', error: locked?.errors[0]?.error ?? '', resolve: (one) => resolver.resolve(one) });
    // No registry is stored: nothing was sent, so the registry is said to need credentials, not to refuse them.
    expect(failure).toMatchObject({ code: 'UNAUTHORIZED', title: `${bench.registries.plain.address} needs credentials` });
    expect(failure.detail).toContain(`No such image: ${image}`);
    expect(failure.detail).toMatch(/no basic auth credentials|unauthorized/i);

    await removeSwarmStack(composeProject.name, docker, cli());
    stacks.delete(composeProject.name);
  });

  it('lists a stack deployed through the window’s path by its replicas, and remembers the Swarm engine', async () => {
    const resolver = await resolverWith([alice()]);
    const name = `swarm-listed-${randomUUID().slice(0, 8)}`;
    const engine: StackEngine = { docker: () => docker, currentEndpoint: { url: swarm.host, source: 'DOCKER_HOST', tls: false }, onEngineEvent: () => () => undefined, onStatus: () => () => undefined };
    const dataDir = mkdtempSync(path.join(work, 'data-'));
    const app = new StackService({
      dataDir,
      engine,
      activeEngine: () => ({ choice: 'docker-host', url: swarm.host }),
      swarmStacks: () => swarmStackSummaries(docker),
      puller: { start: () => Promise.reject(new Error('Swarm pulls on its nodes')) as never, waitFor: () => Promise.reject(new Error('unused')), onProgress: () => () => undefined },
      credentials: resolver,
      env: {},
    });
    await app.create({ name, yaml: ['version: "3.8"', 'services:', '  web:', `    image: ${bench.images.small.plain}`, '    command: ["sh", "-c", "sleep 3600"]', '    stop_grace_period: 1s', ''].join('\n') });
    const before = (await app.list()).find((view) => view.name === name);
    expect(before).toMatchObject({ state: 'not-deployed' });
    const service = new SwarmService({ dataDir, engine, stacks: app, resolve: (image) => resolver.resolve(image), dockerProgram: () => bench.dockerCli, env: process.env });
    stacks.add(name);
    await service.deploy(`app:${name}`);
    await waitFor(async () => (await app.list()).find((view) => view.name === name)?.state === 'running', 'the stack to be listed as running');
    expect((await app.list()).find((view) => view.name === name)).toMatchObject({
      containers: { running: 1, total: 1 },
      swarm: { services: 1, running: 1, desired: 1 },
      deployedEngine: { choice: 'docker-host', url: swarm.host },
    });
    await service.remove(`app:${name}`);
    await waitFor(async () => (await app.list()).find((view) => view.name === name)?.state === 'not-deployed', 'the stack to be listed as not deployed');
    stacks.delete(name);
  });

  it('removes a stack only once this engine has let go of its network, so deploying it again at once works', async () => {
    const resolver = await resolverWith([alice()]);
    // The task keeps the stack's network on this node until it stops (sh ignores SIGTERM: the whole grace period),
    // while `docker stack rm` has already returned; a deploy then finds the network, does not create it, and fails.
    const composeProject = await project({ web: bench.images.small.plain }, { stopGracePeriod: '3s' });
    stacks.add(composeProject.name);
    const running = async () => (await listStackServices(docker, composeProject.name)).some((service) => service.running === 1);
    await deploySwarmStack({ project: composeProject, docker, resolve: (image) => resolver.resolve(image), cli: cli() });
    await waitFor(running, 'web to run');

    await removeSwarmStack(composeProject.name, docker, cli());
    expect(await docker.listNetworks({ filters: JSON.stringify({ label: [`com.docker.stack.namespace=${composeProject.name}`] }) })).toEqual([]);
    await deploySwarmStack({ project: composeProject, docker, resolve: (image) => resolver.resolve(image), cli: cli() });
    await waitFor(running, 'web to run again');
  });

  it('refuses, before anything runs, two images on one host that need different credentials', async () => {
    const resolver = await resolverWith([
      { ...alice(), name: 'Small as alice', patterns: ['stevedore/small'] },
      { ...alice(), name: 'Large as someone else', username: 'not-alice', secret: 'another-secret', patterns: ['stevedore/large'] },
    ]);
    const composeProject = await project({ small: bench.images.small.plain, large: bench.images.large });
    const ran = commands.length;

    await expect(deploySwarmStack({ project: composeProject, docker, resolve: (image) => resolver.resolve(image), cli: cli() })).rejects.toMatchObject({
      code: 'SWARM_CONFLICTING_CREDENTIALS',
      message: expect.stringContaining(`are both on ${bench.registries.plain.address} but need different credentials`),
    });
    expect(commands.length).toBe(ran);
    expect(await listStackServices(docker, composeProject.name)).toEqual([]);
    expect(readdirSync(configParent)).toEqual([]);
  });
});
