// Typed access to the running test bench (started by `bash tests/env/up.sh`) for integration and
// end-to-end tests. Plain Node only: no `electron` import, so any test process can load it.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type RegistryName = 'plain' | 'tls' | 'anon';

export interface BenchRegistry {
  /** Host[:port] as it appears in image references, e.g. `127.0.0.1:5001`. */
  address: string;
  /** Where the registry process listens, e.g. `[::1]:5443`. */
  listen: string;
  /** Base URL of the registry API (`/v2/` below it). */
  url: string;
  logFile: string;
  pidFile: string;
}

export interface BenchAuthRegistry extends BenchRegistry {
  username: string;
  password: string;
}

export interface BenchTlsRegistry extends BenchAuthRegistry {
  /** Same server under a name whose CA the engine does not trust: pulls fail with `x509: ...`. */
  untrustedAddress: string;
}

export interface BenchTokenUser {
  username: string;
  password: string;
  /** What the token server grants this account, in words (tests/env/token-server.mjs holds the rules). */
  access: string;
}

/** The token-auth registry (Docker's token scheme, as Docker Hub, GHCR, GitLab, Harbor, Quay use). */
export interface BenchTokenRegistry extends BenchRegistry {
  /** The token server's endpoint the registry names in its `WWW-Authenticate: Bearer realm=…` challenge. */
  realm: string;
  service: string;
  issuer: string;
  tokenServer: { address: string; logFile: string; pidFile: string };
  users: {
    /** May pull and push `team/*` (and pull `public/*`). */
    carol: BenchTokenUser;
    /** May pull `team/app` only (and `public/*`). */
    dave: BenchTokenUser;
    /** Signs in, but has no scope of its own: only `public/*`, like anyone. */
    erin: BenchTokenUser;
  };
  images: { teamApp: string; teamTool: string; publicSmall: string };
  /** A realm URL where nothing listens: a token server that is down. */
  closedRealm: string;
}

/** The mutual-TLS engine of tests/env/remote.sh (own containerd and data; reaches the bench registries on 127.0.0.1). */
export interface BenchTlsEngine {
  /** `tcp://127.0.0.1:2376` */
  host: string;
  address: string;
  /** Holds ca.pem, cert.pem, key.pem (client side) as DOCKER_CERT_PATH and a docker context expect. */
  certDir: string;
  ca: string;
  cert: string;
  key: string;
  logFile: string;
  pidFile: string;
}

/** The private sshd of tests/env/remote.sh; its sessions get DOCKER_HOST = the bench engine. */
export interface BenchSshEngine {
  /** `ssh://root@127.0.0.1:2223` */
  host: string;
  port: number;
  user: string;
  /** The test key (no passphrase) the sshd accepts. */
  identityFile: string;
  /** `ssh-ed25519 AAAA…` of the sshd's own host key. */
  hostPublicKey: string;
  /** The line a known_hosts file holds for it (`[127.0.0.1]:2223 ssh-ed25519 AAAA…`). */
  knownHostsLine: string;
  engineHost: string;
  logFile: string;
  pidFile: string;
}

/** The Swarm engine of tests/env/swarm.sh: a third private engine, a single-node Swarm manager (own data). */
export interface BenchSwarmEngine {
  /** `unix:///…/.state/swarm/docker.sock` */
  host: string;
  socket: string;
  advertiseAddr: string;
  logFile: string;
  pidFile: string;
}

export interface Bench {
  version: 1;
  createdAt: string;
  stateDir: string;
  /** `DOCKER_HOST` for the engine under test, e.g. `unix:///…/docker.sock`. */
  dockerHost: string;
  /** False when STEVEDORE_TEST_DOCKER_HOST pointed the bench at a developer's engine. */
  ownsEngine: boolean;
  /** Socket path of the bench's own engine; null for an external engine. */
  engineSocket: string | null;
  engineVersion: string;
  engineApiVersion: string;
  storageDriver: string;
  /** The Debian docker CLI (20.10); talks to the engine above. */
  dockerCli: string;
  /** A DOCKER_CONFIG holding only the compose plugin (no credentials). */
  dockerConfigDir: string;
  composeBinary: string;
  composeVersion: string;
  /** The bench CA that signed the TLS registry's certificate. */
  caCert: string;
  /** Where the engine finds that CA for `registry.test:5443` only. */
  trustedCaInstalledAt: string;
  registries: {
    plain: BenchAuthRegistry;
    tls: BenchTlsRegistry;
    anon: BenchRegistry;
    /** Present while `tests/env/token.sh` runs (up.sh starts it); `tokenRegistry()` says what to do when not. */
    token?: BenchTokenRegistry;
  };
  images: {
    small: { plain: string; tls: string; untrusted: string; anon: string; anonLibrary: string };
    /** ~300 MB in 7 layers, on the plain registry. */
    large: string;
    largeBytes: number;
    /** Manifest list with linux/amd64 and linux/arm64/v8, on the plain registry. */
    multi: string;
    multiPlatforms: string[];
  };
  /** host:port where nothing listens (connection refused). */
  closedPort: string;
  /** A host name that never resolves (`.invalid`). */
  unresolvableHost: string;
  logDir: string;
  scripts: { engine: string; registry: string };
  /** Present while `tests/env/remote.sh` runs (up.sh starts it); `remoteEngines()` says what to do when not. */
  engines?: { tls: BenchTlsEngine; ssh: BenchSshEngine };
  /** Present while `tests/env/swarm.sh` runs (up.sh starts it); `swarmEngine()` says what to do when not. */
  swarm?: BenchSwarmEngine;
}

const ENV_DIR = dirname(fileURLToPath(import.meta.url));
export const BENCH_FILE = join(ENV_DIR, '.state', 'bench.json');

