import { describe, expect, it } from 'vitest';
import { classifyEngineError, classifyMessage, describeFailure, messageOf } from '../../../main/core/failures';
import { describeCredentialUsed } from '../../../main/core/pull/credentials';

describe('error catalogue additions for pulls', () => {
  it('describes credentials that could not be read, keeping the resolver’s message as the cause', () => {
    const failure = describeFailure(
      'CREDENTIALS_UNAVAILABLE',
      { image: 'ghcr.io/team/app:1', credential: 'stored registry “Team”' },
      "The stored password or token of registry 'Team' could not be decrypted, so the pull was not attempted.",
    );
    expect(failure).toMatchObject({ code: 'CREDENTIALS_UNAVAILABLE', title: 'The credentials for ghcr.io/team/app:1 could not be read' });
    expect(failure.cause).toContain("registry 'Team' could not be decrypted");
    expect(failure.fix).toContain('one-time credentials');
  });

  it('names registry, pattern and account of a stored registry in the failure text', () => {
    expect(
      describeCredentialUsed({
        source: 'registry',
        summary: '…',
        reason: '…',
        registry: { id: 'r', name: 'Team' },
        pattern: { written: 'team/*', expanded: '127.0.0.1:5001/team/*' },
        username: 'alice',
      }),
    ).toBe('stored registry “Team” via pattern 127.0.0.1:5001/team/* as alice');
    expect(describeCredentialUsed({ source: 'anonymous', summary: '…', reason: '…' })).toBe('no credentials (anonymous)');
    expect(describeCredentialUsed(undefined)).toBe('none chosen yet');
  });

  it('classifies the engine texts the pull tests meet', () => {
    expect(classifyMessage('manifest for 127.0.0.1:5001/stevedore/small:nope not found: manifest unknown: manifest unknown')).toBe('NOT_FOUND');
    expect(classifyMessage('Get "https://untrusted.test:5443/v2/": x509: certificate signed by unknown authority')).toBe('TLS');
    expect(classifyMessage('Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused')).toBe('REGISTRY_UNREACHABLE');
  });
});

describe('messageOf on docker-modem errors', () => {
  it('gives the engine’s words of a streaming call without the modem’s "(HTTP code …) … - " label', () => {
    const error = Object.assign(new Error('(HTTP code 500) server error - Head "http://127.0.0.1:5001/v2/x/manifests/1.0": no basic auth credentials '), {
      statusCode: 500,
      json: null,
    });
    expect(messageOf(error)).toBe('Head "http://127.0.0.1:5001/v2/x/manifests/1.0": no basic auth credentials');
    expect(classifyEngineError(error)).toBe('UNAUTHORIZED');
  });

  it('prefers the JSON message, and leaves errors without a status alone', () => {
    expect(messageOf(Object.assign(new Error('(HTTP code 401) unauthorized - x'), { statusCode: 401, json: { message: 'unauthorized: authentication required' } }))).toBe(
      'unauthorized: authentication required',
    );
    expect(messageOf(Object.assign(new Error('connect ENOENT /run/docker.sock'), { code: 'ENOENT' }))).toBe('connect ENOENT /run/docker.sock');
  });
});
