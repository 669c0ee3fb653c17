/**
 * Compose over SSH: a stack deployed to the ssh:// engine behind the bench sshd (tests/env/remote.sh,
 * ssh://root@127.0.0.1:2223, whose sessions reach the bench engine), with real host-key checking against a
 * known_hosts file of the test's own (never the user's ~/.ssh) and the test key in a private ssh-agent. Status and
 * logs come through the tunnel, and down removes it. Compose reaches the engine the way Stevedore does (see
 * main/core/engine/ssh-forward.ts), so the host key it trusts is the one Stevedore checked.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackLogBatch } from '../../preload/api';
import { EngineConnection } from '../../main/core/engine/connection';
import { CredentialResolver } from '../../main/core/credentials/resolver';
import { PullService } from '../../main/core/pull/service';
import { RegistryService } from '../../main/core/registries/service';
import { MemoryCipher } from '../../main/core/secrets/cipher';
import { StackService } from '../../main/core/stacks/service';
import { loadBench, remoteEngines, type Bench, type BenchSshEngine } from '../env/bench';
import { openSettings } from '../support/settings';

const run = promisify(execFile);
const PROJECT = `ssh-compose-${Date.now().toString(36)}`;

let bench: Bench;
let ssh: BenchSshEngine;
let work: string;
let agent: ChildProcess | undefined;
let engine: EngineConnection | undefined;
let stacks: StackService | undefined;
const previous = { SSH_AUTH_SOCK: process.env.SSH_AUTH_SOCK };

beforeAll(async () => {
  bench = loadBench();
  ({ ssh } = remoteEngines(bench));
  work = mkdtempSync(path.join(tmpdir(), 'stevedore-ssh-compose-'));
  const agentSocket = path.join(work, 'agent.sock');
  agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' });
  for (let attempt = 0; attempt < 100 && !existsSync(agentSocket); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  await run('ssh-add', ['-q', ssh.identityFile], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket } });
  process.env.SSH_AUTH_SOCK = agentSocket;
}, 60_000);

afterAll(async () => {
  // The project's containers are on the bench engine (the sshd's far side): removed whatever the test reached.
  const local = new Docker({ socketPath: bench.dockerHost.replace('unix://', '') });
  for (const container of await local.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${PROJECT}`] } })) {
    await local.getContainer(container.Id).remove({ force: true }).catch(() => undefined);
  }
  for (const network of await local.listNetworks({ filters: { label: [`com.docker.compose.project=${PROJECT}`] } })) {
    await local.getNetwork(network.Id).remove().catch(() => undefined);
  }
  stacks?.stop();
  engine?.stop();
  agent?.kill('SIGTERM');
  if (previous.SSH_AUTH_SOCK === undefined) delete process.env.SSH_AUTH_SOCK;
  else process.env.SSH_AUTH_SOCK = previous.SSH_AUTH_SOCK;
  if (work) rmSync(work, { recursive: true, force: true });
}, 120_000);

describe('Compose on the ssh:// engine', () => {
  it('deploys a stack there, shows its status and logs, and takes it down', async () => {
    // Host keys are checked for real: the sshd's key is on record in the test's own known_hosts.
    const userKnownHostsExisted = existsSync(path.join(homedir(), '.ssh', 'known_hosts'));
    const knownHostsFile = path.join(work, 'known_hosts');
    writeFileSync(knownHostsFile, `${ssh.knownHostsLine}\n`);
    let setting = ssh.host;
    engine = new EngineConnection({ endpointSetting: () => setting, retryDelays: [500, 1000], hostKeys: { knownHostsFile } });
    expect(await engine.start()).toMatchObject({ state: 'connected', endpoint: { url: ssh.host } });

    const configDir = path.join(work, 'docker-config');
    mkdirSync(configDir);
    symlinkSync(path.join(bench.dockerConfigDir, 'cli-plugins'), path.join(configDir, 'cli-plugins'));
    const project = path.join(work, PROJECT);
    mkdirSync(project);
    writeFileSync(
      path.join(project, 'compose.yaml'),
      ['services:', '  hello:', `    image: ${bench.images.small.anon}`, '    command: ["sh", "-c", "echo hello-over-ssh; exec sleep 3600"]', '    stop_signal: SIGKILL', ''].join('\n'),
    );
    const connected = engine;
    const registries = new RegistryService({ settings: openSettings(), cipher: new MemoryCipher(), docker: () => connected.docker() });
    const credentials = new CredentialResolver({ registries, dockerConfigPath: () => '/nonexistent/stevedore-test/config.json', env: {} });
    const pulls = new PullService({ docker: () => connected.docker(), resolve: (reference, oneTime) => credentials.resolve(reference, oneTime), maxConcurrent: () => 1 });
    stacks = new StackService({
      dataDir: path.join(work, 'data'),
      engine: connected,
      puller: pulls,
      credentials,
      chooseComposeSource: async () => project,
      env: { ...process.env, DOCKER_CONFIG: configDir, DOCKER_HOST: '' },
      throttleMs: 20,
    });
    await stacks.start();
    const opened = await stacks.open();
    const deploy = await stacks.waitForDeploy((await stacks.deploy(opened!.id)).id);
    expect(deploy.state, JSON.stringify(deploy.log ?? deploy)).toBe('done');

    const status = await stacks.status(opened!.id);
    expect(status.services).toEqual([expect.objectContaining({ service: 'hello', state: 'running' })]);
    const batches: StackLogBatch[] = [];
    stacks.onLog((batch) => batches.push(batch));
    const stream = await stacks.followLogs(opened!.id, 'hello', { tail: 10, follow: false });
    await expect.poll(() => batches.some((batch) => batch.streamId === stream && batch.ended), { timeout: 30_000 }).toBe(true);
    expect(batches.flatMap((batch) => batch.lines.map((line) => line.text))).toContain('hello-over-ssh');

    // Compose went through Stevedore's tunnel and its check, not the system ssh: the user's known_hosts is untouched.
    expect(existsSync(path.join(homedir(), '.ssh', 'known_hosts'))).toBe(userKnownHostsExisted);

    await stacks.down(opened!.id, { volumes: true });
    const left = await connected.docker().listContainers({ all: true, filters: { label: [`com.docker.compose.project=${PROJECT}`] } });
    expect(left).toEqual([]);

    // Switched to another engine, the forward is closed and its private folder gone.
    const forwardFolder = path.dirname((connected.currentEndpoint?.composeHost ?? '').replace('unix://', ''));
    expect(existsSync(forwardFolder)).toBe(true);
    setting = bench.dockerHost;
    expect(await connected.reconnect()).toMatchObject({ state: 'connected', endpoint: { url: bench.dockerHost } });
    expect(connected.currentEndpoint?.composeHost).toBeUndefined();
    expect(existsSync(forwardFolder)).toBe(false);
  }, 240_000);
});
