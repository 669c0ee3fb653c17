/**
 * Issue 10 item 1: stored credentials never go to a plain tcp:// engine on another machine. The engine here is
 * 192.0.2.1 (TEST-NET-1, reserved for documentation); every outgoing HTTP request is intercepted before a socket
 * opens, so the test sends nothing anywhere whatever the code under test does.
 */
import http from 'node:http';
import https from 'node:https';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EngineConnection } from '../../../main/core/engine/connection';
import { credentialsRefusal, isLoopbackHost } from '../../../main/core/engine/credentials-guard';
import type { EngineEndpoint } from '../../../main/core/engine/endpoint';
import { PullService } from '../../../main/core/pull/service';
import { CredentialResolver } from '../../../main/core/credentials/resolver';
import { RegistryService } from '../../../main/core/registries/service';
import { MemoryCipher } from '../../../main/core/secrets/cipher';
import { openSettings } from '../../support/settings';

const REMOTE_PLAIN: EngineEndpoint = { url: 'tcp://192.0.2.1:2375', source: 'setting', tls: false };
const SECRET = 'hunter2-stored-password';

interface Attempt {
  host: string | undefined;
  path: string | undefined;
  headers: Record<string, unknown>;
}

let attempts: Attempt[];

beforeEach(() => {
  attempts = [];
  const intercept = (options: unknown) => {
    const request = options as { hostname?: string; host?: string; path?: string; headers?: Record<string, unknown> };
    attempts.push({ host: request.hostname ?? request.host, path: request.path, headers: { ...request.headers } });
    // Nothing may leave the machine: fail the way an unreachable engine fails.
    throw Object.assign(new Error('connect ECONNREFUSED (intercepted by the test)'), { code: 'ECONNREFUSED' });
  };
  vi.spyOn(http, 'request').mockImplementation(intercept as typeof http.request);
  vi.spyOn(https, 'request').mockImplementation(intercept as typeof https.request);
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function setup() {
  const settings = openSettings();
  const engine = new EngineConnection({ findEndpoint: () => REMOTE_PLAIN });
  const registries = new RegistryService({ settings, cipher: new MemoryCipher(), docker: () => engine.docker() });
  const stored = await registries.add({ name: 'Work', address: 'ghcr.io', username: 'me', secret: SECRET, patterns: [], isDefault: false });
  const credentials = new CredentialResolver({ registries, dockerConfigPath: () => '/nonexistent/stevedore-test/config.json', env: {} });
  const pulls = new PullService({
    docker: () => engine.docker(),
    resolve: (image, oneTime) => credentials.resolve(image, oneTime),
    maxConcurrent: () => 3,
    engineEndpoint: () => engine.currentEndpoint?.url,
  });
  return { engine, registries, stored, pulls };
}

describe('which engines may receive credentials', () => {
  it.each([
    ['unix:///var/run/docker.sock', false, true],
    ['npipe:////./pipe/docker_engine', false, true],
    ['ssh://me@build.example.com', false, true],
    ['tcp://127.0.0.1:2375', false, true],
    ['tcp://127.8.9.10:2375', false, true],
    ['tcp://localhost:2375', false, true],
    ['tcp://[::1]:2375', false, true],
    ['tcp://10.0.0.5:2376', true, true],
    ['https://engine.example.com:2376', true, true],
    ['tcp://10.0.0.5:2375', false, false],
    ['tcp://192.0.2.1:2375', false, false],
    ['http://engine.example.com:2375', false, false],
    ['tcp://localhost.example.com:2375', false, false],
    ['tcp://128.0.0.1:2375', false, false],
  ])('%s (TLS %s): allowed %s', (url, tls, allowed) => {
    expect(credentialsRefusal({ url, tls }) === undefined).toBe(allowed);
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.255.0.1', '::1', '[::1]', 'LOCALHOST', '::ffff:127.0.0.1'].every(isLoopbackHost)).toBe(true);
    expect(['10.0.0.1', '192.0.2.1', '::2', 'example.com', 'localhost.example.com'].some(isLoopbackHost)).toBe(false);
  });
});

describe('a plain tcp:// engine on another machine', () => {
  it('gets no stored credentials for a pull: the pull fails before any request, saying why and what to do', async () => {
    const { pulls } = await setup();
    const view = await pulls.waitFor(pulls.start({ image: 'ghcr.io/team/app:1' }).id);
    expect(view.state).toBe('failed');
    expect(view.error).toMatchObject({
      code: 'ENGINE_INSECURE_FOR_CREDENTIALS',
      title: expect.stringContaining('tcp://192.0.2.1:2375'),
      fix: expect.stringMatching(/TLS.*SSH.*anonymously/s),
    });
    expect(JSON.stringify(view)).not.toContain(SECRET);
    expect(attempts).toEqual([]);
  });

  it('gets no stored credentials for a platform check either', async () => {
    const { pulls } = await setup();
    const view = await pulls.waitFor(pulls.start({ image: 'ghcr.io/team/app:1', platform: 'linux/arm64' }).id);
    expect(view.error?.code).toBe('ENGINE_INSECURE_FOR_CREDENTIALS');
    expect(attempts).toEqual([]);
  });

  it('gets no one-time credentials', async () => {
    const { pulls } = await setup();
    const view = await pulls.waitFor(pulls.start({ image: 'docker.io/library/nginx:1', oneTimeCredentials: { username: 'u', password: SECRET } }).id);
    expect(view.error?.code).toBe('ENGINE_INSECURE_FOR_CREDENTIALS');
    expect(attempts).toEqual([]);
  });

  it('gets no stored credentials for the registry "Test", which says why', async () => {
    const { registries, stored } = await setup();
    const check = await registries.check(stored.id);
    expect(check).toMatchObject({
      ok: false,
      code: 'ENGINE_INSECURE_FOR_CREDENTIALS',
      message: expect.stringMatching(/^Credentials were not sent to the engine at tcp:\/\/192\.0\.2\.1:2375\..*TLS.*SSH/s),
    });
    expect(check.message).not.toContain(SECRET);
    expect(attempts).toEqual([]);
  });

  it('still serves anonymous pulls: the request goes out, without credentials', async () => {
    const { pulls } = await setup();
    const view = await pulls.waitFor(pulls.start({ image: 'quay.io/org/tool:2' }).id);
    // The interceptor played an unreachable engine; what matters is that the request was allowed and had no auth.
    expect(view.error?.code).toBe('ENGINE_UNREACHABLE');
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.every((attempt) => attempt.host === '192.0.2.1' && !('X-Registry-Auth' in attempt.headers))).toBe(true);
  });
});

describe('an engine that may receive credentials', () => {
  it('gets them as before (loopback tcp)', async () => {
    const settings = openSettings();
    const engine = new EngineConnection({ findEndpoint: () => ({ url: 'tcp://127.0.0.1:1', source: 'setting', tls: false }) });
    const registries = new RegistryService({ settings, cipher: new MemoryCipher(), docker: () => engine.docker() });
    const stored = await registries.add({ name: 'Work', address: 'ghcr.io', username: 'me', secret: SECRET, patterns: [], isDefault: false });
    await registries.check(stored.id);
    expect(attempts.map((attempt) => [attempt.host, attempt.path])).toEqual([['127.0.0.1', '/auth']]);
  });
});
