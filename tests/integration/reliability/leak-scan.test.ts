/**
 * A canary password — a random string that exists nowhere else — goes through a whole session by every path that
 * carries a secret today: a stored registry (added, tested, used for a pull and for a stack's deploy — compose up,
 * status, logs, down — and a Swarm stack's deploy through its private temporary Docker config — and for pulls that
 * fail), one-time credentials, the Docker config's `auths` (as `auth`, and
 * as an identity token) and a credential helper, and an Import from Docker. Then it is searched for, with every
 * encoding it could leak in (tests/support/canary.ts: base64 of `user:secret`, the X-Registry-Auth JSON in base64
 * and base64url, URL-encoding, JSON-escaping), everywhere it must never be: the settings files, everything sent to
 * the renderer, console output, the environment and arguments compose was started with, and files created in the
 * temp folder and the data folder — watched while the session runs, not only what is left at the end.
 *
 * The registry is real (the bench's anonymous registry behind a front that accepts only the canary), so the test
 * also proves the canary was really sent where it belongs: to the registry, through the engine.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startPreview, type RunningPreview } from '../../../main/preview/preview';
import type { DeployView, PullView } from '../../../preload/api';
import type { ServerMessage } from '../../../preload/transports/websocket-protocol';
import { loadBench, type Bench } from '../../env/bench';
import { canaryForms, leakedForms, makeCanary } from '../../support/canary';
import { call, connectToPreview, waitForEvent, type PreviewClient } from '../../unit/reliability/support/preview-client';
import { startAuthFront, type AuthFront } from './support/auth-front';
import { composeRecorder, type ComposeRecorder } from './support/compose-recorder';
import { deploySwarmStack, removeSwarmStack } from '../../../main/core/swarm/deploy';
import { PRIVATE_CONFIG_PREFIX } from '../../../main/core/swarm/private-config';
import { readComposeProject } from '../../../main/core/stacks/reader';
import { runProcess, type ProcessRequest } from '../../../main/core/process/run';
import { swarmEngine } from '../../env/bench';

const FRONT_HOST = '127.0.0.5';
const FRONT_PORT = 5035;
/** Registries reached through the Docker config (`auths`), a credential helper, and an identity token. */
const CONFIG_FRONT = { host: '127.0.0.6', port: 5036 };
const HELPER_FRONT = { host: '127.0.0.7', port: 5037 };
const TOKEN_FRONT = { host: '127.0.0.9', port: 5039 };
const CANARY = makeCanary();
const CANARY_USER = 'canary-user';
const FORMS = canaryForms(CANARY, CANARY_USER);
/** Written to the temp folder and removed again mid-run: only a watch that runs during the session sees it. */
const MARKER = `leak-scan-marker-${randomBytes(8).toString('hex')}`;
const STACK = 'leakscan';

