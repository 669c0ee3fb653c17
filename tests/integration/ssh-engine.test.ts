/**
 * An ssh:// engine reached without ssh2's native parts, as the packaged app ships it (electron-builder.yml leaves
 * out `cpu-features` and ssh2's `sshcrypto.node`): a private sshd on 127.0.0.1:2222 with its own host key and a
 * test key (held by a private ssh-agent, as users' keys are), whose sessions get `DOCKER_HOST` = the bench engine,
 * so `docker system dial-stdio` on the far side reaches it. Stevedore's EngineConnection connects through it, lists
 * images and pulls the small image while every attempt to load the native bindings is refused.
 *
 * The test starts and stops its own sshd and agent (always, even when it fails).
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineConnection } from '../../main/core/engine/connection';
import { loadBench, type Bench } from '../env/bench';
import { waitFor } from '../support/wait-for';

const run = promisify(execFile);
const SSHD = '/usr/sbin/sshd';
/** Not used by the bench or any other test. */
const SSH_PORT = 2222;

// --- ssh2 without its native bindings ---------------------------------------------------------------------
// Installed before anything loads ssh2, so its optional `require`s of cpu-features and sshcrypto.node fail as
// they do in the packaged app, and ssh2 takes its pure-JavaScript path. Each test file runs in its own process.
const refusedNativeModules: string[] = [];
const Module = createRequire(import.meta.url)('node:module') as { _load: (request: string, ...rest: unknown[]) => unknown };
const originalLoad = Module._load;
Module._load = function loadWithoutNativeBindings(this: unknown, request: string, ...rest: unknown[]): unknown {
  if (request === 'cpu-features' || request.endsWith('.node')) {
    refusedNativeModules.push(request);
    throw Object.assign(new Error(`Cannot find module '${request}' (left out of the packaged app)`), { code: 'MODULE_NOT_FOUND' });
  }
  return originalLoad.call(this, request, ...rest);
};

let bench: Bench;
let work: string;
let sshd: ChildProcess | undefined;
let agent: ChildProcess | undefined;
let sshdLog = '';
let engine: EngineConnection | undefined;
const previousAgentSocket = process.env.SSH_AUTH_SOCK;

beforeAll(async () => {
  bench = loadBench();
  if (!existsSync(SSHD)) throw new Error(`${SSHD} is missing: install Debian's openssh-server (bash tests/env/install.sh does).`);
  work = mkdtempSync(path.join(tmpdir(), 'stevedore-sshd-'));
  const hostKey = path.join(work, 'host_ed25519');
  const userKey = path.join(work, 'user_ed25519');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'stevedore-test-host', '-f', hostKey]);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'stevedore-test-user', '-f', userKey]);
  writeFileSync(path.join(work, 'authorized_keys'), readFileSync(`${userKey}.pub`));
  const config = path.join(work, 'sshd_config');
  writeFileSync(
    config,
    [
      `ListenAddress 127.0.0.1:${SSH_PORT}`,
      `HostKey ${hostKey}`,
      `PidFile ${path.join(work, 'sshd.pid')}`,
      `AuthorizedKeysFile ${path.join(work, 'authorized_keys')}`,
      'AuthenticationMethods publickey',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'UsePAM no',
      'StrictModes no',
      // The far side's `docker system dial-stdio` reaches the bench engine.
      `SetEnv DOCKER_HOST=${bench.dockerHost}`,
      '',
    ].join('\n'),
  );
  mkdirSync('/run/sshd', { recursive: true });
  sshd = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  sshd.stderr?.on('data', (chunk: Buffer) => {
    sshdLog += chunk.toString('utf8');
  });
  await waitForPort(SSH_PORT, sshd, () => sshdLog);

  const agentSocket = path.join(work, 'agent.sock');
  agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' });
  await waitFor(() => existsSync(agentSocket), 'ssh-agent to create its socket');
  await run('ssh-add', ['-q', userKey], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket } });
  process.env.SSH_AUTH_SOCK = agentSocket;

  // Only now: the engine connection (and ssh2 with it) is loaded with the hook above in place.
  const { EngineConnection } = await import('../../main/core/engine/connection');
  // Host keys are checked (main/core/engine/known-hosts.ts): this sshd's key is on record in the test's own file.
  const knownHostsFile = path.join(work, 'known_hosts');
  writeFileSync(knownHostsFile, `[127.0.0.1]:${SSH_PORT} ${readFileSync(`${hostKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
  engine = new EngineConnection({ endpointSetting: () => `ssh://root@127.0.0.1:${SSH_PORT}`, retryDelays: [60_000], hostKeys: { knownHostsFile } });
}, 120_000);

afterAll(() => {
  engine?.stop();
  agent?.kill('SIGTERM');
  sshd?.kill('SIGTERM');
  if (previousAgentSocket === undefined) delete process.env.SSH_AUTH_SOCK;
  else process.env.SSH_AUTH_SOCK = previousAgentSocket;
  Module._load = originalLoad;
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('an ssh:// engine without ssh2 native bindings', () => {
  it('connects, lists images and pulls the small image through the SSH tunnel', async () => {
    if (!engine) throw new Error('the engine connection was not created');
    const status = await engine.start();
    expect(status, sshdLog).toMatchObject({ state: 'connected', endpoint: { url: `ssh://root@127.0.0.1:${SSH_PORT}` } });

    const docker = engine.docker();
    const image = bench.images.small.anon;
    const stream = await docker.pull(image);
    const output = await new Promise<Array<{ status?: string; error?: string }>>((resolve, reject) =>
      docker.modem.followProgress(stream, (error: Error | null, result: Array<{ status?: string; error?: string }>) => (error ? reject(error) : resolve(result))),
    );
    expect(output.filter((message) => message.error !== undefined)).toEqual([]);
    expect(output.at(-1)?.status).toMatch(/Downloaded newer image|Image is up to date/);

    const { ImageService } = await import('../../main/core/images');
    const images = new ImageService({ docker: () => engine!.docker(), engineEndpoint: () => engine?.currentEndpoint?.url });
    const listed = await images.list();
    expect(listed.some((view) => view.tags.includes(image))).toBe(true);

    // The sessions really came through this sshd, with the test key.
    expect(sshdLog).toMatch(/Accepted publickey for root from 127\.0\.0\.1/);
  });

  it('took the pure-JavaScript path: both native bindings were asked for and refused', () => {
    expect(refusedNativeModules).toContain('cpu-features');
    expect(refusedNativeModules.some((request) => request.endsWith('sshcrypto.node'))).toBe(true);
  });
});

/** Resolves once something accepts connections on 127.0.0.1:port; fails at once if the daemon exits. */
async function waitForPort(port: number, daemon: ChildProcess, log: () => string): Promise<void> {
  let exited = false;
  daemon.once('exit', () => {
    exited = true;
  });
  const accepts = () =>
    new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  await waitFor(async () => {
    if (exited) throw new Error(`sshd exited at start:\n${log()}`);
    return accepts();
  }, `sshd to listen on 127.0.0.1:${port}`);
}