/** Reads the bench description; throws with what to do when the bench is not running. */
export function loadBench(file: string = process.env.STEVEDORE_BENCH_FILE ?? BENCH_FILE): Bench {
  if (!existsSync(file)) {
    throw new Error(`the test bench is not running: run \`bash tests/env/up.sh\` (no ${file})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`the test bench state ${file} is unreadable (${String(err)}): run \`bash tests/env/up.sh\``, { cause: err });
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as { version?: unknown }).version !== 1) {
    throw new Error(`the test bench state ${file} has an unknown format: run \`bash tests/env/up.sh\``);
  }
  const bench = parsed as Bench;
  // token.sh keeps its own state file, so it can be restarted while the rest of the bench runs.
  const tokenFile = join(dirname(file), 'token.json');
  if (existsSync(tokenFile)) {
    try {
      bench.registries.token = JSON.parse(readFileSync(tokenFile, 'utf8')) as BenchTokenRegistry;
    } catch {
      // Half-written while token.sh restarts: treated as not running; tokenRegistry() says what to do.
    }
  }
  // remote.sh keeps its own state file too: tests stop and start its engine and sshd alone.
  const remoteFile = join(dirname(file), 'remote.json');
  if (existsSync(remoteFile)) {
    try {
      const remote = JSON.parse(readFileSync(remoteFile, 'utf8')) as { tls: BenchTlsEngine; ssh: BenchSshEngine };
      bench.engines = { tls: remote.tls, ssh: remote.ssh };
    } catch {
      // Half-written while remote.sh restarts: treated as not running; remoteEngines() says what to do.
    }
  }
  // swarm.sh keeps its own state file: its engine is started and stopped alone.
  const swarmFile = join(dirname(file), 'swarm.json');
  if (existsSync(swarmFile)) {
    try {
      bench.swarm = JSON.parse(readFileSync(swarmFile, 'utf8')) as BenchSwarmEngine;
    } catch {
      // Half-written while swarm.sh restarts: treated as not running; swarmEngine() says what to do.
    }
  }
  return bench;
}

/** The single-node Swarm engine; throws with what to do when `tests/env/swarm.sh` is not running. */
export function swarmEngine(bench: Bench = loadBench()): BenchSwarmEngine {
  if (!bench.swarm) {
    throw new Error('the Swarm engine of the test bench is not running: run `bash tests/env/swarm.sh start` (up.sh starts it too)');
  }
  return bench.swarm;
}

/** The TLS engine and the sshd; throws with what to do when `tests/env/remote.sh` is not running. */
export function remoteEngines(bench: Bench = loadBench()): { tls: BenchTlsEngine; ssh: BenchSshEngine } {
  if (!bench.engines) {
    throw new Error('the remote engines of the test bench are not running: run `bash tests/env/remote.sh start` (up.sh starts them too)');
  }
  return bench.engines;
}

/** Stops only the remote TLS engine or the bench sshd (tests of an engine going away). */
export async function stopRemote(which: 'tls' | 'ssh'): Promise<void> {
  await runScript('remote.sh', ['stop', which], 90_000);
}

/** Starts the remote TLS engine or the bench sshd again; resolves once it answers. */
export async function startRemote(which: 'tls' | 'ssh'): Promise<void> {
  await runScript('remote.sh', ['start', which], 120_000);
}

/** The token-auth registry; throws with what to do when `tests/env/token.sh` is not running. */
export function tokenRegistry(bench: Bench = loadBench()): BenchTokenRegistry {
  const token = bench.registries.token;
  if (!token) {
    throw new Error('the token registry of the test bench is not running: run `bash tests/env/token.sh start` (up.sh starts it too)');
  }
  return token;
}

/** Environment for a child process (the app, docker, compose) that must use the bench's engine. */
export function benchEnv(bench: Bench = loadBench()): Record<string, string> {
  return { DOCKER_HOST: bench.dockerHost, DOCKER_CONFIG: bench.dockerConfigDir };
}

function runScript(script: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', [join(ENV_DIR, script), ...args], { timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err) {
        const how = err.killed ? `timed out after ${timeoutMs} ms` : `exited with ${String(err.code)}`;
        reject(new Error(`bash tests/env/${script} ${args.join(' ')} ${how}:\n${stderr.trim()}`));
      } else {
        resolve(stdout);
      }
    });
  });
}

/** Stops the bench's own engine (its socket disappears). Refuses for an external engine. */
export async function stopEngine(): Promise<void> {
  await runScript('engine.sh', ['stop'], 90_000);
}

/** Starts the bench's engine again (same data and socket); resolves once it answers. */
export async function startEngine(): Promise<void> {
  await runScript('engine.sh', ['start'], 120_000);
}

export async function isEngineRunning(): Promise<boolean> {
  return runScript('engine.sh', ['status'], 15_000).then(
    (out) => !out.startsWith('stopped'),
    () => false,
  );
}

/** Stops one registry; `kill: true` sends SIGKILL (connections cut mid-transfer, no drain). */
export async function stopRegistry(name: RegistryName, opts: { kill?: boolean } = {}): Promise<void> {
  await runScript('registry.sh', ['stop', name, ...(opts.kill ? ['--kill'] : [])], 30_000);
}

/** Starts a stopped registry again; resolves once it answers on its address. */
export async function startRegistry(name: RegistryName): Promise<void> {
  await runScript('registry.sh', ['start', name], 60_000);
}

export async function isRegistryRunning(name: RegistryName): Promise<boolean> {
  return runScript('registry.sh', ['status', name], 15_000).then(
    () => true,
    () => false,
  );
}