let bench: Bench;
let docker: Docker;
let front: AuthFront;
let configFront: AuthFront;
let helperFront: AuthFront;
let tokenFront: AuthFront;
/** The user's own secret stores (Docker config, the helper's keychain): they hold the canary by design. */
let ownSecretStores: string[];
let liveWatch: LiveFileWatch;
const originalPath = process.env.PATH;
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
  const canaryFront = ({ host, port }: { host: string; port: number }) =>
    startAuthFront({ listenHost: host, listenPort: port, upstream: bench.registries.anon.address, username: CANARY_USER, password: CANARY });
  [configFront, helperFront, tokenFront] = await Promise.all([canaryFront(CONFIG_FRONT), canaryFront(HELPER_FRONT), canaryFront(TOKEN_FRONT)]);
  ownSecretStores = writeDockerConfigAndHelper();
  process.env.PATH = `${path.join(folder, 'bin')}${path.delimiter}${originalPath ?? ''}`;
  liveWatch = watchFiles([tmpdir(), folder], (entry) => tmpBefore.has(entry));

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
  liveWatch?.stop();
  process.env.PATH = originalPath;
  for (const restore of restorers.splice(0)) restore();
  await client?.close();
  await preview?.close();
  await front?.close();
  await Promise.all([configFront?.close(), helperFront?.close(), tokenFront?.close()]);
  const leftovers = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${STACK}`] } }).catch(() => []);
  for (const container of leftovers) await docker.getContainer(container.Id).remove({ force: true }).catch(() => undefined);
  for (const image of [
    `${FRONT_HOST}:${FRONT_PORT}/stevedore/small:1.0`,
    `${FRONT_HOST}:${FRONT_PORT}/library/small:1.0`,
    ...[CONFIG_FRONT, HELPER_FRONT, TOKEN_FRONT].map(({ host, port }) => `${host}:${port}/stevedore/small:1.0`),
  ]) {
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

/** The files holding the canary in any form (and which forms), the user's own secret stores aside. */
function holdingCanary(files: Array<{ file: string; content: Buffer }>): string[] {
  return files
    .filter(({ file }) => !isOwnSecretStore(file))
    .flatMap(({ file, content }) => {
      const forms = [...leakedForms(file, FORMS), ...leakedForms(content, FORMS)];
      return forms.length > 0 ? [`${file}: ${forms.join(', ')}`] : [];
    });
}

function isOwnSecretStore(file: string): boolean {
  // A Swarm deploy's private Docker config holds the credential by design while docker runs; the test checks
  // it separately (0600, used, gone afterwards).
  if (path.relative(tmpdir(), file).split(path.sep)[0]?.startsWith(PRIVATE_CONFIG_PREFIX)) return true;
  return ownSecretStores.some((store) => file === store || file.startsWith(`${store}${path.sep}`));
}

/**
 * The Docker config the session reads: the config front's credentials as `auths.auth`, the token front's as an
 * identity token, and the helper front's through `credHelpers` — a real `docker-credential-leakscan` program on
 * PATH that reads its answer from its own store, like a keychain.
 */
function writeDockerConfigAndHelper(): string[] {
  const dockerDir = path.join(folder, 'docker');
  const helperStore = path.join(folder, 'helper-store');
  const bin = path.join(folder, 'bin');
  for (const directory of [dockerDir, helperStore, bin]) mkdirSync(directory);
  const address = ({ host, port }: { host: string; port: number }) => `${host}:${port}`;
  writeFileSync(
    path.join(dockerDir, 'config.json'),
    JSON.stringify({
      auths: {
        [address(CONFIG_FRONT)]: { auth: Buffer.from(`${CANARY_USER}:${CANARY}`).toString('base64') },
        [address(TOKEN_FRONT)]: { identitytoken: CANARY },
      },
      credHelpers: { [address(HELPER_FRONT)]: 'leakscan' },
    }),
  );
  writeFileSync(path.join(helperStore, 'store.json'), JSON.stringify({ [address(HELPER_FRONT)]: { Username: CANARY_USER, Secret: CANARY } }));
  const helper = path.join(bin, 'docker-credential-leakscan');
  writeFileSync(
    helper,
    `#!/usr/bin/env node
