import { describe, expect, it } from 'vitest';
import { DOCKER_HUB, DOCKER_HUB_ALIASES, serverAddressFor } from '../../../main/core/credentials/address';
import { ImageReferenceError, isValidImageReference, parseImageReference } from '../../../main/core/credentials/reference';
import { StevedoreError } from '../../../main/core/errors';

const HEX64 = '0123456789abcdef'.repeat(4);
const DIGEST = `sha256:${HEX64}`;

function parseError(input: string): ImageReferenceError {
  try {
    parseImageReference(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ImageReferenceError);
    expect(error).toBeInstanceOf(StevedoreError);
    return error as ImageReferenceError;
  }
  throw new Error(`expected '${input}' to be refused`);
}

describe('parseImageReference: the examples of credentials.md §1', () => {
  it.each([
    ['nginx', 'docker.io', 'library/nginx', 'latest', undefined],
    ['nginx:1.25', 'docker.io', 'library/nginx', '1.25', undefined],
    ['user/app', 'docker.io', 'user/app', 'latest', undefined],
    ['docker.io/nginx', 'docker.io', 'library/nginx', 'latest', undefined],
    ['index.docker.io/library/nginx', 'docker.io', 'library/nginx', 'latest', undefined],
    ['localhost/x', 'localhost', 'x', 'latest', undefined],
    ['localhost:5000/team/app:1.0', 'localhost:5000', 'team/app', '1.0', undefined],
    ['ghcr.io/app', 'ghcr.io', 'app', 'latest', undefined],
    [`ghcr.io/o/a:v1@${DIGEST}`, 'ghcr.io', 'o/a', 'v1', DIGEST],
  ])('%s → host %s, path %s', (input, host, path, tag, digest) => {
    const reference = parseImageReference(input);
    expect(reference.host).toBe(host);
    expect(reference.path).toBe(path);
    expect(reference.tag).toBe(tag);
    expect(reference.digest).toBe(digest);
    expect(reference.name).toBe(`${host}/${path}`);
  });

  it('refuses Nginx: repository name must be lowercase', () => {
    const error = parseError('Nginx');
    expect(error.code).toBe('REFERENCE_INVALID');
    expect(error.message).toMatch(/repository name must be lowercase/);
    expect(error.message).toContain("'nginx'");
  });

  it('lets the digest decide what is pulled while keeping the tag for display', () => {
    const reference = parseImageReference(`ghcr.io/o/a:v1@${DIGEST}`);
    expect(reference.pullReference).toBe(`ghcr.io/o/a@${DIGEST}`);
    expect(reference.canonical).toBe(`ghcr.io/o/a:v1@${DIGEST}`);
    expect(reference.familiarReference).toBe(`ghcr.io/o/a:v1@${DIGEST}`);
  });
});

