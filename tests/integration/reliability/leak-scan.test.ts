/**
 * A canary password — a random string that exists nowhere else — goes through a whole session: a registry is added
 * with it, tested, used for a pull and for a stack's deploy (compose up, status, logs, down), and for pulls that
 * fail; it is also typed as one-time credentials and stored on a registry that refuses it. Then it is searched for
 * in plain text everywhere it must never be: the settings files, everything sent to the renderer, console output,
 * the environment and arguments compose was started with, and files created in the temp folder during the run.
 *
 * The registry is real (the bench's anonymous registry behind a front that accepts only the canary), so the test
 * also proves the canary was really sent where it belongs: to the registry, through the engine.
 */
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startPreview, type RunningPreview } from '../../../main/preview/preview';
import type { DeployView, PullView } from '../../../preload/api';
import type { ServerMessage } from '../../../preload/transports/websocket-protocol';
import { loadBench, type Bench } from '../../env/bench';
import { call, connectToPreview, waitForEvent, type PreviewClient } from '../../unit/reliability/support/preview-client';
import { startAuthFront, type AuthFront } from './support/auth-front';
import { composeRecorder, type ComposeRecorder } from './support/compose-recorder';

const FRONT_HOST = '127.0.0.5';
const FRONT_PORT = 5035;
const CANARY = `canary-${randomBytes(18).toString('hex')}`;
const CANARY_USER = 'canary-user';
const STACK = 'leakscan';

let bench: Bench;
let docker: Docker;
let front: AuthFront;
let recorder: ComposeRecorder;
let preview: RunningPreview | undefined;
let client: PreviewClient | undefined;
let folder: string;
let dataDir: string;
const outgoing: ServerMessage[] = [];
const consoleOutput: string[] = [];
let tmpBefore: Set<string>;
const restorers: Array<() => void> = [];

beforeAll(async () => {
  bench = loadBench();
  docker = new Docker({ socketPath: bench.dockerHost.replace(/^unix:\/\//, '') });
  tmpBefore = new Set(readdirSync(tmpdir()));
  folder = mkdtempSync(path.join(tmpdir(), 'stevedore-reliability-leaks-'));
  dataDir = path.join(folder, 'data');
  mkdirSync(path.join(folder, 'renderer'));
  recorder = composeRecorder(path.join(folder, 'compose'), bench.composeBinary);
  front = await startAuthFront({ listenHost: FRONT_HOST, listenPort: FRONT_PORT, upstream: bench.registries.anon.address, username: CANARY_USER, password: CANARY });

  // Everything written to the console or the standard streams from here on is kept, to be searched.
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method].bind(console);
    const spy = vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleOutput.push(args.map((arg) => (arg instanceof Error ? `${arg.message}\n${arg.stack}` : typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
      original(...args);
    });
    restorers.push(() => spy.mockRestore());
  }
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      consoleOutput.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return write(chunk, ...rest);
    }) as typeof stream.write;
    restorers.push(() => (stream.write = write as typeof stream.write));
  }

  // The capture itself is checked, so an empty capture cannot pass for a clean one.
  console.info('leak scan: console capture is on');

  preview = await startPreview({
    rendererDir: path.join(folder, 'renderer'),
    previewBridgeFile: path.join(folder, 'bridge.js'),
    version: '0.0.0-test',
    dataDir,
    engine: { findEndpoint: () => ({ url: bench.dockerHost, source: 'DOCKER_HOST', tls: false }), retryDelays: [250, 500, 1000] },
    onOutgoing: (message) => outgoing.push(structuredClone(message)),
    onUnexpectedError: (name, error) => console.error(`[preview] ${name} failed unexpectedly:`, error),
  });
  client = await connectToPreview(preview.url);
});

