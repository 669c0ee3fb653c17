import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockerodeOptions, findEngineEndpoint, type EndpointEnvironment } from '../../../main/core/engine/endpoint';
import { SshTunnelAgent } from '../../../main/core/engine/ssh-tunnel';
import { describeEngineFailure } from '../../../main/core/engine/failure';

function environment(overrides: Partial<EndpointEnvironment> & { files?: Record<string, string> } = {}): EndpointEnvironment {
  const files = overrides.files ?? {};
  return {
    env: overrides.env ?? {},
    platform: overrides.platform ?? 'linux',
    homeDir: overrides.homeDir ?? '/home/dev',
    exists: overrides.exists ?? ((file) => file in files),
    readFile:
      overrides.readFile ??
      ((file) => {
        const content = files[file];
        if (content === undefined) throw Object.assign(new Error(`ENOENT ${file}`), { code: 'ENOENT' });
        return content;
      }),
  };
}

function contextFiles(configDir: string, name: string, host: string, current = true): Record<string, string> {
  const id = createHash('sha256').update(name).digest('hex');
  return {
    ...(current ? { [path.join(configDir, 'config.json')]: JSON.stringify({ currentContext: name }) } : {}),
    [path.join(configDir, 'contexts', 'meta', id, 'meta.json')]: JSON.stringify({ Name: name, Endpoints: { docker: { Host: host } } }),
  };
}

