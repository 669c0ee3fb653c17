/**
 * Edges of the registry address and Image Pattern parsers that a user meets by pasting: a URL with another URL
 * inside it, a control character, a glob character in the host part of a pattern. Each was a surviving mutant of
 * `npm run mutation` on main/core/credentials/{address,patterns}.ts (docs/mutation.md).
 */
import { describe, expect, it } from 'vitest';
import { normalizeRegistryAddress } from '../../../main/core/credentials/address';
import { expandPattern } from '../../../main/core/credentials/patterns';
import { refusalOf } from './refusal';

const addressError = (text: string): string => refusalOf(normalizeRegistryAddress, text);
const patternError = (pattern: string, registryHost: string): string => refusalOf((written: string) => expandPattern(written, registryHost), pattern);

describe('registry address', () => {
  it('reads a scheme only at the start: a URL later in the text is part of what follows the host', () => {
    // A login page's address pasted by mistake: the host is ghcr.io, and what follows it is quoted whole.
    expect(addressError('ghcr.io/login?next=https://ghcr.io')).toBe(
      "'/login?next=https://ghcr.io' is not allowed after the host: a registry address is a host and optional port; use Image Patterns to choose repositories.",
    );
  });

  it('names the field in a control character refusal', () => {
    expect(addressError('ghcr.io\u0007')).toBe('The registry address contains a control character (U+0007) at position 8; retype it without pasting.');
  });
});

describe('Image Pattern', () => {
  it('refuses a glob character in the host part as a wildcard the patterns do not have, not as a bad host', () => {
    // Someone trying alternation between registries: the answer is about wildcards, which is what they tried.
    expect(patternError('docker.io|ghcr.io/team', 'docker.io')).toBe(
      "The Image Pattern 'docker.io|ghcr.io/team' is not valid: '|' is not supported; the only wildcards are '*' (within one path segment) and '**' (across segments).",
    );
    expect(patternError('reg?.example.com/team/*', 'reg1.example.com')).toContain("'?' is not supported");
  });

  it('says what is wrong with a host part that is not a valid host', () => {
    expect(patternError('registry.example.com:99999/team', 'docker.io')).toBe(
      "The Image Pattern 'registry.example.com:99999/team' is not valid: its registry host is not valid: port '99999' is not valid; a port is a number from 1 to 65535 without leading zeros.",
    );
  });

  it('explains capital letters only for a host part that counts as a host because of them', () => {
    const otherHost = (host: string) =>
      `it names the host ${host}, but this registry is docker.io; credentials are only ever sent to their own registry. Remove the host, or add a separate registry for ${host}.`;
    // A dotted host is a host whatever its case: no note about capitals.
    expect(patternError('GHCR.io/team/*', 'docker.io')).toBe(`The Image Pattern 'GHCR.io/team/*' is not valid: ${otherHost('ghcr.io')}`);
    expect(patternError('ghcr.io/team/*', 'docker.io')).toBe(`The Image Pattern 'ghcr.io/team/*' is not valid: ${otherHost('ghcr.io')}`);
    // localhost is a host by name, in lower case: nothing to say about capitals.
    expect(patternError('localhost/team', 'docker.io')).toBe(`The Image Pattern 'localhost/team' is not valid: ${otherHost('localhost')}`);
    // 'MyHost' would be a repository name in lower case: the note says why it was read as a host.
    expect(patternError('MyHost/team', 'docker.io')).toBe(
      `The Image Pattern 'MyHost/team' is not valid: ${otherHost('myhost')} ('MyHost' counts as a host because of its capital letters; write patterns in lower case.)`,
    );
  });
});
