import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DockerConfigError,
  ProcessRunError,
  configKeysForHost,
  dockerConfigFilePath,
  getFromCredentialHelper,
  listDockerConfigRegistries,
  lookupDockerConfigCredential,
  parseDockerConfigText,
  readDockerConfigCredential,
  readDockerConfigFile,
  redactSecrets,
  toDockerAuthConfig,
  type ProcessRunner,
} from '../../../main/core/docker-config';
import { helperDouble } from './helper-double';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/docker-config');
const fixture = (name: string) => path.join(FIXTURES, name);

async function rejection(promise: Promise<unknown>): Promise<DockerConfigError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DockerConfigError);
    return error as DockerConfigError;
  }
  throw new Error('expected a DockerConfigError');
}

describe('where the Docker config file is', () => {
  it('uses the app setting first', () => {
    expect(dockerConfigFilePath({ configPath: '/custom/config.json', env: { DOCKER_CONFIG: '/env' }, homedir: '/home/u' })).toBe(
      '/custom/config.json',
    );
  });

  it('then $DOCKER_CONFIG/config.json', () => {
    expect(dockerConfigFilePath({ env: { DOCKER_CONFIG: '/env/docker' }, homedir: '/home/u' })).toBe(path.join('/env/docker', 'config.json'));
  });

  it('then ~/.docker/config.json; blank settings count as unset', () => {
    expect(dockerConfigFilePath({ configPath: '  ', env: { DOCKER_CONFIG: '' }, homedir: '/home/u' })).toBe(
      path.join('/home/u', '.docker', 'config.json'),
    );
  });
});

describe('reading the Docker config file', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'stevedore-config-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('treats a missing file as an empty configuration', async () => {
    const config = await readDockerConfigFile(path.join(directory, 'nope', 'config.json'));
    expect(config.exists).toBe(false);
    expect(config.auths.size).toBe(0);
    expect(config.credHelpers.size).toBe(0);
    expect(config.credsStore).toBeUndefined();
  });

  it('reports malformed JSON naming the file and the place, never the content', async () => {
    const error = await rejection(readDockerConfigFile(fixture('malformed.json')));
    expect(error.code).toBe('DOCKER_CONFIG_INVALID');
    expect(error.message).toContain(fixture('malformed.json'));
    expect(error.message).toMatch(/not valid JSON \(error at line 4, column 3\)/);
    expect(error.message).not.toContain('bGVha3');
    expect(error.message).not.toContain('leaky');
  });

  it('reports a wrong shape naming the setting', async () => {
    const error = await rejection(readDockerConfigFile(fixture('wrong-shape.json')));
    expect(error.message).toMatch(/'auths' must be an object/);
    expect(() => parseDockerConfigText('{"credHelpers": {"ghcr.io": 3}}', 'x.json')).toThrow(/credHelpers\["ghcr.io"\] must be/);
    expect(() => parseDockerConfigText('{"credsStore": true}', 'x.json')).toThrow(/'credsStore' must be/);
    expect(() => parseDockerConfigText('[]', 'x.json')).toThrow(/top level must be a JSON object/);
    expect(() => parseDockerConfigText('{"auths": {"a.io": {"auth": 5}}}', 'x.json')).toThrow(/auths\["a.io"\].auth must be text/);
  });

  it('refuses a folder with a hint to pick config.json', async () => {
    const error = await rejection(readDockerConfigFile(directory));
    expect(error.code).toBe('DOCKER_CONFIG_UNREADABLE');
    expect(error.message).toMatch(/is a folder/);
  });

  it('accepts an empty file, a byte-order mark, nulls and an empty credsStore', async () => {
    const file = path.join(directory, 'bom.json');
    await writeFile(file, '\uFEFF{"auths": {"a.io": {"auth": null}}, "credsStore": "", "credHelpers": null}');
    const config = await readDockerConfigFile(file);
    expect([...config.auths.keys()]).toEqual(['a.io']);
    expect(config.credsStore).toBeUndefined();
    await writeFile(file, '');
    expect((await readDockerConfigFile(file)).exists).toBe(true);
  });

  it('keeps auths in file order', async () => {
    const config = await readDockerConfigFile(fixture('auths-key-variants.json'));
    expect([...config.auths.keys()][0]).toBe('https://index.docker.io/v1/');
  });
});

