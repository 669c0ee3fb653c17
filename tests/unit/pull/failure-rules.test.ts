/**
 * Every phrase of every rule of the error catalogue (main/core/failures.ts) on its own: each text below carries one
 * phrase of its class and nothing an earlier rule knows, so a phrase removed or changed fails its own line (the
 * texts are the engine's and registries' wording: Docker Engine, containerd, distribution, Docker Hub, GHCR).
 * Also what the catalogue tells the user in the cases its wording depends on: platforms, the rate limit, the
 * engine's address, an empty message, and the engine's own errors.
 */
import { describe, expect, it } from 'vitest';
import { classifyEngineError, classifyMessage, describeFailure, messageOf, type FailureCode } from '../../../main/core/failures';

const ONE_PHRASE_EACH: ReadonlyArray<[FailureCode, string]> = [
  ['PLATFORM', 'no matching manifest for linux/s390x in the manifest list entries'],
  ['PLATFORM', 'image with reference ghcr.io/team/app:1.0 was found but its platform (linux/amd64) does not match the specified platform (linux/arm64)'],
  ['PLATFORM', 'image with reference ghcr.io/team/app:1.0 was found but does not match'],
  ['TLS', 'Get "https://registry.test/v2/": x509: certificate has expired or is not yet valid'],
  ['TLS', 'Get "https://registry.test/v2/": certificate signed by unknown authority'],
  ['TLS', 'http: server gave HTTP response to HTTPS client'],
  ['TLS', 'remote error: tls: handshake failure'],
  ['TLS', 'the certificate is not valid for registry.test'],
  ['RATE_LIMITED', 'toomanyrequests: retry later'],
  ['RATE_LIMITED', 'unexpected status: Too Many Requests'],
  ['RATE_LIMITED', 'unexpected status code 429'],
  ['DENIED', 'denied: requested access to the resource is denied'],
  ['DENIED', 'pull access denied for team/private, repository does not exist'],
  ['DENIED', 'insufficient_scope: authorization failed'],
  ['UNAUTHORIZED', 'Head "https://ghcr.io/v2/team/app/manifests/1.0": unauthorized'],
  ['UNAUTHORIZED', 'get https://127.0.0.1:5001/v2/: no basic auth credentials'],
  ['UNAUTHORIZED', 'incorrect username or password'],
  ['UNAUTHORIZED', 'authentication required'],
  ['UNAUTHORIZED', 'unexpected status code 401'],
  ['NOT_FOUND', 'manifest unknown'],
  ['NOT_FOUND', 'manifest for ghcr.io/team/app:nope not found'],
  ['NOT_FOUND', 'repository name not known to registry'],
  ['NOT_FOUND', 'name unknown'],
  ['NOT_FOUND', 'reference does not exist'],
  ['FORBIDDEN', 'error parsing HTTP 403 response body: unexpected end of JSON input'],
  ['FORBIDDEN', 'unexpected status code 403'],
  ['FORBIDDEN', 'Forbidden by the proxy'],
  ['REGISTRY_UNREACHABLE', 'dial tcp: lookup nowhere.invalid: no such host'],
  ['REGISTRY_UNREACHABLE', 'dial tcp 127.0.0.1:5999: connect: connection refused'],
  ['REGISTRY_UNREACHABLE', 'dial tcp 10.0.0.1:443: i/o timeout'],
  ['REGISTRY_UNREACHABLE', 'dial tcp 10.0.0.1:443: connect: network is unreachable'],
  ['REGISTRY_UNREACHABLE', 'read tcp 10.0.0.2:50000->10.0.0.1:443: read: connection reset by peer'],
  ['REGISTRY_UNREACHABLE', 'net/http: request canceled (context deadline exceeded)'],
  ['REGISTRY_UNREACHABLE', 'dial tcp: lookup registry.test on 127.0.0.53:53: server misbehaving'],
  ['REGISTRY_UNREACHABLE', 'Get "https://registry.test/v2/": EOF'],
];

