/**
 * Every class of the error catalogue (main/core/failures.ts) tells the user what happened, why, and what to do
 * (pulls.md): no class may answer with an empty title, cause or fix, and each says something of its own. The
 * mutation run at b19c8e4 (docs/mutation.md) emptied these texts for FORBIDDEN, RATE_LIMITED, TLS,
 * REGISTRY_UNREACHABLE, ENGINE_UNREACHABLE, ENGINE_INSECURE_FOR_CREDENTIALS, KEYRING_NO_ANSWER, CANCELLED and
 * UNKNOWN without any test noticing.
 */
import { describe, expect, it } from 'vitest';
import { describeFailure, type CredentialOrigin, type FailureCode } from '../../../main/core/failures';

/** Every class; a `Record` so that a class added to `FailureCode` and not here fails the type check. */
const EVERY_CLASS: Record<FailureCode, true> = {
  UNAUTHORIZED: true,
  DENIED: true,
  NOT_FOUND: true,
  PLATFORM: true,
  FORBIDDEN: true,
  RATE_LIMITED: true,
  TLS: true,
  REGISTRY_UNREACHABLE: true,
  ENGINE_UNREACHABLE: true,
  REFERENCE_INVALID: true,
  CREDENTIALS_UNAVAILABLE: true,
  KEYRING_NO_ANSWER: true,
  ENGINE_INSECURE_FOR_CREDENTIALS: true,
  CANCELLED: true,
  UNKNOWN: true,
};
const codes = Object.keys(EVERY_CLASS) as FailureCode[];

const context = { image: 'ghcr.io/team/app:1.0', registryHost: 'ghcr.io', credential: 'stored registry “Team”' };
const detail = 'what the engine said';

describe('the wording of every failure class', () => {
  it.each(codes)('%s has a title, a cause and a fix', (code) => {
    const failure = describeFailure(code, context, detail);
    expect(failure.code).toBe(code);
    expect(failure.title.trim()).not.toBe('');
    expect(failure.cause.trim()).not.toBe('');
    expect(failure.fix.trim()).not.toBe('');
  });

  it('gives each class a title of its own, and a cause different from its fix', () => {
    const failures = codes.map((code) => describeFailure(code, context, detail));
    expect(new Set(failures.map((failure) => failure.title)).size).toBe(codes.length);
    for (const failure of failures) expect(failure.cause, failure.code).not.toBe(failure.fix);
  });

  it('names what it is about: the registry, the image, the credentials used', () => {
    expect(describeFailure('TLS', context, detail).title).toContain('ghcr.io');
    expect(describeFailure('KEYRING_NO_ANSWER', context, detail).title).toContain('ghcr.io/team/app:1.0');
    expect(describeFailure('ENGINE_INSECURE_FOR_CREDENTIALS', context, detail).cause).toContain('stored registry “Team”');
  });

  it('asks to wait at a rate limit when it does not know where the credentials came from', () => {
    const failure = describeFailure('RATE_LIMITED', context, 'toomanyrequests: retry later');
    expect(failure.fix).toBe("Wait and try again later: the account used (stored registry “Team”) has reached the registry's limit for now.");
  });
});

describe('advice where the origin of the credentials is known only in part', () => {
  const advise = (code: FailureCode, credentialSource: CredentialOrigin) => describeFailure(code, { ...context, credentialSource }, detail).fix;

  it('a rejected Docker config login or helper without a file or helper name still says what to run', () => {
    expect(advise('UNAUTHORIZED', { source: 'docker-config' })).toBe(
      'Run "docker login ghcr.io" again: the login saved in your Docker config was rejected. Or add a registry for ghcr.io in Registries.',
    );
    expect(advise('UNAUTHORIZED', { source: 'credential-helper' })).toBe(
      'Check the credential helper named in your Docker config: the credentials it gave were rejected. Run "docker login ghcr.io" to store current ones in it.',
    );
  });

  it('a denial with credentials from the Docker config points at the docker login account', () => {
    expect(advise('DENIED', { source: 'docker-config' })).toBe(
      'Check the image name, and that the account you signed in with ("docker login ghcr.io") has pull access to it.',
    );
  });

  it('unreadable credentials of the default registry name that registry', () => {
    expect(advise('CREDENTIALS_UNAVAILABLE', { source: 'default-registry', registry: { name: 'Company Hub' } })).toBe(
      'Enter the password or token of registry “Company Hub” again in Registries, or pull with one-time credentials.',
    );
  });

  it('unreadable credentials of a stored registry whose name is not known still answer (the advice stays general)', () => {
    expect(advise('CREDENTIALS_UNAVAILABLE', { source: 'registry' })).toMatch(/^Enter the password or token of registry .* again in Registries/);
  });
});