describe('config key lookup', () => {
  const keys = ['docker.io', 'https://index.docker.io/v1/', 'http://localhost:5000', 'localhost:5000/v2/', 'ghcr.io', 'https://ghcr.io'];

  it('tries the exact key first, then keys with the same host in file order', () => {
    expect(configKeysForHost(keys, 'docker.io')).toEqual(['https://index.docker.io/v1/', 'docker.io']);
    expect(configKeysForHost(keys, 'localhost:5000')).toEqual(['http://localhost:5000', 'localhost:5000/v2/']);
    expect(configKeysForHost(keys, 'ghcr.io')).toEqual(['ghcr.io', 'https://ghcr.io']);
  });

  it('does not confuse a host with the same host on another port', () => {
    expect(configKeysForHost(keys, 'localhost')).toEqual([]);
    expect(configKeysForHost(keys, 'localhost:5001')).toEqual([]);
  });
});

describe('auths entries', () => {
  const options = { configPath: fixture('auths-key-variants.json') };

  it.each([
    ['docker.io', 'https://index.docker.io/v1/', { kind: 'password', username: 'hubuser', password: 'hub-password' }],
    ['localhost:5000', 'http://localhost:5000', { kind: 'password', username: 'localuser', password: 'local-password' }],
    ['registry.example.com:5000', 'registry.example.com:5000/v2/', { kind: 'password', username: 'exampleuser', password: 'example-password' }],
    ['ghcr.io', 'ghcr.io', { kind: 'password', username: 'ghcruser', password: 'ghcr-password' }],
  ])('%s is found under the key %s', async (host, key, credential) => {
    const lookup = await lookupDockerConfigCredential(host, options);
    expect(lookup.found?.origin).toEqual({ source: 'docker-config', setting: 'auths', key });
    expect(lookup.found?.credential).toEqual(credential);
  });

  it('finds Docker Hub under the short key docker.io', async () => {
    const lookup = await lookupDockerConfigCredential('docker.io', { configPath: fixture('hub-short-key.json') });
    expect(lookup.found?.origin.key).toBe('docker.io');
    expect(lookup.found?.credential).toMatchObject({ username: 'shortkeyuser' });
  });

  it('prefers the exact Hub key over an alias key that comes first in the file', async () => {
    const lookup = await lookupDockerConfigCredential('docker.io', { configPath: fixture('hub-exact-key-wins.json') });
    expect(lookup.found?.credential).toMatchObject({ username: 'exactuser' });
  });

  it('splits auth at the first colon only, so passwords may contain colons', async () => {
    const lookup = await lookupDockerConfigCredential('colon.example.com', options);
    expect(lookup.found?.credential).toEqual({ kind: 'password', username: 'colonuser', password: 'pa:ss:word' });
  });

  it('reads identity tokens, with and without a username', async () => {
    const quay = await lookupDockerConfigCredential('quay.io', options);
    expect(quay.found?.credential).toEqual({ kind: 'identity-token', identityToken: 'quay-identity-token', username: 'quayuser' });
    const bare = await lookupDockerConfigCredential('token.example.com', options);
    expect(bare.found?.credential).toEqual({ kind: 'identity-token', identityToken: 'bare-identity-token' });
  });

  it('treats an empty entry as no credentials, and says so', async () => {
    const lookup = await lookupDockerConfigCredential('empty.example.com', options);
    expect(lookup.found).toBeUndefined();
    expect(lookup.checked).toEqual(['auths["empty.example.com"] holds no credentials']);
  });

  it('finds nothing for an unknown host or a missing file', async () => {
    expect((await lookupDockerConfigCredential('other.example.com', options)).found).toBeUndefined();
    const missing = await lookupDockerConfigCredential('ghcr.io', { configPath: fixture('does-not-exist.json') });
    expect(missing).toMatchObject({ configExists: false, checked: [expect.stringContaining('does not exist')] });
  });

  it('reports a broken auth value for the host being pulled, without its content', async () => {
    const noColon = await rejection(lookupDockerConfigCredential('nocolon.example.com', { configPath: fixture('bad-auth-field.json') }));
    expect(noColon.code).toBe('DOCKER_CONFIG_INVALID');
    expect(noColon.message).toMatch(/auths\["nocolon.example.com"\].*does not decode to 'username:password'/);
    expect(noColon.message).not.toContain('no-colon-in-here');
    const notBase64 = await rejection(lookupDockerConfigCredential('notbase64.example.com', { configPath: fixture('bad-auth-field.json') }));
    expect(notBase64.message).toMatch(/is not base64/);
    // Other hosts in the same file still work.
    const fine = await lookupDockerConfigCredential('fine.example.com', { configPath: fixture('bad-auth-field.json') });
    expect(fine.found?.credential).toMatchObject({ username: 'fineuser' });
  });

  it('turns credentials into dockerode authconfig', () => {
    expect(toDockerAuthConfig({ kind: 'password', username: 'u', password: 'p' }, 'ghcr.io')).toEqual({
      username: 'u',
      password: 'p',
      serveraddress: 'ghcr.io',
    });
    expect(toDockerAuthConfig({ kind: 'identity-token', identityToken: 't' }, 'https://index.docker.io/v1/')).toEqual({
      identitytoken: 't',
      serveraddress: 'https://index.docker.io/v1/',
    });
  });
});