describe('findEngineEndpoint', () => {
  it('keeps the TLS material of the current docker context when its engine was picked in Settings', () => {
    const id = createHash('sha256').update('remote').digest('hex');
    const tlsDir = path.join('/home/dev/.docker', 'contexts', 'tls', id, 'docker');
    const env = environment({ files: { ...contextFiles('/home/dev/.docker', 'remote', 'tcp://10.0.0.5:2376'), [path.join(tlsDir, 'ca.pem')]: 'ca' } });
    expect(findEngineEndpoint('tcp://10.0.0.5:2376', env)).toMatchObject({
      url: 'tcp://10.0.0.5:2376',
      source: 'setting',
      contextName: 'remote',
      tls: true,
      tlsMaterial: { ca: path.join(tlsDir, 'ca.pem'), verify: true },
    });
    // Another address is not the context's: no TLS material borrowed.
    expect(findEngineEndpoint('tcp://10.0.0.6:2376', env)).toMatchObject({ tls: false });
  });

  it('prefers the setting over DOCKER_HOST', () => {
    const endpoint = findEngineEndpoint('unix:///custom.sock', environment({ env: { DOCKER_HOST: 'unix:///env.sock' } }));
    expect(endpoint).toMatchObject({ url: 'unix:///custom.sock', source: 'setting' });
  });

  it('uses DOCKER_HOST over the current context', () => {
    const env = environment({ env: { DOCKER_HOST: 'tcp://10.0.0.5:2375' }, files: contextFiles('/home/dev/.docker', 'remote', 'ssh://me@box') });
    expect(findEngineEndpoint(undefined, env)).toMatchObject({ url: 'tcp://10.0.0.5:2375', source: 'DOCKER_HOST', tls: false });
  });

  it('follows the current docker context from config.json and the context store', () => {
    const env = environment({ files: contextFiles('/home/dev/.docker', 'remote', 'ssh://me@box') });
    expect(findEngineEndpoint(undefined, env)).toMatchObject({ url: 'ssh://me@box', source: 'context', contextName: 'remote' });
  });

  it('lets DOCKER_CONTEXT override currentContext, and honours DOCKER_CONFIG', () => {
    const files = { ...contextFiles('/cfg', 'other', 'unix:///other.sock', false), ...contextFiles('/cfg', 'remote', 'ssh://me@box') };
    const env = environment({ env: { DOCKER_CONFIG: '/cfg', DOCKER_CONTEXT: 'other' }, files });
    expect(findEngineEndpoint(undefined, env)).toMatchObject({ url: 'unix:///other.sock', contextName: 'other' });
  });

  it('treats the "default" context as no context', () => {
    const env = environment({ files: { '/home/dev/.docker/config.json': JSON.stringify({ currentContext: 'default' }) } });
    expect(findEngineEndpoint(undefined, env)).toMatchObject({ url: 'unix:///var/run/docker.sock', source: 'default' });
  });

  it('says which context is broken when its metadata is missing', () => {
    const env = environment({ files: { '/home/dev/.docker/config.json': JSON.stringify({ currentContext: 'gone' }) } });
    expect(() => findEngineEndpoint(undefined, env)).toThrow(/context "gone".*docker context use default/);
  });

  it('uses the platform defaults', () => {
    expect(findEngineEndpoint(undefined, environment({ platform: 'win32' })).url).toBe('npipe:////./pipe/docker_engine');
    const mac = environment({ platform: 'darwin', files: { '/Users/dev/.docker/run/docker.sock': '' }, homeDir: '/Users/dev' });
    expect(findEngineEndpoint(undefined, mac).url).toBe('unix:///Users/dev/.docker/run/docker.sock');
    expect(findEngineEndpoint(undefined, environment({ platform: 'darwin' })).url).toBe('unix:///var/run/docker.sock');
  });

  it("offers Podman's socket when there is no Docker socket", () => {
    const env = environment({ env: { XDG_RUNTIME_DIR: '/run/user/1000' }, files: { '/run/user/1000/podman/podman.sock': '' } });
    expect(findEngineEndpoint(undefined, env)).toMatchObject({ url: 'unix:///run/user/1000/podman/podman.sock', source: 'podman' });
    const both = environment({
      env: { XDG_RUNTIME_DIR: '/run/user/1000' },
      files: { '/run/user/1000/podman/podman.sock': '', '/var/run/docker.sock': '' },
    });
    expect(findEngineEndpoint(undefined, both).source).toBe('default');
  });

  it('turns on TLS for tcp endpoints with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', () => {
    const endpoint = findEngineEndpoint(undefined, environment({ env: { DOCKER_HOST: 'tcp://box:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' } }));
    expect(endpoint).toMatchObject({ tls: true, tlsMaterial: { ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem', verify: true } });
  });

  it('refuses addresses it cannot use, saying which forms work', () => {
    expect(() => findEngineEndpoint('ftp://box', environment())).toThrow(/unix:\/\/\/path\/docker.sock/);
    expect(() => findEngineEndpoint('/var/run/docker.sock', environment())).toThrow(/not an engine address/);
  });
});

describe('dockerodeOptions', () => {
  it('maps unix, npipe, ssh and tcp endpoints', () => {
    expect(dockerodeOptions({ url: 'unix:///run/d.sock', source: 'default', tls: false })).toEqual({ socketPath: '/run/d.sock' });
    expect(dockerodeOptions({ url: 'npipe:////./pipe/docker_engine', source: 'default', tls: false })).toEqual({ socketPath: '//./pipe/docker_engine' });
    // ssh goes through an SSH tunnel agent over plain HTTP (tests/unit/engine/ssh-engine.test.ts).
    expect(dockerodeOptions({ url: 'ssh://me@box:2222', source: 'context', tls: false })).toMatchObject({ protocol: 'http', host: 'box', port: 2222, agent: expect.any(SshTunnelAgent) });
    expect(dockerodeOptions({ url: 'tcp://box', source: 'DOCKER_HOST', tls: false })).toEqual({ host: 'box', port: 2375, protocol: 'http' });
  });

  it('reads TLS material for tcp with TLS', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stevedore-tls-'));
    mkdirSync(dir, { recursive: true });
    for (const name of ['ca', 'cert', 'key']) writeFileSync(path.join(dir, `${name}.pem`), `${name}-pem`);
    const options = dockerodeOptions({
      url: 'tcp://box:2376',
      source: 'DOCKER_HOST',
      tls: true,
      tlsMaterial: { ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem'), verify: true },
    });
    expect(options).toMatchObject({ host: 'box', port: 2376, protocol: 'https', ca: 'ca-pem', cert: 'cert-pem', key: 'key-pem' });
  });
});

describe('describeEngineFailure', () => {
  const endpoint = { url: 'unix:///run/d.sock', source: 'DOCKER_HOST' as const, tls: false };
  it('names the endpoint and says what to do for each common failure', () => {
    expect(describeEngineFailure(Object.assign(new Error('x'), { code: 'ENOENT' }), endpoint)).toEqual({
      reason: 'No engine is listening at unix:///run/d.sock: the socket does not exist.',
      fix: 'Start Docker (or Podman).',
    });
    expect(describeEngineFailure(Object.assign(new Error('x'), { code: 'EACCES' }), endpoint).fix).toMatch(/docker" group/);
    expect(describeEngineFailure(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), { ...endpoint, source: 'setting' }).fix).toMatch(/Settings/);
  });
});