describe('classifyMessage, one phrase at a time', () => {
  it.each(ONE_PHRASE_EACH)('%s: %j', (code, said) => {
    expect(classifyMessage(said)).toBe(code);
  });

  it('reads the phrases whatever their case', () => {
    expect(classifyMessage('NO MATCHING MANIFEST for linux/s390x')).toBe('PLATFORM');
    expect(classifyMessage('TOOMANYREQUESTS')).toBe('RATE_LIMITED');
    expect(classifyMessage('Unauthorized')).toBe('UNAUTHORIZED');
    expect(classifyMessage('MANIFEST UNKNOWN')).toBe('NOT_FOUND');
  });

  it('takes the numbers 429, 401 and 403 only as whole numbers, and EOF only at the end', () => {
    expect(classifyMessage('layer sha256:14290 failed')).toBe('UNKNOWN');
    expect(classifyMessage('layer sha256:40123 failed')).toBe('UNKNOWN');
    expect(classifyMessage('layer sha256:94031 failed')).toBe('UNKNOWN');
    expect(classifyMessage('EOF in the middle of the text')).toBe('UNKNOWN');
  });
});

describe('classifyEngineError', () => {
  const socketError = (code: string, message = `connect ${code} /var/run/docker.sock`) => Object.assign(new Error(message), { code });

  it('calls every socket failure of the engine itself ENGINE_UNREACHABLE', () => {
    for (const code of ['ENOENT', 'ECONNREFUSED', 'EPIPE', 'ECONNRESET', 'EACCES', 'ENGINE_UNREACHABLE']) {
      expect(classifyEngineError(socketError(code)), code).toBe('ENGINE_UNREACHABLE');
    }
  });

  it('reads the message instead when the engine answered (a status), or when the failure is about a registry', () => {
    expect(classifyEngineError(Object.assign(socketError('ECONNREFUSED', 'dial tcp 127.0.0.1:5999: connect: connection refused'), { statusCode: 500 }))).toBe('REGISTRY_UNREACHABLE');
    expect(classifyEngineError(socketError('ECONNRESET', 'Get "https://registry.test/v2/": read: connection reset by peer'))).toBe('REGISTRY_UNREACHABLE');
    expect(classifyEngineError(socketError('ECONNREFUSED', 'the registry at 127.0.0.1:5999: connection refused'))).toBe('REGISTRY_UNREACHABLE');
    expect(classifyEngineError(socketError('ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:2376'))).toBe('UNKNOWN');
  });

  it('keeps Stevedore’s own refusal to send credentials to an insecure engine', () => {
    expect(classifyEngineError(socketError('ENGINE_INSECURE_FOR_CREDENTIALS', 'plain tcp'))).toBe('ENGINE_INSECURE_FOR_CREDENTIALS');
  });

  it('classifies what is not an Error by its text', () => {
    expect(classifyEngineError('manifest unknown')).toBe('NOT_FOUND');
    expect(messageOf(42)).toBe('42');
  });
});

describe('messageOf', () => {
  it('takes the engine’s words off the modem’s label only when the engine answered, and trims them', () => {
    expect(messageOf(Object.assign(new Error('(HTTP code 404) no such image - manifest unknown  '), { statusCode: 404 }))).toBe('manifest unknown');
    expect(messageOf(new Error('(HTTP code 404) no such image - manifest unknown'))).toBe('(HTTP code 404) no such image - manifest unknown');
    expect(messageOf(Object.assign(new Error('label (HTTP code 404) x - y'), { statusCode: 404 }))).toBe('label (HTTP code 404) x - y');
  });

  it('ignores a JSON answer without a message', () => {
    expect(messageOf(Object.assign(new Error('(HTTP code 500) server error - boom'), { statusCode: 500, json: { message: 7 } }))).toBe('boom');
  });
});