describe('credential helpers: credHelpers → credsStore → auths', () => {
  const configPath = fixture('helpers.json');

  it('credHelpers beats credsStore and auths', async () => {
    const { runHelper, calls } = helperDouble({
      stevetest: { 'ghcr.io': { Username: 'helperuser', Secret: 'helper-secret' } },
      stevestore: { 'ghcr.io': { Username: 'storeuser', Secret: 'store-secret' } },
    });
    const lookup = await lookupDockerConfigCredential('ghcr.io', { configPath, runHelper });
    expect(lookup.found?.origin).toEqual({ source: 'credential-helper', setting: 'credHelpers', helper: 'stevetest', key: 'ghcr.io' });
    expect(lookup.found?.credential).toEqual({ kind: 'password', username: 'helperuser', password: 'helper-secret' });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ command: 'docker-credential-stevetest', args: ['get'], stdin: 'ghcr.io' });
  });

  it('falls through to credsStore when the host helper has nothing', async () => {
    const { runHelper } = helperDouble({
      stevetest: {},
      stevestore: { 'ghcr.io': { Username: 'storeuser', Secret: 'store-secret' } },
    });
    const lookup = await lookupDockerConfigCredential('ghcr.io', { configPath, runHelper });
    expect(lookup.found?.origin).toMatchObject({ setting: 'credsStore', helper: 'stevestore' });
    expect(lookup.checked).toEqual(['credHelpers["ghcr.io"]: docker-credential-stevetest has no credentials for ghcr.io']);
  });

  it('credsStore beats auths', async () => {
    const { runHelper } = helperDouble({ stevestore: { 'quay.io': { Username: 'storequay', Secret: 's' } } });
    const lookup = await lookupDockerConfigCredential('quay.io', { configPath, runHelper });
    expect(lookup.found?.origin).toMatchObject({ source: 'credential-helper', setting: 'credsStore' });
    expect(lookup.found?.credential).toMatchObject({ username: 'storequay' });
  });

  it('falls through to auths when every helper says "credentials not found"', async () => {
    const { runHelper } = helperDouble({ stevetest: {}, stevestore: {} });
    const ghcr = await lookupDockerConfigCredential('ghcr.io', { configPath, runHelper });
    expect(ghcr.found?.origin).toEqual({ source: 'docker-config', setting: 'auths', key: 'ghcr.io' });
    expect(ghcr.found?.credential).toMatchObject({ username: 'authsuser' });
    expect(ghcr.checked).toHaveLength(2);
  });

  it('asks for Docker Hub under https://index.docker.io/v1/ and maps <token> to an identity token', async () => {
    const { runHelper, calls } = helperDouble({
      stevestore: { 'https://index.docker.io/v1/': { Username: '<token>', Secret: 'hub-identity-token' } },
    });
    const lookup = await lookupDockerConfigCredential('docker.io', { configPath, runHelper });
    expect(calls[0]?.stdin).toBe('https://index.docker.io/v1/');
    expect(lookup.found?.credential).toEqual({ kind: 'identity-token', identityToken: 'hub-identity-token' });
  });

  it('finds credHelpers under key variants, asking with the canonical server address', async () => {
    const { runHelper, calls } = helperDouble({
      stevetest: {
        'ghcr.io': { Username: 'ghcr-helper', Secret: 's1' },
        'https://index.docker.io/v1/': { Username: 'hub-helper', Secret: 's2' },
      },
    });
    const variants = { configPath: fixture('cred-helpers-key-variants.json'), runHelper };
    const ghcr = await lookupDockerConfigCredential('ghcr.io', variants);
    expect(ghcr.found?.origin).toMatchObject({ setting: 'credHelpers', key: 'https://ghcr.io' });
    const hub = await lookupDockerConfigCredential('docker.io', variants);
    expect(hub.found?.origin).toMatchObject({ setting: 'credHelpers', key: 'docker.io' });
    expect(calls.map((call) => call.stdin)).toEqual(['ghcr.io', 'https://index.docker.io/v1/']);
    // Another port is another registry: the helper is not asked.
    expect((await lookupDockerConfigCredential('localhost:5000', variants)).found).toBeUndefined();
    expect(calls).toHaveLength(2);
  });

  it('ends anonymous when nothing anywhere has credentials (an empty auths entry included)', async () => {
    const { runHelper } = helperDouble({ stevestore: {} });
    const lookup = await lookupDockerConfigCredential('docker.io', { configPath, runHelper });
    expect(lookup.found).toBeUndefined();
    expect(lookup.checked).toEqual([
      'credsStore: docker-credential-stevestore has no credentials for https://index.docker.io/v1/',
      'auths["https://index.docker.io/v1/"] holds no credentials',
    ]);
  });
});

