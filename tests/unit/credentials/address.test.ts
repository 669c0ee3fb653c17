import { describe, expect, it } from 'vitest';
import {
  RegistryAddressError,
  canonicalRegistryHost,
  checkRegistryHost,
  hostOfServerKey,
  isRegistryHostSegment,
  normalizeRegistryAddress,
} from '../../../main/core/credentials/address';

function addressError(input: string): RegistryAddressError {
  try {
    normalizeRegistryAddress(input);
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryAddressError);
    expect((error as RegistryAddressError).code).toBe('ADDRESS_INVALID');
    return error as RegistryAddressError;
  }
  throw new Error(`expected '${input}' to be refused`);
}

describe('normalizeRegistryAddress: what users paste', () => {
  it.each([
    ['ghcr.io', 'ghcr.io'],
    ['https://ghcr.io', 'ghcr.io'],
    ['https://ghcr.io/', 'ghcr.io'],
    ['http://localhost:5000', 'localhost:5000'],
    ['HTTPS://Registry.Example.COM:5000/v2/', 'registry.example.com:5000'],
    ['registry.example.com/v2', 'registry.example.com'],
    ['registry.example.com/v1/', 'registry.example.com'],
    ['  quay.io  ', 'quay.io'],
    ['127.0.0.1:5001', '127.0.0.1:5001'],
    ['[::1]:5000', '[::1]:5000'],
    ['http://[::1]:5000/', '[::1]:5000'],
    ['[FE80::1]', '[fe80::1]'],
    ['localhost', 'localhost'],
    ['registry.example.com:65535', 'registry.example.com:65535'],
    ['registry.example.com:1', 'registry.example.com:1'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeRegistryAddress(input)).toBe(expected);
  });

  it.each([
    ['docker.io'],
    ['index.docker.io'],
    ['registry-1.docker.io'],
    ['registry.hub.docker.com'],
    ['https://index.docker.io/v1/'],
    ['https://registry-1.docker.io/v2/'],
    ['Docker.IO'],
  ])('maps the Docker Hub form %j to docker.io', (input) => {
    expect(normalizeRegistryAddress(input)).toBe('docker.io');
  });
});

describe('normalizeRegistryAddress: refusals say what to do', () => {
  it.each([
    ['', /Enter the registry address/],
    ['   ', /Enter the registry address/],
    ['ghcr .io', /space at position 5/],
    ['ghcr.io\t/x', /control character/],
    ['https://user:pw@ghcr.io', /Remove the user name and password.*Username and Secret fields/],
    ['user@ghcr.io', /Remove the user name and password/],
    ['ftp://ghcr.io', /'ftp:\/\/' is not a registry scheme; use https:\/\/ or http:\/\//],
    ['ghcr.io:0', /port '0'.*1 to 65535/],
    ['ghcr.io:65536', /port '65536'/],
    ['ghcr.io:05000', /without leading zeros/],
    ['ghcr.io:http', /port 'http'/],
    ['ghcr.io:', /port ''/],
    ['ghcr.io/team', /host and optional port; use Image Patterns to choose repositories/],
    ['ghcr.io/v2/team', /use Image Patterns/],
    ['https://ghcr.io/?x=1', /use Image Patterns/],
    ['::1', /put it in brackets/],
    ['[::1', /never closes it/],
    ['[nope]:5000', /not an IPv6 address/],
    ['[::1]x', /not ':port'/],
    ['-ghcr.io', /not a valid host name/],
    ['ghcr..io', /not a valid host name/],
    ['gh_cr.io', /not a valid host name/],
    ['ｇhcr.io', /non-ASCII.*punycode/],
    ['myregistry', /no '\.' and no port.*myregistry:5000/],
    [`${'a'.repeat(300)}.io`, /limit is 255/],
  ])('%j', (input, message) => {
    expect(addressError(input).message).toMatch(message);
  });
});

describe('shared host rules', () => {
  it('detects a registry host segment exactly as distribution/reference does', () => {
    expect(isRegistryHostSegment('ghcr.io')).toBe(true);
    expect(isRegistryHostSegment('host:5000')).toBe(true);
    expect(isRegistryHostSegment('localhost')).toBe(true);
    expect(isRegistryHostSegment('Team')).toBe(true);
    expect(isRegistryHostSegment('team')).toBe(false);
    expect(isRegistryHostSegment('localhost2')).toBe(false);
  });

  it('canonicalises hosts: lower case, Hub aliases to docker.io, ports kept', () => {
    expect(canonicalRegistryHost('Index.Docker.IO')).toBe('docker.io');
    expect(canonicalRegistryHost('GHCR.io')).toBe('ghcr.io');
    // A port makes it a different server, not an alias.
    expect(canonicalRegistryHost('docker.io:443')).toBe('docker.io:443');
  });

  it('reports host problems as text so each caller raises its own typed error', () => {
    expect(checkRegistryHost('ghcr.io')).toEqual({ ok: true, host: 'ghcr.io' });
    const check = checkRegistryHost('bad_host');
    expect(check.ok).toBe(false);
  });
});

describe('hostOfServerKey: Docker config keys', () => {
  it.each([
    ['https://index.docker.io/v1/', 'docker.io'],
    ['docker.io', 'docker.io'],
    ['https://registry-1.docker.io/v2/', 'docker.io'],
    ['https://index.docker.io/v1/access-token', 'docker.io'],
    ['http://host.example:5000', 'host.example:5000'],
    ['host.example:5000/v2/', 'host.example:5000'],
    ['GHCR.IO', 'ghcr.io'],
    ['myregistry', 'myregistry'],
  ])('%s → %s', (key, host) => {
    expect(hostOfServerKey(key)).toBe(host);
  });

  it('skips keys that name no usable host instead of failing', () => {
    expect(hostOfServerKey('')).toBeUndefined();
    expect(hostOfServerKey('ftp://ghcr.io')).toBeUndefined();
    expect(hostOfServerKey('https://user@ghcr.io')).toBeUndefined();
    expect(hostOfServerKey('not a host')).toBeUndefined();
  });
});
