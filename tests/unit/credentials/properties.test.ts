import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { RegistryAddressError, normalizeRegistryAddress } from '../../../main/core/credentials/address';
import {
  ImagePatternError,
  compareSpecificity,
  compilePattern,
  compileRegistryPatterns,
  measureSpecificity,
  validatePattern,
} from '../../../main/core/credentials/patterns';
import { ImageReferenceError, parseImageReference, type ImageReference } from '../../../main/core/credentials/reference';
import type { StoredRegistryRecord } from '../../../main/core/credentials/registry-types';
import { createCredentialIndex } from '../../../main/core/credentials/credential-index';

// Fewer runs under mutation testing (stryker.config.json sets STEVEDORE_PROPERTY_RUNS): each mutant reruns these.
const RUNS = Number(process.env.STEVEDORE_PROPERTY_RUNS ?? 5000);
// Thousands of runs per property: on a busy 2-core machine that takes longer than vitest's 5 s default. The limit
// only ends a run that hangs; no test here measures time.
vi.setConfig({ testTimeout: 180_000 });

/** Calls `action`; passes if it returns or throws `expected`; fails on any other error (a TypeError, a RangeError…). */
function returnsOrThrowsTyped<T>(action: () => T, expected: new (...args: never[]) => Error): T | undefined {
  try {
    return action();
  } catch (error) {
    if (error instanceof expected) return undefined;
    throw error;
  }
}

/** Text built from the characters references, addresses and patterns are made of — reaches deep code paths. */
const referenceAlphabet = fc.constantFrom(...'abcxyzABZ019._-_:/@[]*?{}!+ \t'.split(''), 'sha256', 'docker.io', 'localhost', '::', '5000', 'https://', 'ｎ', 'е', '\u0000');
const referenceLikeText = fc.array(referenceAlphabet, { maxLength: 24 }).map((parts) => parts.join(''));
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 80 }), referenceLikeText);

const pathComponent = fc.stringMatching(/^[a-z0-9]{1,6}(?:(?:[._]|__|-{1,2})[a-z0-9]{1,6}){0,2}$/);
/** A first path component that cannot be read as a host (no '.'), for names written without one. */
const leadingPathComponent = fc.stringMatching(/^[a-z0-9]{1,6}(?:(?:_|__|-{1,2})[a-z0-9]{1,6}){0,2}$/);
const repositoryPath = fc
  .tuple(leadingPathComponent, fc.array(pathComponent, { maxLength: 3 }))
  .map(([first, rest]) => [first, ...rest]);
const domainLabel = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,6}[a-z0-9])?$/);
const port = fc.integer({ min: 1, max: 65535 }).map(String);
const hostName = fc.oneof(
  fc.tuple(domainLabel, fc.array(domainLabel, { minLength: 1, maxLength: 3 })).map(([first, rest]) => [first, ...rest].join('.')),
  fc.constant('localhost'),
  fc.constantFrom('docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com', 'ghcr.io'),
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((octets) => octets.join('.')),
  fc.constantFrom('[::1]', '[fe80::1]', '[2001:db8::42]'),
);
const host = fc.tuple(fc.mixedCase(hostName), fc.option(port)).map(([name, maybePort]) => (maybePort === null ? name : `${name}:${maybePort}`));
const tag = fc.stringMatching(/^\w[\w.-]{0,20}$/);
const digest = fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `sha256:${hex}`);

const validReferenceText = fc
  .tuple(fc.option(host), repositoryPath, fc.option(tag), fc.option(digest))
  .map(([maybeHost, components, maybeTag, maybeDigest]) => {
    const name = maybeHost === null ? components.join('/') : `${maybeHost}/${components.join('/')}`;
    return `${name}${maybeTag === null ? '' : `:${maybeTag}`}${maybeDigest === null ? '' : `@${maybeDigest}`}`;
  });

/**
 * The oracle for "the most specific pattern wins", written from the rule text in README.md and not from the
 * production comparator: "no wildcard › more wildcard-free segments › more literal characters › fewer `**` ›
 * registry created earlier". A pattern's rank is a list of numbers compared left to right, smaller first; the last
 * step (creation order) is the caller's. Literal characters are those that are neither a wildcard nor the '/'
 * between segments. Deliberately a different shape of code than main/core/credentials/patterns.ts.
 */
function specificityRank(pathGlob: string): number[] {
  const segments = pathGlob.split('/');
  let wildcardFreeSegments = 0;
  let literalCharacters = 0;
  let globstars = 0;
  for (const segment of segments) {
    let hasWildcard = false;
    for (const character of segment) {
      if (character === '*') hasWildcard = true;
      else literalCharacters += 1;
    }
    if (!hasWildcard) wildcardFreeSegments += 1;
    if (segment === '**') globstars += 1;
  }
  const anyWildcard = wildcardFreeSegments === segments.length ? 0 : 1;
  return [anyWildcard, -wildcardFreeSegments, -literalCharacters, globstars];
}