const store = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(path.join(helperStore, 'store.json'))}, 'utf8'));
let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  if (process.argv[2] === 'list') { process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(store).map(([k, v]) => [k, v.Username])))); return; }
  const found = store[input.trim()];
  if (!found) { process.stdout.write('credentials not found in native keychain\\n'); process.exit(1); }
  process.stdout.write(JSON.stringify({ ServerURL: input.trim(), ...found }));
});
`,
  );
  chmodSync(helper, 0o755);
  return [dockerDir, helperStore];
}

interface LiveFileWatch {
  /** Every file seen while the session ran (path → whether it was read). */
  readonly seen: Set<string>;
  /** Files that held the canary in some form when they were read. */
  readonly leaks: Set<string>;
  stop(): void;
}

/**
 * Watches files while the session runs: each file that appears or changes under the roots (new top-level temp
 * entries only — `skipTopLevel` says which existed before) is read at once and searched, and a polling snapshot
 * every 200 ms catches what the watch events miss. Files written and removed mid-run are searched too.
 */
function watchFiles(roots: string[], skipTopLevel: (name: string) => boolean): LiveFileWatch {
  const seen = new Set<string>();
  const leaks = new Set<string>();
  const versions = new Map<string, string>();
  const inspect = (file: string) => {
    if (isOwnSecretStore(file)) return;
    let info;
    try {
      info = lstatSync(file);
    } catch {
      return; // Gone already: nothing left to read.
    }
    if (!info.isFile() || info.size > 64 * 1024 * 1024) return;
    const version = `${info.mtimeMs}:${info.size}`;
    if (versions.get(file) === version) return;
    versions.set(file, version);
    seen.add(file);
    try {
      for (const hit of holdingCanary([{ file, content: readFileSync(file) }])) leaks.add(hit);
    } catch {
      // Unreadable (another user's, or removed meanwhile): it cannot be ours either.
    }
  };
  /** Every file under `entry`, not following links; only new or changed ones are read (by `inspect`). */
  const walk = (entry: string): void => {
    let names: string[];
    try {
      if (!lstatSync(entry).isDirectory()) return inspect(entry);
      names = readdirSync(entry);
    } catch {
      return; // Gone meanwhile, or not ours to read.
    }
    for (const name of names) walk(path.join(entry, name));
  };
  const snapshot = () => {
    for (const root of roots) {
      let names: string[];
      try {
        names = readdirSync(root);
      } catch {
        continue;
      }
      for (const name of names) {
        if (root === tmpdir() && (skipTopLevel(name) || name.startsWith('bash_'))) continue;
        walk(path.join(root, name));
      }
    }
  };
  const watchers: FSWatcher[] = roots.map((root) =>
    watch(root, { recursive: root !== tmpdir() }, (_event, name) => {
      if (name === null) return;
      const topLevel = String(name).split(path.sep)[0] ?? '';
      if (root === tmpdir() && skipTopLevel(topLevel)) return;
      inspect(path.join(root, String(name)));
    }),
  );
  const timer = setInterval(snapshot, 200);
  return {
    seen,
    leaks,
    stop: () => {
      clearInterval(timer);
      for (const watcher of watchers) watcher.close();
      snapshot();
    },
  };
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

    // The temp folder is watched while the session runs: a file that lives only mid-run must be seen.
    const marker = path.join(tmpdir(), MARKER);
    writeFileSync(marker, 'not a secret');

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

    // The registry client (main/core/registry-client) with the canary: tags, a tag's description and the rate-limit
    // check succeed through the canary registry; with the refusing registry they fail — and neither says it.
    const canaryImage = `${front.address}/stevedore/small`;
    expect((await call(bridge, 'registry.tags', { image: canaryImage, prefix: '1' })).account).toBe(CANARY_USER);
    expect((await call(bridge, 'registry.inspect', { image: `${canaryImage}:1.0` })).platforms.length).toBeGreaterThan(0);
    expect(await call(bridge, 'registry.rateLimit', { image: `${canaryImage}:1.0` })).toMatchObject({ applies: false, account: CANARY_USER });
    await expect(call(bridge, 'registry.tags', { image: `${bench.registries.plain.address}/stevedore/small` })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });

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

    // A Swarm stack from the canary registry (the bench's Swarm engine, tests/env/swarm.sh): docker stack deploy
    // --with-registry-auth gets the canary in a private temporary Docker config, and nowhere else.
    const swarm = swarmEngine(bench);
    const swarmDocker = new Docker({ socketPath: swarm.socket });
    const swarmFile = path.join(folder, 'swarm-stack', 'compose.yaml');
    mkdirSync(path.dirname(swarmFile));
    writeFileSync(swarmFile, `version: "3.8"\nservices:\n  web:\n    image: ${front.address}/library/small:1.0\n    command: ["sh", "-c", "sleep 30"]\n    stop_grace_period: 1s\n`);
    const swarmRuns: Array<{ args: string[]; env: string; configMode: number; config: string; configDir: string }> = [];
    const swarmCli = {
      endpoint: { url: swarm.host, source: 'DOCKER_HOST' as const, tls: false },
      dockerProgram: bench.dockerCli,
      env: process.env,
      run: (request: ProcessRequest) => {
        const configDir = request.env?.DOCKER_CONFIG ?? '';
        const configFile = path.join(configDir, 'config.json');
        swarmRuns.push({ args: [...request.args], env: JSON.stringify({ ...request.env, DOCKER_CONFIG: undefined }), configMode: lstatSync(configFile).mode & 0o777, config: readFileSync(configFile, 'utf8'), configDir });
        return runProcess(request);
      },
    };
    const swarmProject = await readComposeProject({ file: swarmFile, env: {}, projectName: 'leakscan-swarm' });
    const swarmDeployed = await deploySwarmStack({ project: swarmProject, docker: swarmDocker, resolve: (image) => preview!.core.credentials.resolve(image), cli: swarmCli });
    await removeSwarmStack(swarmProject.name, swarmDocker, swarmCli);
    expect(swarmRuns[0]?.args.slice(0, 3)).toEqual(['stack', 'deploy', '--with-registry-auth']);
    expect(swarmRuns[0]?.configMode).toBe(0o600);
    expect(leakedForms(swarmRuns[0]?.config ?? '', FORMS).length).toBeGreaterThan(0);
    for (const run of swarmRuns) {
      expect(leakedForms(run.args.join('\n'), FORMS)).toEqual([]);
      expect(leakedForms(run.env, FORMS)).toEqual([]);
      expect(lstatSync(run.configDir, { throwIfNoEntry: false })).toBeUndefined();
    }
    expect(leakedForms(JSON.stringify(swarmDeployed), FORMS)).toEqual([]);

    // The Docker config's `auths`, a credential helper and an identity token: the session reads the user's config.
    await preview!.core.settings.update('preferences', (current) => ({ value: { ...current, dockerConfigPath: path.join(folder, 'docker', 'config.json') }, result: undefined }));
    const viaConfig = await pull({ image: `${configFront.address}/stevedore/small:1.0` });
    expect(viaConfig, viaConfig.error?.cause).toMatchObject({ state: 'done', credential: { source: 'docker-config' } });
    const viaHelper = await pull({ image: `${helperFront.address}/stevedore/small:1.0` });
    expect(viaHelper, viaHelper.error?.cause).toMatchObject({ state: 'done', credential: { source: 'credential-helper' } });
    // The bench's front speaks Basic only, so the engine cannot use the identity token: it must fail without it.
    const withToken = await pull({ image: `${tokenFront.address}/stevedore/small:1.0` });
    expect(withToken).toMatchObject({ state: 'failed', credential: { source: 'docker-config' } });
    expect(await call(bridge, 'registries.explain', { image: `${helperFront.address}/stevedore/small:1.0` })).toMatchObject({ source: 'credential-helper' });
    const importable = await call(bridge, 'registries.dockerConfig', undefined);
    expect(importable.entries.map((entry) => entry.host)).toEqual(expect.arrayContaining([configFront.address, helperFront.address, tokenFront.address]));
    const imported = await call(bridge, 'registries.import', { hosts: [configFront.address, helperFront.address] });
    expect(imported.imported).toHaveLength(2);
    for (const registryView of imported.imported) expect(await call(bridge, 'registries.test', { id: registryView.id })).toMatchObject({ ok: true });
    rmSync(marker);

    // What else a session looks at.
    for (const name of ['registries.list', 'pulls.list', 'images.list', 'library.get', 'settings.get', 'notices.list', 'stacks.list', 'stacks.deploys'] as const) {
      await call(bridge, name, undefined);
    }
    await expect(call(bridge, 'registries.remove', { id: 'no-such-registry' })).resolves.toEqual({ removed: false });
    await client!.close();
    await preview!.close();
    client = undefined;
    preview = undefined;

    // It was really used: the registries saw requests carrying it (the test, the pulls, the deploy's pull).
    expect(front.authorised).toBeGreaterThan(3);
    expect(configFront.authorised).toBeGreaterThan(0);
    expect(helperFront.authorised).toBeGreaterThan(0);

    // 1. Everything sent to the renderer: call results and events.
    expect(outgoing.some((message) => message.type === 'event' && message.channel.endsWith('pulls.progress'))).toBe(true);
    expect(outgoing.some((message) => message.type === 'event' && message.channel.endsWith('stacks.deploy.progress'))).toBe(true);
    expect(JSON.stringify(outgoing)).toContain('Canary');
    expect(leakedForms(JSON.stringify(outgoing), FORMS)).toEqual([]);

    // 2. The settings files (and everything else in the app's data folder).
    const dataFiles = filesUnder(dataDir);
    expect(dataFiles.some(({ content }) => content.includes('Canary'))).toBe(true);
    expect(holdingCanary(dataFiles)).toEqual([]);

    // 3. Console output and the standard streams.
    expect(consoleOutput.join('\n')).toContain('leak scan: console capture is on');
    expect(leakedForms(consoleOutput.join('\n'), FORMS)).toEqual([]);

    // 4. Compose's environment and arguments, as compose itself received them.
    const invocations = recorder.invocations();
    expect(invocations.some((invocation) => invocation.args.includes('up'))).toBe(true);
    expect(invocations.some((invocation) => invocation.args.includes('down'))).toBe(true);
    for (const invocation of invocations) {
      expect(leakedForms(invocation.env, FORMS)).toEqual([]);
      expect(leakedForms(invocation.args.join('\n'), FORMS)).toEqual([]);
    }

    // 5. Files created in the temp folder during the run: this test's folders and any new top-level entry.
    const fresh = readdirSync(tmpdir()).filter((name) => !tmpBefore.has(name) && !name.startsWith('bash_'));
    const tempFiles = fresh.flatMap((name) => filesUnder(path.join(tmpdir(), name)));
    expect(tempFiles.length).toBeGreaterThan(dataFiles.length);
    expect(holdingCanary(tempFiles)).toEqual([]);
    expect(fresh.filter((name) => name.startsWith(PRIVATE_CONFIG_PREFIX))).toEqual([]);

    // 6. Everything the live watch read while the session ran, in the temp folder and the data folder.
    liveWatch.stop();
    expect(liveWatch.seen).toContain(marker);
    expect([...liveWatch.seen].some((file) => file.startsWith(dataDir))).toBe(true);
    expect([...liveWatch.leaks]).toEqual([]);
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
