/**
 * The bench's remote engines (tests/env/remote.sh): the mutual-TLS engine on tcp://127.0.0.1:2376 and the private
 * sshd on 127.0.0.1:2223 in front of the bench engine. The TLS engine is added as a docker context the way
 * Stevedore writes one (the real docker CLI then lists and uses it), probed, connected to, pulled on with stored
 * per-registry credentials, deployed to with Compose (status and logs from that engine), and stopped and started
 * again under a live connection. The ssh:// engine is probed, connected to through the SSH tunnel and pulled on.
 *
 * Only this file's engine and sshd are stopped and started (remote.sh stop|start tls), never the bench engine.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineStatus, RegistryInput, StackLogBatch } from '../../preload/api';
import { EngineConnection } from '../../main/core/engine/connection';
import { listDockerContexts, writeDockerContext } from '../../main/core/engine/contexts';
import Docker from 'dockerode';
import { dockerodeOptions, findEngineEndpoint, type EngineEndpoint } from '../../main/core/engine/endpoint';
import type { HostKeyPolicy, HostKeyQuestion } from '../../main/core/engine/known-hosts';
import { probeEngines } from '../../main/core/engine/probe';
import { CredentialResolver } from '../../main/core/credentials/resolver';
import { PullService } from '../../main/core/pull/service';
import { RegistryService } from '../../main/core/registries/service';
import { MemoryCipher } from '../../main/core/secrets/cipher';
import { StackService } from '../../main/core/stacks/service';
import { loadBench, remoteEngines, startRemote, stopRemote, type Bench, type BenchSshEngine, type BenchTlsEngine } from '../env/bench';
import { expectNoComposeProjectsLeft, removeComposeProjectsWhenTestEnds } from '../support/compose-projects';
import { openSettings } from '../support/settings';
import { waitFor } from '../support/wait-for';

const run = promisify(execFile);
const RUN = `r${Date.now().toString(36)}`;
const CONTEXT = `bench-tls-${RUN}`;
/** The compose project this file starts on the TLS engine (its folder's name); any others it starts begin so too. */
const PROJECT = `remote-${RUN}`;
const ownProject = (project: string) => project.startsWith(PROJECT);

let bench: Bench;
let tls: BenchTlsEngine;
let ssh: BenchSshEngine;
let work: string;
let configDir: string;
let agent: ChildProcess | undefined;
const previous = { DOCKER_CONFIG: process.env.DOCKER_CONFIG, SSH_AUTH_SOCK: process.env.SSH_AUTH_SOCK };
const connections: EngineConnection[] = [];
let stacks: StackService | undefined;
let tlsStopped = false;

beforeAll(async () => {
  bench = loadBench();
  ({ tls, ssh } = remoteEngines(bench));
  work = mkdtempSync(path.join(tmpdir(), 'stevedore-remote-'));
  // A Docker config of this test's own: the contexts it writes, and the bench's compose plugin.
  configDir = path.join(work, 'docker-config');
  mkdirSync(configDir);
  symlinkSync(path.join(bench.dockerConfigDir, 'cli-plugins'), path.join(configDir, 'cli-plugins'));
  process.env.DOCKER_CONFIG = configDir;
  // The test key in a private ssh-agent, as users' keys are.
  const agentSocket = path.join(work, 'agent.sock');
  agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' });
  await waitFor(() => existsSync(agentSocket), 'ssh-agent to create its socket');
  await run('ssh-add', ['-q', ssh.identityFile], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket } });
  process.env.SSH_AUTH_SOCK = agentSocket;
}, 60_000);

afterAll(async () => {
  try {
    if (stacks) {
      for (const view of await stacks.list().catch(() => [])) {
        if (!view.readOnly && view.containers.total > 0) await stacks.down(view.id, { volumes: true }).catch(() => undefined);
      }
      stacks.stop();
    }
    for (const connection of connections) connection.stop();
    // Leave the TLS engine as the bench had it, even when a test failed while it was stopped.
    if (tlsStopped) await startRemote('tls');
    // Its own client (the connections are stopped): the TLS engine with the context's material, as the probe test has it.
    if (tls && configDir) await expectNoComposeProjectsLeft(new Docker(dockerodeOptions(findEngineEndpoint(tls.host))), ownProject, 'remote-engines.test.ts');
  } finally {
    agent?.kill('SIGTERM');
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    if (work) rmSync(work, { recursive: true, force: true });
  }
}, 180_000);

/** What main's host key dialog was asked, answered "accept" (the test's known_hosts, never the user's). */
const hostKeyQuestions: HostKeyQuestion[] = [];
const hostKeys = (): HostKeyPolicy => ({
  knownHostsFile: path.join(work, 'known_hosts'),
  confirm: async (question) => {
    hostKeyQuestions.push(question);
    return true;
  },
});