describe('credential helper failures', () => {
  const options = { configFile: '/home/u/.docker/config.json', setting: 'credsStore' as const };
  const answering =
    (result: { exitCode: number | null; stdout?: string; stderr?: string }): ProcessRunner =>
    async () => ({ exitCode: result.exitCode, signal: null, stdout: result.stdout ?? '', stderr: result.stderr ?? '' });

  it('is an error when the helper is not installed, naming the program and the setting', async () => {
    const runHelper: ProcessRunner = async (request) => {
      throw new ProcessRunError('PROCESS_NOT_FOUND', `${request.command} was not found on PATH`);
    };
    const error = await rejection(getFromCredentialHelper('desktop', 'ghcr.io', { ...options, runHelper }));
    expect(error.code).toBe('CREDENTIAL_HELPER_NOT_FOUND');
    expect(error.message).toContain('docker-credential-desktop');
    expect(error.message).toContain('credsStore in /home/u/.docker/config.json');
  });

  it('is a timeout error with what to check', async () => {
    const runHelper: ProcessRunner = async () => {
      throw new ProcessRunError('PROCESS_TIMEOUT', 'too slow');
    };
    const error = await rejection(getFromCredentialHelper('pass', 'ghcr.io', { ...options, runHelper, timeoutMs: 2500 }));
    expect(error.code).toBe('CREDENTIAL_HELPER_TIMEOUT');
    expect(error.message).toMatch(/did not answer within 2.5 s.*ghcr.io/);
  });

  it('shows what a failing helper said, with secrets removed', async () => {
    const runHelper = answering({ exitCode: 3, stderr: 'cannot unlock: password=hunter2 token: ghp_abcdefghijklmnopqrstuvwxyz0123456789' });
    const error = await rejection(getFromCredentialHelper('pass', 'ghcr.io', { ...options, runHelper }));
    expect(error.code).toBe('CREDENTIAL_HELPER_FAILED');
    expect(error.message).toMatch(/exited with code 3.*cannot unlock/);
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('ghp_abcdefghijklmnop');
  });

  it('never echoes output that is not a credential (it may be one, garbled)', async () => {
    const runHelper = answering({ exitCode: 0, stdout: '{"Username":"u","Secret":"garbled-secret"' });
    const error = await rejection(getFromCredentialHelper('pass', 'ghcr.io', { ...options, runHelper }));
    expect(error.message).toMatch(/not a credential/);
    expect(error.message).not.toContain('garbled-secret');
  });

  it('treats "credentials not found" as no credentials, even with exit code 1', async () => {
    const runHelper = answering({ exitCode: 1, stdout: 'credentials not found in native keychain\n' });
    expect(await getFromCredentialHelper('pass', 'ghcr.io', { ...options, runHelper })).toBeUndefined();
  });

  it('refuses helper names that could walk out of PATH lookup, without running anything', async () => {
    let ran = false;
    const runHelper: ProcessRunner = async () => {
      ran = true;
      return { exitCode: 0, signal: null, stdout: '', stderr: '' };
    };
    for (const name of ['../evil', 'a b', '-x', 'x;rm']) {
      const error = await rejection(getFromCredentialHelper(name, 'ghcr.io', { ...options, runHelper }));
      expect(error.code).toBe('CREDENTIAL_HELPER_INVALID');
    }
    expect(ran).toBe(false);
  });
});