afterAll(async () => {
  for (const restore of restorers.splice(0)) restore();
  await client?.close();
  await preview?.close();
  await front?.close();
  const leftovers = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${STACK}`] } }).catch(() => []);
  for (const container of leftovers) await docker.getContainer(container.Id).remove({ force: true }).catch(() => undefined);
  for (const image of [`${FRONT_HOST}:${FRONT_PORT}/stevedore/small:1.0`, `${FRONT_HOST}:${FRONT_PORT}/library/small:1.0`]) {
    await docker.getImage(image).remove({ force: true }).catch(() => undefined);
  }
  rmSync(folder, { recursive: true, force: true });
});

const isFinal = (view: PullView) => view.state === 'done' || view.state === 'failed' || view.state === 'cancelled';

async function pull(request: { image: string; oneTimeCredentials?: { username: string; password: string } }): Promise<PullView> {
  const started = await call(client!.bridge, 'pulls.start', request);
  return waitForEvent<PullView>(client!, 'pulls.progress', (view) => view.id === started.id && isFinal(view), 120_000);
}

/** Files under `root` (not following links), with their text. */
function filesUnder(root: string): Array<{ file: string; content: Buffer }> {
  const found: Array<{ file: string; content: Buffer }> = [];
  const visit = (entry: string) => {
    let info;
    try {
      info = lstatSync(entry);
    } catch {
      return; // Gone meanwhile, or not ours to read.
    }
    if (info.isDirectory()) {
      let names: string[];
      try {
        names = readdirSync(entry);
      } catch {
        return;
      }
      for (const name of names) visit(path.join(entry, name));
    } else if (info.isFile() && info.size < 64 * 1024 * 1024) {
      try {
        found.push({ file: entry, content: readFileSync(entry) });
      } catch {
        // Unreadable (another user's, or removed meanwhile): it cannot be ours either.
      }
    }
  };
  visit(root);
  return found;
}

function holdingCanary(files: Array<{ file: string; content: Buffer }>): string[] {
  return files.filter(({ file, content }) => file.includes(CANARY) || content.includes(CANARY)).map(({ file }) => file);
}

describe('a canary password through a whole session', () => {
  it('is used where it belongs and appears nowhere else in plain text', async () => {
    const bridge = client!.bridge;
    const registry = await call(bridge, 'registries.add', {
      name: 'Canary',
      address: front.address,
      username: CANARY_USER,
      secret: CANARY,
      patterns: ['stevedore/**', 'library/**'],
      isDefault: false,
    });
    expect(await call(bridge, 'registries.test', { id: registry.id })).toMatchObject({ ok: true, code: 'CREDENTIALS_OK' });
    const explained = await call(bridge, 'registries.explain', { image: `${front.address}/stevedore/small:1.0` });
    expect(explained).toMatchObject({ source: 'registry', registry: { name: 'Canary' } });

    // A pull with it, and pulls that fail with it.
    const pulled = await pull({ image: `${front.address}/stevedore/small:1.0` });
    expect(pulled).toMatchObject({ state: 'done', credential: { source: 'registry' } });
    const missing = await pull({ image: `${front.address}/stevedore/not-there:1.0` });
    expect(missing.state).toBe('failed');
    const oneTime = await pull({ image: bench.images.small.plain, oneTimeCredentials: { username: bench.registries.plain.username, password: CANARY } });
    expect(oneTime).toMatchObject({ state: 'failed', error: { code: 'UNAUTHORIZED' } });

    // Stored on a registry that refuses it: the test and a pull fail, and say so without it.
    const refusing = await call(bridge, 'registries.add', {
      name: 'Refuses the canary',
      address: bench.registries.plain.address,
      username: bench.registries.plain.username,
      secret: CANARY,
      patterns: ['stevedore/small'],
      isDefault: false,
    });
    expect(await call(bridge, 'registries.test', { id: refusing.id })).toMatchObject({ ok: false });
    expect(await pull({ image: bench.images.small.plain })).toMatchObject({ state: 'failed' });
    await call(bridge, 'registries.update', { ...refusingInput(), id: refusing.id, secret: `${CANARY}-changed`, name: 'Refuses it still' });
    await call(bridge, 'registries.validate', { input: { ...refusingInput(), secret: CANARY }, id: refusing.id });

    // A stack whose image comes through the canary registry: deploy (pull + compose up), status, logs, down.
    // The compose program is a main-side setting the renderer cannot change; set it as the user's settings file would.
    await preview!.core.settings.update('preferences', (current) => ({ value: { ...current, composeBinary: recorder.program }, result: undefined }));
    const created = await call(bridge, 'stacks.create', {
      name: STACK,
      yaml: [
        'services:',
        '  web:',
        `    image: ${front.address}/library/small:1.0`,
        '    pull_policy: always',
        '    command: ["sh", "-c", "echo started; sleep 30"]',
        '    stop_signal: SIGKILL',
        '',
      ].join('\n'),
      env: 'GREETING=hello\n',
    });
    const stackId = created.stack.id;
    expect((await call(bridge, 'stacks.preflight', { id: stackId })).ok).toBe(true);
    const deploy = await call(bridge, 'stacks.deploy', { id: stackId });
    const deployed = await waitForEvent<DeployView>(client!, 'stacks.deploy.progress', (view) => view.id === deploy.id && (view.state === 'done' || view.state === 'failed'), 180_000);
    expect(deployed.error).toBeUndefined();
    expect(deployed.state).toBe('done');
    expect(deployed.pulls[0]).toMatchObject({ state: 'done', credential: { source: 'registry' } });
    await call(bridge, 'stacks.status', { id: stackId });
    const { streamId } = await call(bridge, 'stacks.logs.follow', { id: stackId, service: 'web', tail: 50, follow: false });
    await waitForEvent<{ streamId: string; ended?: boolean }>(client!, 'stacks.log', (batch) => batch.streamId === streamId && batch.ended === true, 30_000);
    await call(bridge, 'stacks.down', { id: stackId, volumes: false });
    await call(bridge, 'stacks.get', { id: stackId });

    // What else a session looks at.
    for (const name of ['registries.list', 'pulls.list', 'images.list', 'library.get', 'settings.get', 'notices.list', 'stacks.list', 'stacks.deploys'] as const) {
      await call(bridge, name, undefined);
    }
    await expect(call(bridge, 'registries.remove', { id: 'no-such-registry' })).resolves.toEqual({ removed: false });
    await client!.close();
    await preview!.close();
    client = undefined;
    preview = undefined;

    // It was really used: the registry saw requests carrying it (the test, the pulls, the deploy's pull).
    expect(front.authorised).toBeGreaterThan(3);

    // 1. Everything sent to the renderer: call results and events.
    expect(outgoing.some((message) => message.type === 'event' && message.channel.endsWith('pulls.progress'))).toBe(true);
    expect(outgoing.some((message) => message.type === 'event' && message.channel.endsWith('stacks.deploy.progress'))).toBe(true);
    expect(JSON.stringify(outgoing)).not.toContain(CANARY);

    // 2. The settings files (and everything else in the app's data folder).
    const dataFiles = filesUnder(dataDir);
    expect(dataFiles.some(({ content }) => content.includes('Canary'))).toBe(true);
    expect(holdingCanary(dataFiles)).toEqual([]);

    // 3. Console output and the standard streams.
    expect(consoleOutput.join('\n')).toContain('leak scan: console capture is on');
    expect(consoleOutput.join('\n')).not.toContain(CANARY);

    // 4. Compose's environment and arguments, as compose itself received them.
    const invocations = recorder.invocations();
    expect(invocations.some((invocation) => invocation.args.includes('up'))).toBe(true);
    expect(invocations.some((invocation) => invocation.args.includes('down'))).toBe(true);
    for (const invocation of invocations) {
      expect(invocation.env).not.toContain(CANARY);
      expect(invocation.args.join('\n')).not.toContain(CANARY);
    }

    // 5. Files created in the temp folder during the run: this test's folders and any new top-level entry.
    const fresh = readdirSync(tmpdir()).filter((name) => !tmpBefore.has(name) && !name.startsWith('bash_'));
    const tempFiles = fresh.flatMap((name) => filesUnder(path.join(tmpdir(), name)));
    expect(tempFiles.length).toBeGreaterThan(dataFiles.length);
    expect(holdingCanary(tempFiles)).toEqual([]);
  }, 420_000);
});

function refusingInput() {
  return {
    name: 'Refuses the canary',
    address: bench.registries.plain.address,
    username: bench.registries.plain.username,
    patterns: ['stevedore/small'],
    isDefault: false,
  };
}