describe('describeFailure: wording that depends on the case', () => {
  const context = { image: 'ghcr.io/team/app:1.0', registryHost: 'ghcr.io', credential: "registry 'Team' as alice" };

  it('lists the platforms an image offers, or says it does not offer the one asked for', () => {
    const offered = describeFailure('PLATFORM', { ...context, platform: 'linux/s390x', platforms: ['linux/amd64', 'linux/arm64'] }, 'no matching manifest');
    expect(offered.title).toBe('ghcr.io/team/app:1.0 is not available for linux/s390x');
    expect(offered.cause).toBe('The image offers: linux/amd64, linux/arm64.');
    expect(offered.fix).toMatch(/^Pull one of the platforms the image offers/);
    const unknown = describeFailure('PLATFORM', { ...context, platforms: [] }, 'no matching manifest');
    expect(unknown.title).toBe('ghcr.io/team/app:1.0 is not available for this platform');
    expect(unknown.cause).toBe('The image does not offer the requested platform.');
    expect(unknown.fix).toMatch(/^Choose one of the platforms the image has/);
    expect(unknown.platforms).toBeUndefined();
  });

  it('asks an anonymous user hitting a rate limit to sign in, and a signed-in one to wait, naming the account', () => {
    expect(describeFailure('RATE_LIMITED', { ...context, credentialSource: { source: 'anonymous' } }, 'toomanyrequests').fix).toMatch(/^Sign in: add credentials for ghcr\.io in Registries/);
    const signedIn = describeFailure('RATE_LIMITED', { ...context, credentialSource: { source: 'registry', registry: { name: 'Team' } } }, 'toomanyrequests');
    expect(signedIn.fix).toBe("Wait and try again later: the account used (registry 'Team' as alice) has reached the registry's limit for now.");
    expect(signedIn.title).toBe('ghcr.io is rate limiting pulls');
  });

  it('names the engine’s address when it is known', () => {
    expect(describeFailure('ENGINE_UNREACHABLE', { ...context, engineEndpoint: 'unix:///var/run/docker.sock' }, '').cause).toBe(
      'Stevedore could not talk to the engine at unix:///var/run/docker.sock.',
    );
    expect(describeFailure('ENGINE_UNREACHABLE', context, '').cause).toBe('Stevedore could not talk to the engine.');
    expect(describeFailure('ENGINE_INSECURE_FOR_CREDENTIALS', { ...context, engineEndpoint: 'tcp://10.0.0.5:2375' }, '').title).toBe(
      'Credentials were not sent to the engine at tcp://10.0.0.5:2375',
    );
    expect(describeFailure('ENGINE_INSECURE_FOR_CREDENTIALS', context, '').title).toBe('Credentials were not sent to the engine at a remote address');
  });

  it('says the engine gave no message rather than showing nothing, and keeps the message it gave', () => {
    expect(describeFailure('UNKNOWN', context, '').detail).toBe('(no message from the engine)');
    expect(describeFailure('UNKNOWN', context, 'boom').detail).toBe('boom');
  });

  it('names the registry and the image, or says which it could not name', () => {
    expect(describeFailure('NOT_FOUND', context, 'manifest unknown').title).toBe('ghcr.io/team/app:1.0 was not found');
    expect(describeFailure('NOT_FOUND', { credential: 'anonymous' }, 'manifest unknown').title).toBe('the image was not found');
    expect(describeFailure('FORBIDDEN', context, '403').title).toBe('ghcr.io refused the request');
    expect(describeFailure('FORBIDDEN', { credential: 'anonymous' }, '403').title).toBe('the registry refused the request');
    expect(describeFailure('TLS', context, 'x509').fix).toContain('certs.d/ghcr.io/ca.crt');
  });

  // No credentials were sent: "the credentials sent (no credentials (anonymous)) were missing or wrong" said neither.
  it('says an anonymous pull sent no credentials, and which registry matched without any', () => {
    const anonymous = { ...context, credential: 'no credentials (anonymous)', credentialSource: { source: 'anonymous' as const } };
    expect(describeFailure('UNAUTHORIZED', anonymous, 'unauthorized')).toMatchObject({
      title: 'ghcr.io needs credentials',
      cause: 'The registry asked for authentication, and the pull sent no credentials: neither Registries nor the Docker config has any for this image.',
    });
    const none = { ...anonymous, credentialSource: { source: 'anonymous' as const, registry: { name: 'Public' } } };
    expect(describeFailure('UNAUTHORIZED', none, 'unauthorized').cause).toBe('The registry asked for authentication, and the pull sent no credentials: registry “Public”, which matches this image, has none.');
    expect(describeFailure('DENIED', anonymous, 'denied').cause).toBe('The pull sent no credentials, and the registry gives anonymous pulls no access to this repository, or the repository does not exist.');
    // With credentials, as before.
    expect(describeFailure('UNAUTHORIZED', context, 'unauthorized')).toMatchObject({
      title: 'ghcr.io did not accept the credentials',
      cause: "The registry asked for authentication and the credentials sent (registry 'Team' as alice) were missing or wrong.",
    });
  });

  it('tells a registry that did not answer from its sign-in service that did not', () => {
    const registryDown = describeFailure('REGISTRY_UNREACHABLE', context, 'Get "https://ghcr.io/v2/": dial tcp 140.82.1.1:443: i/o timeout');
    expect(registryDown.title).toBe('ghcr.io could not be reached');
    const tokenDown = describeFailure(
      'REGISTRY_UNREACHABLE',
      context,
      'Head "https://ghcr.io/v2/team/app/manifests/1.0": Get "https://auth.ghcr.test:8443/token?scope=x": dial tcp 10.0.0.9:8443: connect: connection refused',
    );
    expect(tokenDown.title).toBe('The sign-in service of ghcr.io (auth.ghcr.test:8443) could not be reached');
    expect(tokenDown.cause).toContain('sent the engine to auth.ghcr.test:8443 for a sign-in token');
    // Only the engine's own nesting of a token request names a sign-in service.
    expect(describeFailure('REGISTRY_UNREACHABLE', context, 'see Get "https://auth.ghcr.test/token": dial tcp 10.0.0.9:443: i/o timeout').title).toBe('ghcr.io could not be reached');
  });
});

