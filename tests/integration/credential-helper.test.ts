/**
 * Real `docker-credential-*` programs, written here, put on PATH and run as child processes by the real runner:
 * credential lookup through `credHelpers` and `credsStore`, fall-through, timeouts, failures and `list`.
 * No Docker engine needed.
 */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerConfigError, listDockerConfigRegistries, readDockerConfigCredential } from '../../main/core/docker-config';
import type { StoredRegistryRecord } from '../../main/core/credentials/registry-types';
import { resolveCredentials, type ResolutionContext } from '../../main/core/credentials/resolve';

/**
 * Speaks the credential helper protocol like docker-credential-helpers: `get` reads the server URL on stdin and
 * prints {"ServerURL","Username","Secret"} or "credentials not found in native keychain" (exit 1); `list` prints
 * {serverURL: username}. Its store is a JSON file named by STEVETEST_STORE; each call is logged to STEVETEST_LOG.
 */
const PROTOCOL_HELPER = `#!/usr/bin/env node
const fs = require('node:fs');
const action = process.argv[2];
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  fs.appendFileSync(process.env.STEVETEST_LOG, JSON.stringify({ argv: process.argv.slice(2), stdin: input }) + '\\n');
  const store = JSON.parse(fs.readFileSync(process.env.STEVETEST_STORE, 'utf8'));
  if (action === 'list') {
    const list = {};
    for (const [server, credential] of Object.entries(store)) list[server] = credential.Username;
    process.stdout.write(JSON.stringify(list));
    return;
  }
  if (action !== 'get') { process.stdout.write('unknown action'); process.exit(2); }
  const serverUrl = input.trim();
  const credential = store[serverUrl];
  if (!credential) { process.stdout.write('credentials not found in native keychain\\n'); process.exit(1); }
  process.stdout.write(JSON.stringify({ ServerURL: serverUrl, Username: credential.Username, Secret: credential.Secret }));
});
`;

/**
 * Never answers (a keychain waiting for an unlock prompt); records its pid so the test can see it was killed. A shell
 * script, not Node: it writes its pid within milliseconds, long before the 0.8 s limit, even on a busy machine
 * (Node's start-up alone can take longer there). `exec` keeps the pid for the process that hangs.
 */
const HANGING_HELPER = `#!/bin/sh
echo $$ > "$STEVETEST_HANG_PID"
exec sleep 3600
`;

const FAILING_HELPER = `#!/usr/bin/env node
process.stderr.write('error: keychain locked (password=hunter2-from-stderr)\\n');
process.exit(2);
`;

const NOISY_HELPER = `#!/usr/bin/env node
process.stdout.write('x'.repeat(2 * 1024 * 1024));
`;

let directory: string;
let binDirectory: string;
let storeFile: string;
let logFile: string;
let hangPidFile: string;
let env: NodeJS.ProcessEnv;

async function writeExecutable(name: string, source: string): Promise<void> {
  const file = path.join(binDirectory, name);
  await writeFile(file, source);
  await chmod(file, 0o755);
}

async function writeConfig(name: string, config: unknown): Promise<string> {
  const file = path.join(directory, name);
  await writeFile(file, JSON.stringify(config, null, 2));
  return file;
}

async function setStore(store: Record<string, { Username: string; Secret: string }>): Promise<void> {
  await writeFile(storeFile, JSON.stringify(store));
  await writeFile(logFile, '');
}

async function helperCalls(): Promise<Array<{ argv: string[]; stdin: string }>> {
  const text = await readFile(logFile, 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { argv: string[]; stdin: string });
}

