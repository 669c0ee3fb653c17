import { describe, expect, it } from 'vitest';
import {
  ImagePatternError,
  PatternCandidateIndex,
  compareSpecificity,
  compilePattern,
  compileRegistryPatterns,
  describeSpecificityStep,
  implicitPattern,
  measureSpecificity,
  validatePattern,
  validateRegistryPatterns,
  type RankedPattern,
} from '../../../main/core/credentials/patterns';
import { RegistryAddressError } from '../../../main/core/credentials/address';
import { parseImageReference } from '../../../main/core/credentials/reference';

function patternError(pattern: string, registry: string): ImagePatternError {
  try {
    validatePattern(pattern, registry);
  } catch (error) {
    expect(error).toBeInstanceOf(ImagePatternError);
    expect((error as ImagePatternError).code).toBe('PATTERN_INVALID');
    return error as ImagePatternError;
  }
  throw new Error(`expected pattern '${pattern}' to be refused`);
}

/** Does `pattern` on the registry at `registry` cover `image`? */
function covers(pattern: string, registry: string, image: string): boolean {
  return compilePattern(validatePattern(pattern, registry)).matches(parseImageReference(image));
}

describe('expanding Image Patterns against their registry (§4)', () => {
  it.each([
    ['team/*', 'docker.io', 'docker.io/team/*'],
    ['nginx', 'docker.io', 'docker.io/library/nginx'],
    ['*', 'docker.io', 'docker.io/library/*'],
    ['**', 'docker.io', 'docker.io/**'],
    ['library/*', 'docker.io', 'docker.io/library/*'],
    ['docker.io/nginx', 'docker.io', 'docker.io/library/nginx'],
    ['index.docker.io/team/*', 'docker.io', 'docker.io/team/*'],
    ['registry-1.docker.io/**', 'https://index.docker.io/v1/', 'docker.io/**'],
    ['team/*', 'registry.example.com', 'registry.example.com/team/*'],
    ['app', 'registry.example.com', 'registry.example.com/app'],
    ['*', 'ghcr.io', 'ghcr.io/*'],
    ['registry.example.com/team/**', 'https://Registry.Example.com/v2/', 'registry.example.com/team/**'],
    ['localhost:5000/team/*', 'localhost:5000', 'localhost:5000/team/*'],
    ['[::1]:5000/x/*', '[::1]:5000', '[::1]:5000/x/*'],
    ['  team-a/App*  ', 'ghcr.io', 'ghcr.io/team-a/app*'],
    ['**/app', 'ghcr.io', 'ghcr.io/**/app'],
  ])('%j on %s → %s', (pattern, registry, expanded) => {
    const result = validatePattern(pattern, registry);
    expect(result.expanded).toBe(expanded);
    expect(result.written).toBe(pattern.trim());
    expect(result.implicit).toBe(false);
  });

  it('stands in host/** for a registry without patterns', () => {
    expect(implicitPattern('ghcr.io')).toMatchObject({ expanded: 'ghcr.io/**', implicit: true });
    const compiled = compileRegistryPatterns({ address: 'ghcr.io', patterns: [] });
    expect(compiled.patterns.map((pattern) => pattern.expanded)).toEqual(['ghcr.io/**']);
  });
});