describe('describeFailure: advice no other test reached (the mutation run found no coverage)', () => {
  const context = (credentialSource: Parameters<typeof describeFailure>[1]['credentialSource']) => ({ image: 'ghcr.io/team/app:1.0', registryHost: 'ghcr.io', credential: 'x', credentialSource });

  it('a denial names the registry whose account was used, the docker login account, or the pattern to check', () => {
    expect(describeFailure('DENIED', context({ source: 'default-registry', registry: { name: 'Team' } }), 'denied').fix).toContain('the account of registry “Team” has pull access');
    expect(describeFailure('DENIED', context({ source: 'registry' }), 'denied').fix).toContain('the account of registry “ghcr.io”');
    expect(describeFailure('DENIED', context({ source: 'credential-helper', helper: 'pass' }), 'denied').fix).toContain('the account you signed in with ("docker login ghcr.io")');
    expect(describeFailure('DENIED', context(undefined), 'denied').fix).toBe('Check the image name, and that an Image Pattern of the right registry matches it.');
  });

  it('credentials that could not be read: repair the named Docker config, or check the helper named in it', () => {
    expect(describeFailure('CREDENTIALS_UNAVAILABLE', context({ source: 'docker-config', configFile: '/home/me/.docker/config.json' }), 'bad').fix).toBe(
      'Repair the Docker config (/home/me/.docker/config.json) as the message says, or pull with one-time credentials.',
    );
    expect(describeFailure('CREDENTIALS_UNAVAILABLE', context({ source: 'docker-config' }), 'bad').fix).toBe('Repair the Docker config as the message says, or pull with one-time credentials.');
    expect(describeFailure('CREDENTIALS_UNAVAILABLE', context({ source: 'credential-helper' }), 'bad').fix).toContain('Check the credential helper named in your Docker config');
  });

  it('a denial and a missing image say what happened and why', () => {
    expect(describeFailure('DENIED', context(undefined), 'denied')).toMatchObject({
      title: 'Access to ghcr.io/team/app:1.0 was denied',
      cause: 'The account used (x) has no pull access to this repository, or the repository does not exist.',
    });
    expect(describeFailure('NOT_FOUND', context(undefined), 'manifest unknown')).toMatchObject({
      cause: 'The registry has no manifest for this tag or digest.',
      fix: 'Check the tag (or digest) exists in the registry.',
    });
  });

  it('classifies a rejection without any error value instead of throwing', () => {
    expect(classifyEngineError(undefined)).toBe('UNKNOWN');
  });

  it('an invalid reference keeps the parser’s words as the cause', () => {
    expect(describeFailure('REFERENCE_INVALID', context(undefined), 'uppercase letters are not allowed')).toMatchObject({
      title: 'That is not a valid image reference',
      cause: 'uppercase letters are not allowed',
      fix: 'Correct the image name.',
    });
  });
});
