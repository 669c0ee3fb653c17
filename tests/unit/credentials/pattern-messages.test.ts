/**
 * The whole text of what an Image Pattern refusal says (main/core/credentials/patterns.ts), where the other tests
 * check only its start (mutants of address/reference/patterns.ts, docs/mutation.md): the length limit and its
 * boundary, a pattern naming another registry, a segment that can never match, a wildcard in the host.
 */
import { describe, expect, it } from 'vitest';
import { expandPattern } from '../../../main/core/credentials/patterns';

/** The whole message of the refusal (`toThrow` with a text only checks that the message contains it). */
function refusal(pattern: string, registryHost: string): string {
  try {
    expandPattern(pattern, registryHost);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected '${pattern}' to be refused`);
}

describe('Image Pattern refusals, word for word', () => {
  it('allows 255 characters and quotes the first 40 of a longer pattern with its length', () => {
    expect(expandPattern('a'.repeat(255), 'ghcr.io').pathGlob).toBe('a'.repeat(255));
    expect(refusal('a'.repeat(256), 'ghcr.io')).toBe(
      `The Image Pattern '${'a'.repeat(40)}…' is not valid: it is 256 characters long; the limit is 255.`,
    );
  });

  it('names both hosts and what to do when a pattern names another registry (no capitals note without capitals)', () => {
    expect(refusal('quay.io/team/*', 'ghcr.io')).toBe(
      "The Image Pattern 'quay.io/team/*' is not valid: it names the host quay.io, but this registry is ghcr.io; " +
        'credentials are only ever sent to their own registry. Remove the host, or add a separate registry for quay.io.',
    );
  });

  it('says what a repository name part is made of when a segment can never match one', () => {
    expect(refusal('team/_*', 'ghcr.io')).toBe(
      "The Image Pattern 'team/_*' is not valid: '_*' can never match a repository name part: use lowercase letters and " +
        "digits separated by single '.', '_', '__' or '-', plus '*' and '**'.",
    );
  });

  it('refuses a wildcard in the host, naming the host the patterns apply to', () => {
    expect(refusal('*.example.com/team', 'ghcr.io')).toBe(
      "The Image Pattern '*.example.com/team' is not valid: wildcards cannot be used in the registry host; this registry's patterns always apply to ghcr.io.",
    );
  });
});