/** Negative when pattern `a` is more specific than `b` by the rule text, positive when less, 0 when tied. */
function referenceSpecificityOrder(a: string, b: string): number {
  const [rankA, rankB] = [specificityRank(a), specificityRank(b)];
  for (let step = 0; step < rankA.length; step += 1) {
    const difference = (rankA[step] ?? 0) - (rankB[step] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function expectRoundTrip(reference: ImageReference): void {
  expect(parseImageReference(reference.canonical)).toEqual(reference);
  expect(parseImageReference(reference.familiarReference)).toEqual(reference);
  expect(parseImageReference(`${reference.name}${reference.tag === undefined ? '' : `:${reference.tag}`}${reference.digest ? `@${reference.digest}` : ''}`)).toEqual(reference);
}

describe('parseImageReference (property-based)', () => {
  it('returns a reference or throws ImageReferenceError — never anything else — for any text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        returnsOrThrowsTyped(() => parseImageReference(text), ImageReferenceError);
      }),
      { numRuns: RUNS },
    );
  });

  it('round-trips: the canonical and familiar forms parse back to an equal reference', () => {
    fc.assert(
      fc.property(fc.oneof(validReferenceText, referenceLikeText), (text) => {
        const reference = returnsOrThrowsTyped(() => parseImageReference(text), ImageReferenceError);
        if (reference !== undefined) expectRoundTrip(reference);
      }),
      { numRuns: RUNS },
    );
  });

  it('accepts every reference built from the grammar whose name fits in 255 characters', () => {
    fc.assert(
      fc.property(validReferenceText, (text) => {
        const reference = returnsOrThrowsTyped(() => parseImageReference(text), ImageReferenceError);
        if (reference === undefined) {
          // The only refusals allowed for grammar-built input: capitals-only hosts and over-long names.
          expect(() => parseImageReference(text)).toThrow(/capital letters|characters long/);
          return;
        }
        expect(reference.host).toBe(reference.host.toLowerCase());
        expect(reference.name.length).toBeLessThanOrEqual(255);
        expect(reference.tag !== undefined || reference.digest !== undefined).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('normalizeRegistryAddress (property-based)', () => {
  it('returns a host or throws RegistryAddressError for any text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        returnsOrThrowsTyped(() => normalizeRegistryAddress(text), RegistryAddressError);
      }),
      { numRuns: RUNS },
    );
  });

  it('is idempotent, and its result is the host an image reference on it gets (one host rule)', () => {
    const pasted = fc
      .tuple(fc.constantFrom('', 'http://', 'https://', 'HTTPS://'), host, fc.constantFrom('', '/', '/v1/', '/v2', '/v2/'))
      .map(([scheme, name, suffix]) => `${scheme}${name}${suffix}`);
    fc.assert(
      fc.property(fc.oneof(pasted, referenceLikeText), (text) => {
        const normalized = returnsOrThrowsTyped(() => normalizeRegistryAddress(text), RegistryAddressError);
        if (normalized === undefined) return;
        expect(normalizeRegistryAddress(normalized)).toBe(normalized);
        expect(parseImageReference(`${normalized}/team/app`).host).toBe(normalized);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('Image Patterns (property-based)', () => {
  const registryAddress = fc.constantFrom('docker.io', 'ghcr.io', 'localhost:5000', 'registry.example.com', '[::1]:5000');
  const patternSegment = fc.oneof(pathComponent, fc.constantFrom('*', '**', 'app-*', '*-svc', 'a*b'));
  const patternText = fc.array(patternSegment, { minLength: 1, maxLength: 4 }).map((segments) => segments.join('/'));

  it('validation returns an expanded pattern or throws ImagePatternError for any text', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, patternText), registryAddress, (text, address) => {
        const expanded = returnsOrThrowsTyped(() => validatePattern(text, address), ImagePatternError);
        if (expanded === undefined) return;
        expect(expanded.host).toBe(normalizeRegistryAddress(address));
        expect(expanded.expanded).toBe(`${expanded.host}/${expanded.pathGlob}`);
        compilePattern(expanded);
      }),
      { numRuns: RUNS },
    );
  });

  it('a pattern without wildcards matches exactly the image it names', () => {
    fc.assert(
      fc.property(repositoryPath, registryAddress, (components, address) => {
        const written = components.join('/');
        const compiled = compilePattern(validatePattern(written, address));
        const image = parseImageReference(compiled.expanded);
        expect(compiled.matches(image)).toBe(true);
        expect(compiled.matches(parseImageReference(`${compiled.expanded}-other`))).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('orders the README example as it says: team/app › team/app-* › team/* › team/** › **', () => {
    const written = ['**', 'team/*', 'team/app', 'team/**', 'team/app-*'];
    const byReference = [...written].sort(referenceSpecificityOrder);
    expect(byReference).toEqual(['team/app', 'team/app-*', 'team/*', 'team/**', '**']);
    const byProduction = [...written].sort((a, b) => compareSpecificity(measureSpecificity(a), measureSpecificity(b)));
    expect(byProduction).toEqual(byReference);
  });

  it('specificity comparison agrees with the rule text for any two patterns', () => {
    const pathGlob = patternText.map((text) => returnsOrThrowsTyped(() => validatePattern(text, 'ghcr.io'), ImagePatternError)?.pathGlob ?? '**');
    fc.assert(
      fc.property(pathGlob, pathGlob, (a, b) => {
        expect(Math.sign(compareSpecificity(measureSpecificity(a), measureSpecificity(b)))).toBe(Math.sign(referenceSpecificityOrder(a, b)));
      }),
      { numRuns: RUNS },
    );
  });

  it('specificity comparison is antisymmetric and transitive', () => {
    const specificity = patternText.chain((text) => {
      const result = returnsOrThrowsTyped(() => validatePattern(text, 'ghcr.io'), ImagePatternError);
      return fc.constant(result === undefined ? measureSpecificity('**') : measureSpecificity(result.pathGlob));
    });
    fc.assert(
      fc.property(specificity, specificity, specificity, (a, b, c) => {
        expect(Math.sign(compareSpecificity(a, b))).toBe(-Math.sign(compareSpecificity(b, a)) || 0);
        if (compareSpecificity(a, b) <= 0 && compareSpecificity(b, c) <= 0) expect(compareSpecificity(a, c)).toBeLessThanOrEqual(0);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('CredentialIndex agrees with a brute-force reading of §5 steps 2–3', () => {
  const segment = fc.constantFrom('a', 'b', 'team', 'app', '*', '**', 'a*', '*p');
  const pattern = fc.array(segment, { minLength: 1, maxLength: 3 }).map((segments) => segments.join('/'));
  const storedRegistry = fc.record({
    address: fc.constantFrom('ghcr.io', 'docker.io'),
    patterns: fc.array(pattern, { maxLength: 3 }),
    isDefault: fc.boolean(),
  });
  const imagePath = fc.array(fc.constantFrom('a', 'b', 'team', 'app', 'ap', 'x'), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));

  it('picks the same registry and pattern for any registries and image', () => {
    fc.assert(
      fc.property(fc.array(storedRegistry, { maxLength: 8 }), fc.constantFrom('ghcr.io', 'docker.io'), imagePath, (specs, imageHost, path) => {
        const records: StoredRegistryRecord[] = specs.map((spec, index) => ({
          id: `r${index}`,
          name: `R${index}`,
          ...spec,
          hasSecret: true,
          username: 'u',
          // Creation order deliberately differs from list order.
          createdAt: new Date(Date.UTC(2024, 0, 1) + ((index * 7) % specs.length) * 1000 + index).toISOString(),
          updatedAt: '2024-01-01T00:00:00.000Z',
        }));
        const image = parseImageReference(`${imageHost}/${path}`);

        const byCreation = [...records].sort((x, y) => Date.parse(x.createdAt) - Date.parse(y.createdAt));
        const candidates = byCreation.flatMap((record, order) =>
          compileRegistryPatterns(record)
            .patterns.filter((compiled) => compiled.matches(image))
            .map((compiled, patternOrder) => ({ record, compiled, order, patternOrder })),
        );
        // The oracle, not the production comparator: rule text first, then creation order, then pattern order.
        candidates.sort((x, y) => referenceSpecificityOrder(x.compiled.pathGlob, y.compiled.pathGlob) || x.order - y.order || x.patternOrder - y.patternOrder);
        const expectedDefault = byCreation.find((record) => record.isDefault && record.address === image.host);

        const match = createCredentialIndex(records).match(image);
        const best = candidates[0];
        if (best !== undefined) {
          expect(match).toMatchObject({ kind: 'pattern', registry: best.record, pattern: { written: best.compiled.written } });
        } else if (expectedDefault !== undefined) {
          expect(match).toEqual({ kind: 'default', registry: expectedDefault });
        } else {
          expect(match).toEqual({ kind: 'none' });
        }
        if (match.kind !== 'none') expect(normalizeRegistryAddress(match.registry.address)).toBe(image.host);
      }),
      { numRuns: RUNS },
    );
  });
});