function contextFor(dockerConfigPath: string, registries: StoredRegistryRecord[] = []): ResolutionContext {
  return { registries, getSecret: async () => undefined, dockerConfigPath, env };
}

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'stevedore-helper-'));
  binDirectory = path.join(directory, 'bin');
  await mkdir(binDirectory);
  storeFile = path.join(directory, 'store.json');
  logFile = path.join(directory, 'calls.log');
  hangPidFile = path.join(directory, 'hang.pid');
  await writeExecutable('docker-credential-stevetest', PROTOCOL_HELPER);
  await writeExecutable('docker-credential-stevehang', HANGING_HELPER);
  await writeExecutable('docker-credential-stevefail', FAILING_HELPER);
  await writeExecutable('docker-credential-stevenoisy', NOISY_HELPER);
  env = {
    ...process.env,
    PATH: `${binDirectory}${path.delimiter}${process.env['PATH'] ?? ''}`,
    STEVETEST_STORE: storeFile,
    STEVETEST_LOG: logFile,
    STEVETEST_HANG_PID: hangPidFile,
  };
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('a real credential helper through credHelpers', () => {
  it('is run as docker-credential-<name> get, with the server address on stdin, and supplies the pull credentials', async () => {
    await setStore({ 'ghcr.io': { Username: 'helper-user', Secret: 'helper-secret-value' } });
    const configPath = await writeConfig('cred-helpers.json', { credHelpers: { 'ghcr.io': 'stevetest' } });
    const resolution = await resolveCredentials('ghcr.io/team/app:1', contextFor(configPath));
    expect(resolution.explanation).toMatchObject({
      source: 'credential-helper',
      helper: 'docker-credential-stevetest',
      configFile: configPath,
      configKey: 'ghcr.io',
      username: 'helper-user',
    });
    expect(resolution.auth).toEqual({ username: 'helper-user', password: 'helper-secret-value', serveraddress: 'ghcr.io' });
    expect(JSON.stringify(resolution.explanation)).not.toContain('helper-secret-value');
    expect(await helperCalls()).toEqual([{ argv: ['get'], stdin: 'ghcr.io' }]);
  });

  it('wins over credsStore and auths', async () => {
    await setStore({ 'ghcr.io': { Username: 'helper-user', Secret: 'helper-secret-value' } });
    const configPath = await writeConfig('helpers-and-auths.json', {
      auths: { 'ghcr.io': { auth: Buffer.from('auths-user:auths-password').toString('base64') } },
      credHelpers: { 'ghcr.io': 'stevetest' },
      credsStore: 'stevefail',
    });
    const resolution = await resolveCredentials('ghcr.io/team/app', contextFor(configPath));
    expect(resolution.explanation.username).toBe('helper-user');
  });
});

describe('a real credential helper through credsStore', () => {
  it('asks for Docker Hub as https://index.docker.io/v1/ and passes a <token> secret on as an identity token', async () => {
    await setStore({ 'https://index.docker.io/v1/': { Username: '<token>', Secret: 'hub-identity-token' } });
    const configPath = await writeConfig('creds-store.json', { auths: { 'https://index.docker.io/v1/': {} }, credsStore: 'stevetest' });
    const resolution = await resolveCredentials('nginx:1.25', contextFor(configPath));
    expect(resolution.explanation).toMatchObject({ source: 'credential-helper', helper: 'docker-credential-stevetest' });
    expect(resolution.auth).toEqual({ identitytoken: 'hub-identity-token', serveraddress: 'https://index.docker.io/v1/' });
    expect(await helperCalls()).toEqual([{ argv: ['get'], stdin: 'https://index.docker.io/v1/' }]);
  });

  it('falls through to anonymous when the helper has no credentials ("not found" is not an error)', async () => {
    await setStore({});
    const configPath = await writeConfig('creds-store-empty.json', { credsStore: 'stevetest' });
    const resolution = await resolveCredentials('localhost:5000/team/app', contextFor(configPath));
    expect(resolution.explanation.source).toBe('anonymous');
    expect(resolution.auth).toBeUndefined();
    expect(resolution.explanation.notes).toEqual(['credsStore: docker-credential-stevetest has no credentials for localhost:5000', 'no auths entry for localhost:5000']);
  });

  it('is never asked when a stored registry matches', async () => {
    await setStore({ 'ghcr.io': { Username: 'helper-user', Secret: 'helper-secret-value' } });
    const configPath = await writeConfig('creds-store-unused.json', { credsStore: 'stevetest' });
    const stored: StoredRegistryRecord = {
      id: 'r1',
      name: 'Stored',
      address: 'ghcr.io',
      username: 'stored-user',
      hasSecret: true,
      patterns: [],
      isDefault: false,
      createdAt: '2024-01-01T00:00:00.000Z',
      updatedAt: '2024-01-01T00:00:00.000Z',
    };
    const resolution = await resolveCredentials('ghcr.io/a', { ...contextFor(configPath, [stored]), getSecret: async () => 'stored-secret' });
    expect(resolution.explanation.source).toBe('registry');
    expect(await helperCalls()).toEqual([]);
  });
});

