/**
 * credentials.md §5 for every credential source: credentials the user did not type for this pull (a stored
 * registry, the default registry, the Docker config, a credential helper) get one anonymous try when the registry
 * rejects them; one-time credentials do not. And whatever secret was sent — password or identity token — is
 * removed from the failure in every form the engine might echo it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CredentialSource } from '../../../preload/api';
import type { PullCredentials } from '../../../main/core/pull/credentials';
import { PullService } from '../../../main/core/pull/service';
import type { DockerAuthConfig } from '../../../main/core/credentials/registry-types';
import { EngineDouble, succeed } from './engine-double';

const PASSWORD = 'pw-canary-5f1e0c';
const IDENTITY_TOKEN = 'idt-canary-a7d93b2e';
const IMAGE = '127.0.0.1:5001/team/app:1.0';

const services: PullService[] = [];
afterEach(() => {
  for (const service of services.splice(0)) service.cancelAll();
});

function setup(credentials: PullCredentials) {
  const engine = new EngineDouble();
  const service = new PullService({
    docker: () => engine.client,
    resolve: async () => credentials,
    maxConcurrent: () => 3,
    engineEndpoint: () => 'unix:///tmp/test-engine.sock',
    throttleMs: 20,
  });
  services.push(service);
  return { engine, service };
}

function credentialsFrom(source: CredentialSource, auth: DockerAuthConfig): PullCredentials {
  return { explanation: { source, summary: `uses credentials from ${source}`, reason: `uses credentials from ${source}`, username: 'alice' }, auth };
}

const passwordAuth: DockerAuthConfig = { username: 'alice', password: PASSWORD, serveraddress: '127.0.0.1:5001' };
const rejected = () => Object.assign(new Error('unauthorized: authentication required'), { statusCode: 500 });

describe('the anonymous retry after rejected credentials', () => {
  it.each(['registry', 'default-registry', 'docker-config', 'credential-helper'] as const)('retries credentials from %s once without them', async (source) => {
    const { engine, service } = setup(credentialsFrom(source, passwordAuth));
    engine.pullError = (options) => (options.authconfig ? rejected() : undefined);
    const view = service.start({ image: IMAGE });
    const anonymous = await engine.pullCount(1);
    expect(anonymous.options.authconfig).toBeUndefined();
    succeed(anonymous);
    const final = await service.waitFor(view.id);
    expect(final.state).toBe('done');
    expect(final.notes).toHaveLength(1);
    expect(final.notes[0]).toContain('pulled anonymously');
  });

  it('does not retry one-time credentials', async () => {
    const { engine, service } = setup(credentialsFrom('one-time', passwordAuth));
    let calls = 0;
    engine.pullError = () => {
      calls += 1;
      return rejected();
    };
    const final = await service.waitFor(service.start({ image: IMAGE }).id);
    expect(calls).toBe(1);
    expect(final).toMatchObject({ state: 'failed', error: { code: 'UNAUTHORIZED' } });
  });
});

describe('secrets in a failed pull', () => {
  const identityAuth: DockerAuthConfig = { username: 'alice', identitytoken: IDENTITY_TOKEN, serveraddress: '127.0.0.1:5001' };
  const registryAuthHeader = (auth: DockerAuthConfig, encoding: 'base64' | 'base64url') => Buffer.from(JSON.stringify(auth)).toString(encoding);

  it.each([
    ['an identity token, as sent', identityAuth, IDENTITY_TOKEN, (secret: string) => `denied for token ${secret} and again ${secret}`],
    ['an identity token inside X-Registry-Auth (base64url)', identityAuth, IDENTITY_TOKEN, () => `bad header X-Registry-Auth: ${registryAuthHeader(identityAuth, 'base64url')}`],
    ['a password inside X-Registry-Auth (base64)', passwordAuth, PASSWORD, () => `bad header X-Registry-Auth: ${registryAuthHeader(passwordAuth, 'base64')}`],
    ['a password in a Basic header', passwordAuth, PASSWORD, () => `sent Authorization: Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`],
    ['a password, JSON-escaped and URL-encoded', { ...passwordAuth, password: `${PASSWORD} "/&?` }, `${PASSWORD} "/&?`, (secret: string) => `${JSON.stringify({ password: secret })} ?p=${encodeURIComponent(secret)}`],
  ])('removes %s from every part of the failure, every time it occurs', async (_name, auth, secret, engineSays) => {
    const { engine, service } = setup(credentialsFrom('docker-config', auth));
    const message = `${engineSays(secret)} | ${engineSays(secret)}`;
    engine.pullError = () => Object.assign(new Error(`manifest unknown: ${message}`), { statusCode: 404, json: { message: `manifest unknown: ${message}` } });
    const final = await service.waitFor(service.start({ image: IMAGE }).id);
    expect(final.state).toBe('failed');
    expect(final.error?.detail).toContain('•••');
    const shown = JSON.stringify(final);
    expect(shown).not.toContain(secret);
    for (const form of [secret, Buffer.from(secret).toString('base64').slice(0, -4), Buffer.from(`alice:${secret}`).toString('base64'), registryAuthHeader(auth, 'base64'), registryAuthHeader(auth, 'base64url')]) {
      expect(shown).not.toContain(form);
    }
  });
});