describe('parseImageReference: hosts', () => {
  it.each(DOCKER_HUB_ALIASES.map((alias) => [alias]))('maps the Docker Hub alias %s to docker.io', (alias) => {
    const reference = parseImageReference(`${alias}/nginx:1`);
    expect(reference.host).toBe(DOCKER_HUB);
    expect(reference.path).toBe('library/nginx');
  });

  it('treats a one-segment name as Docker Hub, even localhost', () => {
    expect(parseImageReference('localhost').name).toBe('docker.io/library/localhost');
    // Docker reads the ':' as a tag when there is no '/': `localhost:5000` is library/localhost tagged 5000.
    const reference = parseImageReference('localhost:5000');
    expect(reference.name).toBe('docker.io/library/localhost');
    expect(reference.tag).toBe('5000');
  });

  it('takes the first segment as a host when it has a dot, a colon or is localhost', () => {
    expect(parseImageReference('registry.example.com/team/app').host).toBe('registry.example.com');
    expect(parseImageReference('myhost:5000/app').host).toBe('myhost:5000');
    expect(parseImageReference('localhost/team/app').host).toBe('localhost');
    expect(parseImageReference('team/app').host).toBe('docker.io');
  });

  it('lower-cases hosts, so one registry is one host whatever the spelling', () => {
    const reference = parseImageReference('Registry.Example.COM:5000/team/app');
    expect(reference.host).toBe('registry.example.com:5000');
    expect(parseImageReference('LOCALHOST/x').host).toBe('localhost');
    expect(parseImageReference('Docker.IO/nginx').name).toBe('docker.io/library/nginx');
  });

  it('refuses a host recognised only by its capitals, saying how to write either meaning', () => {
    const error = parseError('MyRegistry/app');
    expect(error.message).toMatch(/capital letters/);
    expect(error.message).toContain('myregistry:5000/app');
    expect(error.message).toContain("'myregistry/app'");
  });

  it('accepts IPv4 and bracketed IPv6 hosts with ports', () => {
    expect(parseImageReference('127.0.0.1:5001/team/app:2').host).toBe('127.0.0.1:5001');
    const ipv6 = parseImageReference('[::1]:5000/x');
    expect(ipv6).toMatchObject({ host: '[::1]:5000', path: 'x', tag: 'latest', canonical: '[::1]:5000/x:latest' });
    expect(parseImageReference('[FE80::1]/x').host).toBe('[fe80::1]');
  });

  it('refuses bad hosts and ports with the reason', () => {
    expect(parseError('[::g]:5000/x').message).toMatch(/not an IPv6 address/);
    expect(parseError('host.io:0/x').message).toMatch(/port '0'/);
    expect(parseError('host.io:65536/x').message).toMatch(/65535/);
    expect(parseError('-bad.io/x').message).toMatch(/not a valid host name/);
    expect(parseError('under_score.io/x').message).toMatch(/not a valid host name/);
  });

  it('never adds library/ outside Docker Hub', () => {
    expect(parseImageReference('ghcr.io/app').path).toBe('app');
    expect(parseImageReference('localhost:5000/app').path).toBe('app');
    expect(parseImageReference('docker.io/team/app').path).toBe('team/app');
  });
});

describe('parseImageReference: familiar and canonical forms', () => {
  it.each([
    ['nginx', 'nginx', 'nginx:latest', 'docker.io/library/nginx:latest'],
    ['docker.io/library/nginx:1', 'nginx', 'nginx:1', 'docker.io/library/nginx:1'],
    ['user/app', 'user/app', 'user/app:latest', 'docker.io/user/app:latest'],
    ['docker.io/library/a/b', 'library/a/b', 'library/a/b:latest', 'docker.io/library/a/b:latest'],
    ['ghcr.io/o/a', 'ghcr.io/o/a', 'ghcr.io/o/a:latest', 'ghcr.io/o/a:latest'],
  ])('%s → familiar %s', (input, familiar, familiarReference, canonical) => {
    const reference = parseImageReference(input);
    expect(reference.familiar).toBe(familiar);
    expect(reference.familiarReference).toBe(familiarReference);
    expect(reference.canonical).toBe(canonical);
  });

  it('keeps docker.io when the path would otherwise read as another host (unlike docker)', () => {
    expect(parseImageReference('docker.io/localhost/x').familiar).toBe('docker.io/localhost/x');
    expect(parseImageReference('docker.io/a.b/c').familiar).toBe('docker.io/a.b/c');
    expect(parseImageReference('docker.io/library/localhost').familiar).toBe('localhost');
  });

  it('has no tag when only a digest is given', () => {
    const reference = parseImageReference(`nginx@${DIGEST}`);
    expect(reference.tag).toBeUndefined();
    expect(reference.digest).toBe(DIGEST);
    expect(reference.canonical).toBe(`docker.io/library/nginx@${DIGEST}`);
    expect(reference.pullReference).toBe(`docker.io/library/nginx@${DIGEST}`);
  });

  it('trims surrounding white space', () => {
    expect(parseImageReference('  nginx:1.25\n').canonical).toBe('docker.io/library/nginx:1.25');
  });
});