describe('Import from Docker', () => {
  const configPath = fixture('helpers.json');

  it('lists every host from auths, credHelpers and the credsStore, with where it came from and no secrets', async () => {
    const { runHelper } = helperDouble({
      stevestore: {
        'https://index.docker.io/v1/': { Username: 'hubstore', Secret: 'hub-store-secret' },
        'https://index.docker.io/v1/access-token': { Username: 'ignored-lookalike', Secret: 'x' },
        'registry.store.example:5000': { Username: 'storeonly', Secret: 'store-only-secret' },
      },
    });
    const list = await listDockerConfigRegistries({ configPath, runHelper });
    expect(list.configFile).toBe(configPath);
    expect(list.problems).toEqual([]);
    expect(list.registries.map((registry) => registry.host)).toEqual([
      'docker.io',
      'ghcr.io',
      'plain.example.com',
      'quay.io',
      'registry.store.example:5000',
    ]);
    const byHost = Object.fromEntries(list.registries.map((registry) => [registry.host, registry]));
    expect(byHost['ghcr.io']).toMatchObject({ settings: ['auths', 'credHelpers'], helper: 'stevetest', username: 'authsuser' });
    expect(byHost['docker.io']).toMatchObject({ settings: ['auths', 'credsStore'], helper: 'stevestore', username: 'hubstore' });
    expect(byHost['registry.store.example:5000']).toMatchObject({ settings: ['credsStore'], username: 'storeonly' });
    const serialised = JSON.stringify(list);
    for (const secret of ['auths-password', 'hub-store-secret', 'store-only-secret', 'plain-password']) {
      expect(serialised).not.toContain(secret);
    }
  });

  it('still lists the file\'s hosts when the credsStore cannot list, and says why', async () => {
    const list = await listDockerConfigRegistries({ configPath, runHelper: helperDouble({}).runHelper });
    expect(list.registries.map((registry) => registry.host)).toContain('ghcr.io');
    expect(list.problems).toEqual([expect.stringContaining('docker-credential-stevestore')]);
  });

  it('reads one credential for import through the same lookup as a pull', async () => {
    const { runHelper } = helperDouble({ stevetest: { 'ghcr.io': { Username: 'helperuser', Secret: 'helper-secret' } }, stevestore: {} });
    const credential = await readDockerConfigCredential('https://ghcr.io', { configPath, runHelper });
    expect(credential).toEqual({
      host: 'ghcr.io',
      serverAddress: 'ghcr.io',
      username: 'helperuser',
      secret: 'helper-secret',
      secretKind: 'password',
      origin: { source: 'credential-helper', setting: 'credHelpers', helper: 'stevetest', key: 'ghcr.io' },
    });
    expect(await readDockerConfigCredential('nothing.example.com', { configPath, runHelper })).toBeUndefined();
    await expect(readDockerConfigCredential('ftp://x', { configPath, runHelper })).rejects.toThrow(/does not name a registry host/);
  });

  it('imports identity tokens as such', async () => {
    const credential = await readDockerConfigCredential('quay.io', { configPath: fixture('auths-key-variants.json') });
    expect(credential).toMatchObject({ username: 'quayuser', secret: 'quay-identity-token', secretKind: 'identity-token' });
  });
});

describe('redactSecrets', () => {
  it.each([
    ['password=hunter2 failed', 'hunter2'],
    ['Password: "hunter 2"', 'hunter 2'],
    ['{"Secret":"s3cr3t-value","Username":"u"}', 's3cr3t-value'],
    ['Authorization: Bearer abc.def-ghi', 'abc.def-ghi'],
    ['got Basic dXNlcjpwYXNz back', 'dXNlcjpwYXNz'],
    ['token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig', 'eyJhbGciOiJIUzI1NiJ9'],
    ['opaque ghp_16C7e42F292c6912E7710c838347Ae178B4a here', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'],
  ])('removes the secret from %j', (text, secret) => {
    const safe = redactSecrets(text);
    expect(safe).not.toContain(secret);
    expect(safe).toContain('[redacted]');
  });

  it('removes known secrets and control characters, keeps paths and host names', () => {
    const safe = redactSecrets('exec /usr/local/bin/docker-credential-desktop for registry.example.com failed: xyzzy-known\u001b[31m', [
      'xyzzy-known',
    ]);
    expect(safe).toContain('/usr/local/bin/docker-credential-desktop');
    expect(safe).toContain('registry.example.com');
    expect(safe).not.toContain('xyzzy-known');
    expect(safe).not.toContain('\u001b');
  });

  it('caps what is shown', () => {
    expect(redactSecrets('word '.repeat(500)).length).toBeLessThanOrEqual(501);
  });
});
