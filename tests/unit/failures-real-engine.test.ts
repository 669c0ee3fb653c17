/**
 * The error catalogue against the words Docker Engine 20.10 really gave on the test bench
 * (tests/integration/error-catalogue.test.ts pulls each of them; copied here so the classifier is checked without
 * an engine). Host names are the bench's: 127.0.0.3:5003 is the token registry, 127.0.0.3:41149 a fault proxy.
 */
import { describe, expect, it } from 'vitest';
import { classifyMessage, describeFailure, type FailureCode } from '../../main/core/failures';

const RECORDED: ReadonlyArray<[FailureCode, string]> = [
  ['UNAUTHORIZED', 'unauthorized: authentication required'],
  ['UNAUTHORIZED', 'Head "http://127.0.0.1:5001/v2/stevedore/small/manifests/1.0": no basic auth credentials'],
  ['UNAUTHORIZED', 'Head "http://127.0.0.3:5003/v2/team/app/manifests/1.0": unauthorized: incorrect username or password'],
  ['UNAUTHORIZED', 'Get "http://127.0.0.3:5003/v2/": unauthorized: incorrect username or password'],
  [
    'DENIED',
    "pull access denied for 127.0.0.3:5003/team/tool, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
  ],
  ['NOT_FOUND', 'manifest for 127.0.0.3:5003/team/app:does-not-exist not found: manifest unknown: manifest unknown'],
  ['PLATFORM', 'no matching manifest for linux/s390x in the manifest list entries'],
  [
    'FORBIDDEN',
    'error parsing HTTP 403 response body: invalid character \'<\' looking for beginning of value: "<!DOCTYPE html>\\n<html><head><title>403 Forbidden</title></head></html>\\n"',
  ],
  [
    'RATE_LIMITED',
    'toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit',
  ],
  ['TLS', 'Get "https://untrusted.test:5443/v2/": x509: certificate signed by unknown authority'],
  ['REGISTRY_UNREACHABLE', 'Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused'],
  [
    'REGISTRY_UNREACHABLE',
    'Head "http://127.0.0.3:41149/v2/public/small/manifests/1.0": Get "http://127.0.0.1:5999/token?scope=repository%3Apublic%2Fsmall%3Apull&service=stevedore-bench-token": dial tcp 127.0.0.1:5999: connect: connection refused',
  ],
];

describe('classifying what the engine really said', () => {
  it.each(RECORDED)('%s ← %s', (code, text) => {
    expect(classifyMessage(text)).toBe(code);
  });

  it('a page where a token was expected stays UNKNOWN, with the engine’s words kept', () => {
    const text = `Head "http://127.0.0.3:41149/v2/public/small/manifests/1.0": unable to decode token response: invalid character '<' looking for beginning of value`;
    expect(classifyMessage(text)).toBe('UNKNOWN');
    expect(describeFailure('UNKNOWN', { credential: 'anonymous' }, text).detail).toBe(text);
  });
});

describe('an unreachable token server is named as the registry’s sign-in service', () => {
  const context = { registryHost: '127.0.0.3:41149', credential: 'anonymous' };

  it('names the address that did not answer when it is not the registry itself', () => {
    const text =
      'Head "http://127.0.0.3:41149/v2/public/small/manifests/1.0": Get "http://127.0.0.1:5999/token?scope=repository%3Apublic%2Fsmall%3Apull&service=x": dial tcp 127.0.0.1:5999: connect: connection refused';
    const failure = describeFailure('REGISTRY_UNREACHABLE', context, text);
    expect(failure.title).toBe('The sign-in service of 127.0.0.3:41149 (127.0.0.1:5999) could not be reached');
    expect(failure.cause).toBe('127.0.0.3:41149 answered, and sent the engine to 127.0.0.1:5999 for a sign-in token, but nothing answered there.');
    expect(failure.fix).toMatch(/firewall, proxy or VPN.*token service/);
  });

  it('a host name that does not resolve is named the same way', () => {
    const text =
      'Head "https://ghcr.example/v2/team/app/manifests/1.0": Get "https://auth.ghcr.example/token?scope=x": dial tcp: lookup auth.ghcr.example on 127.0.0.53:53: no such host';
    const failure = describeFailure('REGISTRY_UNREACHABLE', { registryHost: 'ghcr.example', credential: 'anonymous' }, text);
    expect(failure.title).toBe('The sign-in service of ghcr.example (auth.ghcr.example) could not be reached');
  });

  it('keeps the plain title when the registry itself did not answer', () => {
    const text = 'Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused';
    const failure = describeFailure('REGISTRY_UNREACHABLE', { registryHost: '127.0.0.1:5999', credential: 'anonymous' }, text);
    expect(failure.title).toBe('127.0.0.1:5999 could not be reached');
  });
});