function connect(setting: string, policy: HostKeyPolicy = hostKeys()): EngineConnection {
  const connection = new EngineConnection({ endpointSetting: () => setting, retryDelays: [200, 500, 1000], hostKeys: policy });
  connections.push(connection);
  return connection;
}

async function pullWithStoredCredentials(engine: EngineConnection, image: string): Promise<void> {
  const { plain } = bench.registries;
  const registries = new RegistryService({ settings: openSettings(), cipher: new MemoryCipher(), docker: () => engine.docker() });
  const input: RegistryInput = { name: 'Alice', address: plain.address, username: plain.username, secret: plain.password, patterns: ['stevedore/*'], isDefault: false };
  await registries.add(input);
  const resolver = new CredentialResolver({ registries, dockerConfigPath: () => '/nonexistent/stevedore-test/config.json', env: {} });
  const pulls = new PullService({ docker: () => engine.docker(), resolve: (reference, oneTime) => resolver.resolve(reference, oneTime), maxConcurrent: () => 1 });
  const view = await pulls.waitFor(pulls.start({ image }).id);
  expect(view, JSON.stringify(view.error)).toMatchObject({ state: 'done' });
  expect(view.credential.source).toBe('registry');
}

function statusChange(engine: EngineConnection, state: EngineStatus['state']): Promise<EngineStatus> {
  return new Promise((resolve) => {
    if (engine.status.state === state) return resolve(engine.status);
    const off = engine.onStatus((status) => {
      if (status.state !== state) return;
      off();
      resolve(status);
    });
  });
}

describe('the mutual-TLS engine, added as a docker context', () => {
  it('is written as a context the docker CLI lists and uses', async () => {
    writeDockerContext(configDir, {
      name: CONTEXT,
      description: 'Bench TLS engine (added by Stevedore)',
      host: tls.host,
      tls: { ca: readFileSync(tls.ca, 'utf8'), cert: readFileSync(tls.cert, 'utf8'), key: readFileSync(tls.key, 'utf8') },
    });
    const env = { ...process.env, DOCKER_CONFIG: configDir, DOCKER_HOST: '', DOCKER_CONTEXT: '' };
    const listed = await run(bench.dockerCli, ['context', 'ls', '--format', '{{.Name}} {{.DockerEndpoint}}'], { env });
    expect(listed.stdout.split('\n')).toContain(`${CONTEXT} ${tls.host}`);
    const version = await run(bench.dockerCli, ['--context', CONTEXT, 'version', '--format', '{{.Server.Os}}'], { env });
    expect(version.stdout.trim()).toBe('linux');
    expect(listDockerContexts(configDir).find((context) => context.name === CONTEXT)?.tls?.key).toBeDefined();
  });

  it('is probed with the ssh engine and a closed port, in parallel, without credentials', async () => {
    const endpoints = [findEngineEndpoint(tls.host), findEngineEndpoint(ssh.host), findEngineEndpoint(`tcp://${bench.closedPort}`)];
    // The host key is already on record for the probe: a probe never asks the user anything.
    writeFileSync(path.join(work, 'probe_known_hosts'), `${ssh.knownHostsLine}\n`);
    const clientFor = (endpoint: EngineEndpoint) => new Docker(dockerodeOptions(endpoint, undefined, undefined, { knownHostsFile: path.join(work, 'probe_known_hosts') }));
    const [tlsProbe, sshProbe, closed] = await probeEngines(endpoints, 5000, clientFor);
    expect(tlsProbe).toMatchObject({ reachable: true, os: 'linux', version: bench.engineVersion, swarmManager: false });
    expect(sshProbe).toMatchObject({ reachable: true, os: 'linux', swarmManager: false });
    expect(closed).toMatchObject({ reachable: false, reason: expect.stringContaining(bench.closedPort) as string });
  });

  it('connects with the context’s TLS material and pulls with the stored credentials', async () => {
    const engine = connect(tls.host);
    const status = await engine.start();
    expect(status).toMatchObject({ state: 'connected', endpoint: { url: tls.host, tls: true, contextName: CONTEXT } });
    await pullWithStoredCredentials(engine, bench.images.small.plain);
    await expect(engine.docker().getImage(bench.images.small.plain).inspect()).resolves.toMatchObject({ RepoTags: expect.arrayContaining([bench.images.small.plain]) as string[] });
  }, 120_000);

  it('runs a Compose stack there: status and logs come from that engine', async () => {
    const engine = connections[0]!;
    removeComposeProjectsWhenTestEnds(engine.docker(), ownProject);
    const dataDir = path.join(work, 'data');
    const project = path.join(work, PROJECT);
    mkdirSync(project);
    writeFileSync(
      path.join(project, 'compose.yaml'),
      ['services:', '  hello:', `    image: ${bench.images.small.plain}`, '    command: ["sh", "-c", "echo hello-from-the-tls-engine; exec sleep 3600"]', '    stop_signal: SIGKILL', ''].join('\n'),
    );
    const registries = new RegistryService({ settings: openSettings(), cipher: new MemoryCipher(), docker: () => engine.docker() });
    const credentials = new CredentialResolver({ registries, dockerConfigPath: () => '/nonexistent/stevedore-test/config.json', env: {} });
    const pulls = new PullService({ docker: () => engine.docker(), resolve: (reference, oneTime) => credentials.resolve(reference, oneTime), maxConcurrent: () => 1 });
    stacks = new StackService({ dataDir, engine, puller: pulls, credentials, chooseComposeSource: async () => project, env: { ...process.env, DOCKER_CONFIG: configDir }, throttleMs: 20 });
    await stacks.start();
    const opened = await stacks.open();
    expect(opened?.project).toBe(PROJECT);
    const deploy = await stacks.waitForDeploy((await stacks.deploy(opened!.id)).id);
    expect(deploy.state, JSON.stringify(deploy)).toBe('done');

    // The containers are on the TLS engine, not on the bench engine.
    const onTls = await engine.docker().listContainers({ filters: { label: [`com.docker.compose.project=${opened!.project}`] } });
    expect(onTls.map((container) => container.State)).toEqual(['running']);
    const status = await stacks.status(opened!.id);
    expect(status.services).toEqual([expect.objectContaining({ service: 'hello', state: 'running' })]);

    const batches: StackLogBatch[] = [];
    stacks.onLog((batch) => batches.push(batch));
    const stream = await stacks.followLogs(opened!.id, 'hello', { tail: 10, follow: false });
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (batches.some((batch) => batch.streamId === stream && batch.ended)) {
          clearInterval(check);
          resolve();
        }
      }, 50);
    });
    expect(batches.flatMap((batch) => batch.lines.map((line) => line.text))).toContain('hello-from-the-tls-engine');
  }, 180_000);

  it('goes away when its daemon stops and comes back when it starts again', async () => {
    const engine = connections[0]!;
    const gone = statusChange(engine, 'disconnected');
    tlsStopped = true;
    await stopRemote('tls');
    expect(await gone).toMatchObject({ state: 'disconnected', endpoint: { url: tls.host } });
    const back = statusChange(engine, 'connected');
    await startRemote('tls');
    tlsStopped = false;
    expect(await back).toMatchObject({ state: 'connected', endpoint: { url: tls.host, tls: true } });
  }, 180_000);
});