describe('refusing patterns with a clear message', () => {
  it.each([
    ['nginx:latest', "patterns match repositories, not tags; remove ':latest'"],
    ['team/app:1.0', "remove ':1.0'"],
    [`nginx@sha256:${'a'.repeat(64)}`, "remove '@sha256:"],
    ['team/ap?', "'?' is not supported"],
    ['team/[ab]pp', "'[' is not supported"],
    ['team/{a,b}', "'{' is not supported"],
    ['!team/*', "'!' is not supported"],
    ['team/+(a)', "'+' is not supported"],
    ['team\\app', "'\\' is not supported"],
    ['team/a**', "'**' must be a whole path segment"],
    ['team/***', "'**' must be a whole path segment"],
    ['team//app', 'empty part between slashes'],
    ['team/', 'empty part between slashes'],
    ['/team', 'empty part between slashes'],
    ['team/_*', "'_*' can never match"],
    ['team/a:b/c', "':' is only allowed in the registry host's port"],
    ['', 'cannot be empty'],
    ['   ', 'cannot be empty'],
    ['team /app', 'space'],
    ['tеam/*', 'non-ASCII'],
    [`${'a'.repeat(300)}`, 'limit is 255'],
  ])('%j', (pattern, message) => {
    expect(patternError(pattern, 'docker.io').message).toContain(message);
  });

  it('refuses a host other than the registry\'s own: credentials only go to their registry', () => {
    const error = patternError('ghcr.io/team/*', 'docker.io');
    expect(error.message).toContain('names the host ghcr.io, but this registry is docker.io');
    expect(patternError('docker.io/nginx', 'ghcr.io').message).toContain('names the host docker.io');
    expect(patternError('localhost:5001/x', 'localhost:5000').message).toContain('localhost:5001');
    expect(patternError('*.example.com/x', 'a.example.com').message).toContain('wildcards cannot be used in the registry host');
  });

  it('explains that capitals make a first segment a host', () => {
    expect(patternError('Team/*', 'docker.io').message).toContain('capital letters');
  });

  it('passes an invalid registry address on as the address error', () => {
    expect(() => validatePattern('team/*', 'not a host')).toThrow(RegistryAddressError);
  });

  it('refuses the same pattern twice in one registry, in any spelling', () => {
    expect(() => validateRegistryPatterns(['nginx', 'library/nginx'], 'docker.io')).toThrow(/means the same as 'nginx'/);
    expect(validateRegistryPatterns(['team/*', 'team/**'], 'docker.io')).toHaveLength(2);
  });
});

describe('matching (micromatch, case-insensitive, against host/path)', () => {
  it.each([
    ['library/*', 'docker.io', 'nginx', true],
    ['nginx', 'docker.io', 'docker.io/library/nginx:1', true],
    ['nginx', 'docker.io', 'nginx@sha256:' + 'a'.repeat(64), true],
    ['*', 'docker.io', 'nginx', true],
    ['*', 'docker.io', 'team/app', false],
    ['team/*', 'docker.io', 'team/app', true],
    ['team/*', 'docker.io', 'team/sub/app', false],
    ['team/**', 'docker.io', 'team/sub/app', true],
    ['team/**', 'docker.io', 'team', false],
    ['**', 'docker.io', 'anything/at/all', true],
    ['**/app', 'ghcr.io', 'ghcr.io/app', true],
    ['**/app', 'ghcr.io', 'ghcr.io/a/b/app', true],
    ['team/app-*', 'ghcr.io', 'ghcr.io/team/app-1', true],
    ['team/app-*', 'ghcr.io', 'ghcr.io/team/other', false],
    ['team/APP-*', 'ghcr.io', 'ghcr.io/team/app-1', true],
    ['ghcr.io/Team/*', 'ghcr.io', 'ghcr.io/team/app', true],
    ['team/*', 'ghcr.io', 'docker.io/team/app', false],
    ['team/*', 'docker.io', 'ghcr.io/team/app', false],
    ['app', 'ghcr.io', 'ghcr.io/library/app', false],
    ['x/*', '[::1]:5000', '[::1]:5000/x/y', true],
  ])('%s on %s covers %s: %s', (pattern, registry, image, expected) => {
    expect(covers(pattern, registry, image)).toBe(expected);
  });
});