describe('parseImageReference: refusals name the bad part', () => {
  it('empty or blank input → REFERENCE_EMPTY', () => {
    expect(parseError('').code).toBe('REFERENCE_EMPTY');
    expect(parseError('   \t ').code).toBe('REFERENCE_EMPTY');
  });

  it.each([
    ['nginx latest', /space at position 6/],
    ['ngi\u0000nx', /control character \(U\+0000\)/],
    ['nginx\u0007', /control character/],
    ['ngi\u00a0nx', /space/],
    ['ｎginx', /U\+FF4E.*looks like 'n'/],
    ['nginх', /U\+0445.*looks like 'x'/],
    ['nginx:1．0', /non-ASCII/],
  ])('%j', (input, message) => {
    const error = parseError(input);
    expect(error.code).toBe('REFERENCE_INVALID');
    expect(error.message).toMatch(message);
  });

  it('refuses a bare 64-hex string as an image ID', () => {
    expect(parseError(HEX64).message).toMatch(/looks like an image ID/);
    // Not 64 hex digits, or not bare: an ordinary name.
    expect(parseImageReference(HEX64.slice(1)).path).toBe(`library/${HEX64.slice(1)}`);
    expect(parseImageReference(`team/${HEX64}`).path).toBe(`team/${HEX64}`);
  });

  it('refuses names longer than 255 characters, counting the host', () => {
    const path = 'a'.repeat(255 - 'docker.io/library/'.length);
    expect(parseImageReference(path).name).toHaveLength(255);
    expect(parseError(`${path}a`).message).toMatch(/256 characters long; the limit is 255/);
  });

  it.each([
    ['a//b', /empty part between slashes/],
    ['/nginx', /empty part/],
    ['nginx/', /empty part/],
    ['team/-app', /'-app'/],
    ['team/app-', /'app-'/],
    ['team/a..b', /'a\.\.b'/],
    ['team/a___b', /'a___b'/],
    ['team/a$b', /'a\$b'/],
    [':latest', /no repository name/],
  ])('bad repository path %s', (input, message) => {
    expect(parseError(input).message).toMatch(message);
  });

  it('accepts the separators the grammar allows', () => {
    for (const path of ['a.b', 'a_b', 'a__b', 'a-b', 'a---b', 'a0.b1_c2__d3-e4']) {
      expect(parseImageReference(`team/${path}`).path).toBe(`team/${path}`);
    }
  });

  it.each([
    ['nginx:', /tag after ':' is empty/],
    ['nginx:.1', /tag '\.1' is not valid/],
    ['nginx:-1', /tag '-1' is not valid/],
    [`nginx:${'a'.repeat(129)}`, /1 to 128/],
    ['nginx:a+b', /tag 'a\+b'/],
  ])('bad tag %s', (input, message) => {
    expect(parseError(input).message).toMatch(message);
  });

  it('accepts tags up to 128 characters of the tag grammar', () => {
    expect(parseImageReference(`nginx:${'a'.repeat(128)}`).tag).toHaveLength(128);
    expect(parseImageReference('nginx:_x.Y-1').tag).toBe('_x.Y-1');
  });

  it.each([
    ['nginx@', /digest after '@' is empty/],
    ['nginx@sha256:abc', /not valid/],
    [`nginx@sha256:${HEX64}0`, /exactly 64/],
    [`nginx@sha256:${HEX64.toUpperCase()}`, /lowercase/],
    [`nginx@md5:${HEX64}`, /algorithm 'md5' is not supported/],
    [`nginx@${HEX64}`, /not valid/],
    [`nginx@${DIGEST}@${DIGEST}`, /more than one '@'/],
  ])('bad digest %s', (input, message) => {
    expect(parseError(input).message).toMatch(message);
  });

  it('accepts sha384 and sha512 digests', () => {
    expect(parseImageReference(`a@sha384:${'a'.repeat(96)}`).digest).toBe(`sha384:${'a'.repeat(96)}`);
    expect(parseImageReference(`a@sha512:${'b'.repeat(128)}`).digest).toBe(`sha512:${'b'.repeat(128)}`);
  });

  it('refuses absurdly long input before doing any work', () => {
    expect(parseError('a'.repeat(10_000)).message).toMatch(/10000 characters/);
  });
});

describe('isValidImageReference and serverAddressFor', () => {
  it('answers true or false instead of throwing', () => {
    expect(isValidImageReference('ghcr.io/o/a:1')).toBe(true);
    expect(isValidImageReference('Nginx')).toBe(false);
    expect(isValidImageReference('')).toBe(false);
  });

  it('sends Docker Hub credentials to https://index.docker.io/v1/ and others to the host', () => {
    expect(serverAddressFor('docker.io')).toBe('https://index.docker.io/v1/');
    expect(serverAddressFor('ghcr.io')).toBe('ghcr.io');
    expect(serverAddressFor('localhost:5000')).toBe('localhost:5000');
  });
});