describe('helpers that misbehave', () => {
  it('a hanging helper is stopped at the timeout with a clear error', async () => {
    const configPath = await writeConfig('hang.json', { credsStore: 'stevehang' });
    // No stopwatch: a helper that were not stopped would never answer, and the test's own time limit would end it.
    const error = await resolveCredentials('ghcr.io/a', { ...contextFor(configPath), helperTimeoutMs: 800 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DockerConfigError);
    expect(error).toMatchObject({ code: 'CREDENTIAL_HELPER_TIMEOUT' });
    expect((error as Error).message).toMatch(/docker-credential-stevehang .*did not answer within 0.8 s when asked for ghcr.io/);
    const pid = Number(await readFile(hangPidFile, 'utf8'));
    await expect.poll(() => {
      try {
        process.kill(pid, 0);
        return 'running';
      } catch {
        return 'gone';
      }
    }).toBe('gone');
  });

  it('a failing helper\'s stderr is shown with secrets removed', async () => {
    const configPath = await writeConfig('fail.json', { credsStore: 'stevefail' });
    const error = await resolveCredentials('ghcr.io/a', contextFor(configPath)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'CREDENTIAL_HELPER_FAILED' });
    expect((error as Error).message).toMatch(/exited with code 2.*keychain locked/);
    expect((error as Error).message).not.toContain('hunter2-from-stderr');
  });

  it('a helper that is not installed is named in the error', async () => {
    const configPath = await writeConfig('missing.json', { credHelpers: { 'ghcr.io': 'stevemissing' } });
    const error = await resolveCredentials('ghcr.io/a', contextFor(configPath)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'CREDENTIAL_HELPER_NOT_FOUND' });
    expect((error as Error).message).toContain('docker-credential-stevemissing');
  });

  it('a helper that floods its output is cut off', async () => {
    const configPath = await writeConfig('noisy.json', { credsStore: 'stevenoisy' });
    const error = await resolveCredentials('ghcr.io/a', contextFor(configPath)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'CREDENTIAL_HELPER_FAILED' });
    expect((error as Error).message).toMatch(/far more output than a credential/);
  });
});

describe('Import from Docker with a real helper', () => {
  it('lists the helper\'s registries via `list`, merged with the file\'s, without secrets', async () => {
    await setStore({
      'https://index.docker.io/v1/': { Username: 'hub-user', Secret: 'hub-secret-value' },
      'registry.example.com:5000': { Username: 'example-user', Secret: 'example-secret-value' },
    });
    const configPath = await writeConfig('import.json', {
      auths: { 'https://index.docker.io/v1/': {}, 'quay.io': { auth: Buffer.from('quay-user:quay-password').toString('base64') } },
      credsStore: 'stevetest',
    });
    const list = await listDockerConfigRegistries({ configPath, env });
    expect(list.problems).toEqual([]);
    expect(list.registries).toEqual([
      { host: 'docker.io', keys: ['https://index.docker.io/v1/'], settings: ['auths', 'credsStore'], helper: 'stevetest', username: 'hub-user' },
      { host: 'quay.io', keys: ['quay.io'], settings: ['auths'], helper: 'stevetest', username: 'quay-user' },
      { host: 'registry.example.com:5000', keys: ['registry.example.com:5000'], settings: ['credsStore'], helper: 'stevetest', username: 'example-user' },
    ]);
    expect(JSON.stringify(list)).not.toMatch(/secret-value|quay-password/);
    expect((await helperCalls())[0]).toEqual({ argv: ['list'], stdin: '' });
  });

  it('reads one chosen credential through the helper', async () => {
    await setStore({ 'registry.example.com:5000': { Username: 'example-user', Secret: 'example-secret-value' } });
    const configPath = await writeConfig('import-one.json', { credsStore: 'stevetest' });
    const credential = await readDockerConfigCredential('registry.example.com:5000', { configPath, env });
    expect(credential).toMatchObject({
      host: 'registry.example.com:5000',
      username: 'example-user',
      secret: 'example-secret-value',
      secretKind: 'password',
      origin: { source: 'credential-helper', setting: 'credsStore', helper: 'stevetest' },
    });
  });
});
