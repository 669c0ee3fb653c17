/**
 * The advice of a credential failure names the place where the credentials came from: the fields the user just
 * typed, a stored registry, the Docker config, a credential helper, or nothing at all. One implementation
 * (`describeFailure`) serves pulls, stacks and the Registries screen's "Test".
 */
import { describe, expect, it } from 'vitest';
import { describeFailure, type CredentialOrigin, type FailureCode } from '../../../main/core/failures';

const host = '127.0.0.1:5002';
const image = `${host}/private/app:1`;
const advise = (code: FailureCode, credentialSource: CredentialOrigin | undefined) =>
  describeFailure(code, { image, registryHost: host, credential: 'whatever was used', credentialSource }, 'unauthorized: authentication required');

describe('credential failure advice, per credential source', () => {
  it('one-time credentials: the username or password typed was rejected — type them again; no stored registry is mentioned', () => {
    const failure = advise('UNAUTHORIZED', { source: 'one-time' });
    expect(failure.fix).toMatch(/username or password you typed was rejected/i);
    expect(failure.fix).toMatch(/type them again/i);
    expect(`${failure.cause} ${failure.fix}`).not.toMatch(/Registries|stored|registry for/i);
    expect(advise('DENIED', { source: 'one-time' }).fix).toMatch(/account you typed/i);
  });

  it('a stored registry: edit that registry, by name', () => {
    for (const source of ['registry', 'default-registry'] as const) {
      const failure = advise('UNAUTHORIZED', { source, registry: { name: 'Bench Alice' } });
      expect(failure.fix).toMatch(/^Edit registry “Bench Alice” in Registries/);
      expect(failure.fix).not.toMatch(/docker login/);
    }
    expect(advise('CREDENTIALS_UNAVAILABLE', { source: 'registry', registry: { name: 'Team' } }).fix).toMatch(/registry “Team”/);
  });

  it('the Docker config: run docker login for that host', () => {
    const failure = advise('UNAUTHORIZED', { source: 'docker-config', configFile: '/home/me/.docker/config.json' });
    expect(failure.fix).toContain(`docker login ${host}`);
    expect(failure.fix).toContain('/home/me/.docker/config.json');
    expect(failure.fix).not.toMatch(/Edit registry/);
  });

  it('a credential helper: check the helper (and log in again through it)', () => {
    const failure = advise('UNAUTHORIZED', { source: 'credential-helper', helper: 'docker-credential-pass' });
    expect(failure.fix).toMatch(/^Check the credential helper docker-credential-pass/);
    expect(failure.fix).toContain(`docker login ${host}`);
    expect(advise('CREDENTIALS_UNAVAILABLE', { source: 'credential-helper', helper: 'docker-credential-pass' }).fix).toMatch(/docker-credential-pass/);
  });

  it('anonymous: add credentials for the host (and a stored registry without any is named)', () => {
    expect(advise('UNAUTHORIZED', { source: 'anonymous' }).fix).toMatch(new RegExp(`^Add credentials for ${host.replace(/\./g, '\\.')}`));
    expect(advise('DENIED', { source: 'anonymous' }).fix).toContain(`add credentials for ${host}`);
    expect(advise('RATE_LIMITED', { source: 'anonymous' }).fix).toContain(`add credentials for ${host}`);
    expect(advise('UNAUTHORIZED', { source: 'anonymous', registry: { name: 'Public mirror' } }).fix).toMatch(/registry “Public mirror” has no credentials/i);
  });

  it('when the source is not known yet, the advice stays general', () => {
    expect(advise('UNAUTHORIZED', undefined).fix).toMatch(/Which credentials will this image use/);
  });
});

describe('platform failures', () => {
  it('carry the platforms the image offers, so the page can offer a pull of each', () => {
    const failure = describeFailure('PLATFORM', { image, credential: 'x', platform: 'linux/s390x', platforms: ['linux/amd64', 'linux/arm64/v8'] }, 'no matching manifest');
    expect(failure.platforms).toEqual(['linux/amd64', 'linux/arm64/v8']);
    expect(describeFailure('PLATFORM', { image, credential: 'x' }, 'no matching manifest').platforms).toBeUndefined();
  });
});
