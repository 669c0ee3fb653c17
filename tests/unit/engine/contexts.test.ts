import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverEngineChoices } from '../../../main/core/engine/choices';
import { listDockerContexts, writeDockerContext } from '../../../main/core/engine/contexts';
import { findEngineEndpoint, realEndpointEnvironment } from '../../../main/core/engine/endpoint';

const pem = (what: string) => `-----BEGIN ${what}-----\nMIIB${what.replace(/ /g, '')}\n-----END ${what}-----\n`;
const tls = { ca: pem('CERTIFICATE'), cert: pem('CERTIFICATE'), key: pem('PRIVATE KEY') };
const sha = (name: string) => createHash('sha256').update(name).digest('hex');

function configDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'stevedore-contexts-'));
}

describe('docker contexts', () => {
  it('writes a TCP+TLS context in the CLI layout: meta.json under sha256(name), TLS files owner-only', () => {
    const dir = configDir();
    const written = writeDockerContext(dir, { name: 'build-server', description: 'Added in Stevedore', host: 'tcp://10.0.0.5:2376', tls });
    const id = sha('build-server');
    expect(JSON.parse(readFileSync(path.join(dir, 'contexts', 'meta', id, 'meta.json'), 'utf8'))).toEqual({
      Name: 'build-server',
      Metadata: { Description: 'Added in Stevedore' },
      Endpoints: { docker: { Host: 'tcp://10.0.0.5:2376', SkipTLSVerify: false } },
    });
    for (const file of ['ca', 'cert', 'key']) {
      const tlsFile = path.join(dir, 'contexts', 'tls', id, 'docker', `${file}.pem`);
      expect(readFileSync(tlsFile, 'utf8')).toBe(tls[file as keyof typeof tls]);
      expect(statSync(tlsFile).mode & 0o777).toBe(0o600);
    }
    expect(written).toMatchObject({ name: 'build-server', host: 'tcp://10.0.0.5:2376', tls: { ca: expect.stringContaining(id) as string } });
  });

  it('lists every context by name, a broken one with its problem instead of throwing', () => {
    const dir = configDir();
    writeDockerContext(dir, { name: 'staging', host: 'ssh://deploy@staging.example' });
    writeDockerContext(dir, { name: 'build', host: 'tcp://10.0.0.5:2376', tls });
    const broken = path.join(dir, 'contexts', 'meta', sha('broken'));
    mkdirSync(broken, { recursive: true });
    writeFileSync(path.join(broken, 'meta.json'), '{ not json');
    const listed = listDockerContexts(dir);
    expect(listed.map((context) => [context.name, context.host])).toEqual([
      ['build', 'tcp://10.0.0.5:2376'],
      [sha('broken').slice(0, 12), undefined],
      ['staging', 'ssh://deploy@staging.example'],
    ]);
    expect(listed[1]?.problem).toMatch(/is not valid JSON .*docker context rm/);
    expect(listed.find((context) => context.name === 'staging')?.tls).toBeUndefined();
  });

  it.each([
    [{ name: 'x', host: 'ssh://a@b' }, /cannot be a docker context name/],
    [{ name: 'has space', host: 'ssh://a@b' }, /cannot be a docker context name/],
    [{ name: 'default', host: 'ssh://a@b' }, /docker CLI's own context name/],
    [{ name: 'local', host: 'unix:///var/run/docker.sock' }, /over SSH or TCP with TLS/],
    [{ name: 'plain', host: 'tcp://10.0.0.5:2375' }, /plain TCP: choose the folder with its ca.pem/],
    [{ name: 'bad', host: '10.0.0.5:2376' }, /no scheme. For a TCP engine, write tcp:\/\/10.0.0.5:2376/],
  ])('refuses %j with a reason and what to do', (proposal, message) => {
    expect(() => writeDockerContext(configDir(), proposal)).toThrow(message);
  });

  it('refuses a name that exists and leaves the existing context as it was', () => {
    const dir = configDir();
    writeDockerContext(dir, { name: 'staging', host: 'ssh://deploy@staging.example' });
    expect(() => writeDockerContext(dir, { name: 'staging', host: 'ssh://other@elsewhere' })).toThrow(/already exists/);
    expect(listDockerContexts(dir)[0]?.host).toBe('ssh://deploy@staging.example');
  });

  it('offers every context as an engine choice, and an engine picked by its address keeps that context’s TLS material', () => {
    const dir = configDir();
    writeDockerContext(dir, { name: 'build', host: 'tcp://10.0.0.5:2376', tls });
    const environment = { ...realEndpointEnvironment(), env: { DOCKER_CONFIG: dir }, homeDir: dir };
    const choices = discoverEngineChoices(environment);
    expect(choices).toContainEqual(expect.objectContaining({ id: 'context:build', url: 'tcp://10.0.0.5:2376' }));
    const endpoint = findEngineEndpoint('tcp://10.0.0.5:2376', environment);
    expect(endpoint).toMatchObject({ tls: true, contextName: 'build', tlsMaterial: { ca: path.join(dir, 'contexts', 'tls', sha('build'), 'docker', 'ca.pem'), verify: true } });
  });
});
