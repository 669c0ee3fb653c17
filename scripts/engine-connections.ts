/**
 * The measurement behind docs/engines.md, "Numbers from the bench": N real EngineConnections (ping, version, the
 * `/events` stream held open) connecting at once in this one process, to the bench engine's unix socket, the
 * mutual-TLS engine and, through the bench sshd, the ssh:// engine of tests/env/remote.sh. Prints, per engine kind and
 * N, the time to connect all, the sockets held (file descriptors in /proc/self/fd, before → after), heap per engine
 * and RSS growth, both after GC. Linux only (/proc); needs the bench up (tests/env/README.md).
 *
 *   node --expose-gc --import tsx scripts/engine-connections.ts [unix|tls|ssh …] [--counts=1,10,40]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EngineConnection } from '../main/core/engine/connection';
import type { EngineEndpoint } from '../main/core/engine/endpoint';
import type { HostKeyPolicy } from '../main/core/engine/known-hosts';
import { loadBench, remoteEngines } from '../tests/env/bench';

type Kind = 'unix' | 'tls' | 'ssh';
const KINDS: readonly Kind[] = ['unix', 'tls', 'ssh'];

const args = process.argv.slice(2);
const kinds = args.filter((arg): arg is Kind => (KINDS as readonly string[]).includes(arg));
const counts = (args.find((arg) => arg.startsWith('--counts='))?.slice('--counts='.length) ?? '1,10,40').split(',').map(Number);
const unknown = args.filter((arg) => !(KINDS as readonly string[]).includes(arg) && !arg.startsWith('--counts='));
if (unknown.length > 0 || counts.some((count) => !Number.isInteger(count) || count < 1)) {
  console.error(`Unknown argument ${unknown.join(' ') || '--counts'}: use unix, tls or ssh and --counts=1,10,40 (whole numbers ≥ 1).`);
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.error('Run with node --expose-gc (see the usage line at the top of this file): heap and RSS are read after GC.');
  process.exit(2);
}

const bench = loadBench();
const { tls, ssh } = remoteEngines(bench);
const work = mkdtempSync(path.join(tmpdir(), 'stevedore-engine-connections-'));
const knownHostsFile = path.join(work, 'known_hosts');
writeFileSync(knownHostsFile, `${ssh.knownHostsLine}\n`);
const hostKeys: HostKeyPolicy = { knownHostsFile };

function endpointOf(kind: Kind): EngineEndpoint {
  if (kind === 'unix') return { url: bench.dockerHost, source: 'setting', tls: false };
  if (kind === 'tls') return { url: tls.host, source: 'setting', tls: true, tlsMaterial: { ca: tls.ca, cert: tls.cert, key: tls.key, verify: true } };
  return { url: ssh.host, source: 'setting', tls: false };
}

/** Ten SSH handshakes at once on a loaded 2-core machine outlast the app's 5 s ping deadline: the time is what is measured. */
const PING_TIMEOUT_MS = 60_000;
const openFiles = () => readdirSync('/proc/self/fd').length;
function settled(): { heap: number; rss: number } {
  gc?.();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed, rss: usage.rss };
}
const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function measure(kind: Kind, count: number): Promise<string> {
  const endpoint = endpointOf(kind);
  const filesBefore = openFiles();
  const before = settled();
  const started = performance.now();
  const connections = Array.from({ length: count }, () => new EngineConnection({ findEndpoint: () => endpoint, retryDelays: [60_000], pingTimeoutMs: PING_TIMEOUT_MS, hostKeys }));
  try {
    const statuses = await Promise.all(connections.map((connection) => connection.start()));
    const seconds = (performance.now() - started) / 1000;
    const failed = statuses.find((status) => status.state !== 'connected');
    if (failed !== undefined) throw new Error(`${kind}: an engine did not connect: ${JSON.stringify(failed)}`);
    const after = settled();
    const filesHeld = openFiles() - filesBefore;
    return `| ${kind} | ${count} | ${seconds.toFixed(2)} s | ${filesHeld} | ${kb((after.heap - before.heap) / count)} | ${mb(after.rss - before.rss)} |`;
  } finally {
    for (const connection of connections) connection.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The test key in a private ssh-agent, as users' keys are (the connection authenticates through SSH_AUTH_SOCK). */
async function startAgent(): Promise<() => void> {
  const socket = path.join(work, 'agent.sock');
  const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  for (let waited = 0; !existsSync(socket); waited += 50) {
    if (waited > 5000) throw new Error('ssh-agent did not create its socket within 5 s: is openssh-client installed?');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const added = spawnSync('ssh-add', ['-q', ssh.identityFile], { env: { ...process.env, SSH_AUTH_SOCK: socket }, encoding: 'utf8' });
  if (added.status !== 0) throw new Error(`ssh-add could not add the bench's test key: ${added.stderr.trim()}`);
  process.env.SSH_AUTH_SOCK = socket;
  return () => agent.kill('SIGTERM');
}

const stopAgent = kinds.length === 0 || kinds.includes('ssh') ? await startAgent() : () => undefined;
try {
  console.log('| engine | N | time to connect all | sockets held | heap per engine | RSS growth |');
  console.log('|---|---|---|---|---|---|');
  for (const kind of kinds.length === 0 ? KINDS : kinds) for (const count of counts) console.log(await measure(kind, count));
} finally {
  stopAgent();
  rmSync(work, { recursive: true, force: true });
}
