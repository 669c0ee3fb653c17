/**
 * The error catalogue's classes, each from the words real engines and registries use (Docker Engine, containerd,
 * the distribution registry, Docker Hub, GHCR, Harbor). Every rule of `classifyMessage` is named here, so
 * deleting or reordering one fails a test.
 */
import { describe, expect, it } from 'vitest';
import { classifyEngineError, classifyMessage, type FailureCode } from '../../../main/core/failures';

const SAID: ReadonlyArray<[FailureCode, string]> = [
  ['DENIED', 'pull access denied for team/private, repository does not exist or may require \'docker login\': denied: requested access to the resource is denied'],
  ['DENIED', 'denied: requested access to the resource is denied'],
  ['DENIED', 'failed to authorize: failed to fetch anonymous token: insufficient_scope: authorization failed'],
  ['RATE_LIMITED', 'toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading'],
  ['RATE_LIMITED', 'unexpected status from GET request: 429 Too Many Requests'],
  ['FORBIDDEN', 'error parsing HTTP 403 response body: unexpected end of JSON input: ""'],
  ['FORBIDDEN', 'unexpected status code 403 Forbidden'],
  ['UNAUTHORIZED', 'Head "https://ghcr.io/v2/team/app/manifests/1.0": unauthorized'],
  ['UNAUTHORIZED', 'get https://127.0.0.1:5001/v2/: no basic auth credentials'],
  ['UNAUTHORIZED', 'unauthorized: incorrect username or password'],
  ['NOT_FOUND', 'manifest for ghcr.io/team/app:nope not found: manifest unknown: manifest unknown'],
  ['NOT_FOUND', 'name unknown: repository name not known to registry'],
  ['PLATFORM', 'no matching manifest for linux/s390x in the manifest list entries'],
  ['TLS', 'Get "https://registry.test/v2/": x509: certificate signed by unknown authority'],
  ['TLS', 'http: server gave HTTP response to HTTPS client'],
  ['REGISTRY_UNREACHABLE', 'Get "https://nowhere.invalid/v2/": dial tcp: lookup nowhere.invalid: no such host'],
  ['REGISTRY_UNREACHABLE', 'Get "https://10.0.0.1/v2/": dial tcp 10.0.0.1:443: i/o timeout'],
  ['UNKNOWN', 'something no rule knows about'],
];

describe('classifyMessage', () => {
  it.each(SAID)('classifies as %s: %j', (code, message) => {
    expect(classifyMessage(message)).toBe(code);
  });

  it('prefers the more specific class where two rules match', () => {
    // A denial also says "unauthorized"-like things in some registries; DENIED must win over UNAUTHORIZED.
    expect(classifyMessage('denied: requested access to the resource is denied (401 unauthorized)')).toBe('DENIED');
    // Docker Hub's rate limit answer mentions 429; it is not a 403 or a plain failure.
    expect(classifyMessage('toomanyrequests: 429 forbidden for now')).toBe('RATE_LIMITED');
  });

  it('tells an unreachable engine from a registry behind it', () => {
    expect(classifyEngineError(Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), { code: 'ECONNREFUSED' }))).toBe('ENGINE_UNREACHABLE');
    expect(classifyEngineError(Object.assign(new Error('pull access denied for x'), { statusCode: 404 }))).toBe('DENIED');
  });
});