describe('the ssh:// engine behind the bench sshd', () => {
  it('refuses a host whose key differs from the one on record, saying so', async () => {
    const knownHostsFile = path.join(work, 'changed_known_hosts');
    const other = path.join(work, 'other_host_key');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const otherKey = readFileSync(`${other}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    writeFileSync(knownHostsFile, `[127.0.0.1]:${ssh.port} ${otherKey}\n`);
    const confirm = async () => true;
    const engine = connect(ssh.host, { knownHostsFile, confirm });
    const status = await engine.start();
    engine.stop();
    expect(status).toMatchObject({ state: 'disconnected' });
    const probe = await probeEngines([findEngineEndpoint(ssh.host)], 5000, (endpoint) => new Docker(dockerodeOptions(endpoint, undefined, undefined, { knownHostsFile })));
    expect(probe[0]?.reason).toMatch(/SSH host key of \[127\.0\.0\.1\]:2223 is not the one recorded .*ssh-keygen -R/);
    expect(readFileSync(knownHostsFile, 'utf8')).toBe(`[127.0.0.1]:${ssh.port} ${otherKey}\n`);
  }, 60_000);

  it('shows an unknown host key to the user, and connects and pulls once it is accepted', async () => {
    const engine = connect(ssh.host);
    const status = await engine.start();
    expect(status, JSON.stringify(status)).toMatchObject({ state: 'connected', endpoint: { url: ssh.host } });
    await pullWithStoredCredentials(engine, bench.images.small.plain);
    expect(readFileSync(ssh.logFile, 'utf8')).toMatch(/Accepted publickey for root from 127\.0\.0\.1/);
    writeFileSync(path.join(work, 'host.pub'), `${ssh.hostPublicKey}\n`);
    const fingerprint = (await run('ssh-keygen', ['-lf', path.join(work, 'host.pub')])).stdout;
    expect(hostKeyQuestions[0]).toMatchObject({ host: '127.0.0.1', port: ssh.port, keyType: 'ssh-ed25519' });
    expect(fingerprint).toContain(hostKeyQuestions[0]!.fingerprint);
    // Asked once: the accepted key was recorded, in known_hosts form.
    expect(hostKeyQuestions).toHaveLength(1);
    expect(readFileSync(path.join(work, 'known_hosts'), 'utf8')).toBe(`${ssh.knownHostsLine}\n`);
  }, 120_000);
});