describe('specificity (§5 step 2), one test per step', () => {
  const specificity = (pattern: string) => measureSpecificity(validatePattern(pattern, 'ghcr.io').pathGlob);
  const moreSpecific = (a: string, b: string) => compareSpecificity(specificity(a), specificity(b)) < 0;

  it('1. a pattern with no wildcard beats one with wildcards', () => {
    // `**/app` has as many literal characters, yet loses on the first step.
    expect(moreSpecific('team/app', 'team/**/app')).toBe(true);
    expect(moreSpecific('team/app', 'team/*')).toBe(true);
    expect(describeSpecificityStep(specificity('team/app'), specificity('team/*'))).toMatch(/without wildcards beats/);
  });

  it('2. more path segments free of wildcards', () => {
    // Same wildcard status; `a/b/*` has 2 literal segments, `*/abcdefgh/*` only 1 but more literal characters.
    expect(moreSpecific('a/b/*', '*/abcdefgh/*')).toBe(true);
    expect(describeSpecificityStep(specificity('a/b/*'), specificity('*/abcdefgh/*'))).toMatch(/more path segments without wildcards \(2 vs 1\)/);
  });

  it('3. more literal (non-wildcard) characters', () => {
    expect(moreSpecific('team/app-*', 'team/*')).toBe(true);
    expect(describeSpecificityStep(specificity('team/app-*'), specificity('team/*'))).toMatch(/more literal characters \(8 vs 4\)/);
  });

  it('4. fewer **', () => {
    expect(moreSpecific('team/*', 'team/**')).toBe(true);
    expect(describeSpecificityStep(specificity('team/*'), specificity('team/**'))).toMatch(/fewer '\*\*' \(0 vs 1\)/);
  });

  it('equal on every step is a tie (left to registry creation order)', () => {
    expect(compareSpecificity(specificity('team/*'), specificity('team/*'))).toBe(0);
    expect(compareSpecificity(specificity('a/*'), specificity('*/b'))).toBe(0);
    expect(describeSpecificityStep(specificity('a/*'), specificity('*/b'))).toBeUndefined();
  });

  it('orders a realistic list most specific first', () => {
    const patterns = ['**', 'team/**', 'team/*', 'team/app-*', 'team/app', '*/app'];
    const sorted = [...patterns].sort((a, b) => compareSpecificity(specificity(a), specificity(b)));
    expect(sorted).toEqual(['team/app', 'team/app-*', 'team/*', 'team/**', '*/app', '**']);
  });
});

describe('compileRegistryPatterns', () => {
  it('keeps a broken stored pattern as matching nothing, not as "whole registry"', () => {
    const compiled = compileRegistryPatterns({ address: 'docker.io', patterns: ['nginx:latest'] });
    expect(compiled.patterns).toEqual([]);
    expect(compiled.invalid).toEqual([{ written: 'nginx:latest', problem: expect.stringContaining("remove ':latest'") }]);
  });
});

describe('PatternCandidateIndex', () => {
  function indexOf(patterns: string[]): PatternCandidateIndex<RankedPattern> {
    const index = new PatternCandidateIndex<RankedPattern>();
    patterns.forEach((pattern, rank) => index.add({ pattern: compilePattern(validatePattern(pattern, 'ghcr.io')), rank }));
    return index;
  }

  it('finds the lowest-ranked match whether filed by prefix, last segment or unanchored', () => {
    const index = indexOf(['team/app', '*/app', 'team/*', '*-svc/*', '**']);
    expect(index.best('team/app')?.pattern.written).toBe('team/app');
    expect(index.best('other/app')?.pattern.written).toBe('*/app');
    expect(index.best('team/x')?.pattern.written).toBe('team/*');
    expect(index.best('a-svc/x')?.pattern.written).toBe('*-svc/*');
    expect(index.best('z/y/x')?.pattern.written).toBe('**');
    expect(index.matching('team/app').map((item) => item.pattern.written).sort()).toEqual(['**', '*/app', 'team/*', 'team/app']);
  });

  it('finds nothing when nothing matches', () => {
    const index = indexOf(['team/*', '*/app']);
    expect(index.best('other/x')).toBeUndefined();
    expect(index.matching('other/x')).toEqual([]);
  });

  it('refuses items out of rank order (the lists rely on it)', () => {
    const index = indexOf(['team/*']);
    expect(() => index.add({ pattern: compilePattern(validatePattern('x', 'ghcr.io')), rank: 0 })).toThrow(/rank order/);
  });
});
