import { describe, expect, it } from 'vitest';
import { formatPlatform, offeredPlatforms, parsePlatform, platformSatisfies } from '../../../main/core/pull/platform';

describe('platforms', () => {
  it('parses and formats os/arch[/variant]', () => {
    expect(parsePlatform('linux/arm64/v8')).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(parsePlatform('linux/amd64')).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(formatPlatform({ os: 'linux', architecture: 'arm', variant: 'v7' })).toBe('linux/arm/v7');
    expect(formatPlatform({ os: 'linux', architecture: 'amd64', variant: '' })).toBe('linux/amd64');
  });

  it.each([
    ['linux/amd64', { os: 'linux', architecture: 'amd64' }, true],
    ['linux/arm64', { os: 'linux', architecture: 'arm64', variant: 'v8' }, true],
    ['linux/arm64/v8', { os: 'linux', architecture: 'arm64' }, true],
    ['linux/arm/v7', { os: 'linux', architecture: 'arm', variant: 'v6' }, false],
    ['linux/arm', { os: 'linux', architecture: 'arm', variant: 'v6' }, true],
    ['linux/amd64', { os: 'linux', architecture: 'x86_64' }, true],
    ['linux/s390x', { os: 'linux', architecture: 'amd64' }, false],
    ['windows/amd64', { os: 'linux', architecture: 'amd64' }, false],
  ])('%s is satisfied by %o: %s', (requested, offered, expected) => {
    expect(platformSatisfies(parsePlatform(requested), offered)).toBe(expected);
  });

  it('reads the platforms of a distribution answer, skipping incomplete entries', () => {
    expect(
      offeredPlatforms({
        Platforms: [
          { architecture: 'amd64', os: 'linux', variant: '' },
          { architecture: 'arm64', os: 'linux', variant: 'v8' },
          { architecture: '', os: 'linux' },
        ],
      }).map(formatPlatform),
    ).toEqual(['linux/amd64', 'linux/arm64/v8']);
    expect(offeredPlatforms({})).toEqual([]);
  });
});
