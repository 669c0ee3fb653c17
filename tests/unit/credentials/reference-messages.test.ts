/**
 * The image reference parser's refusals, word for word: what a user reads under the Image field when a pasted
 * reference is wrong. `toThrow(text)` only checks that the message contains the text, so a message cut short, a
 * lost tag in a suggestion or a wrong excerpt passed the older tests (survivors of `npm run mutation` on
 * main/core/credentials/reference.ts, docs/mutation.md).
 */
import { describe, expect, it } from 'vitest';
import { parseImageReference } from '../../../main/core/credentials/reference';
import { refusalOf } from './refusal';

const refusal = (reference: string): string => refusalOf(parseImageReference, reference);

const TAG_RULE = "a tag is 1 to 128 letters, digits, '_', '.' or '-', and does not start with '.' or '-'.";

describe('image reference refusals', () => {
  it('keeps the tag in both suggestions for a host read as one only because of its capitals', () => {
    expect(refusal('MyHost/app:1.0')).toBe(
      "'MyHost' is read as a registry host only because of its capital letters. Write the host in lower case with its port or full domain name (e.g. 'myhost:5000/app:1.0'), or, for a Docker Hub repository, write it all in lower case ('myhost/app:1.0').",
    );
    expect(refusal('MyHost/Team/App@sha256:' + 'a'.repeat(64))).toBe(
      `'MyHost' is read as a registry host only because of its capital letters. Write the host in lower case with its port or full domain name (e.g. 'myhost:5000/team/app@sha256:${'a'.repeat(64)}'), or, for a Docker Hub repository, write it all in lower case ('myhost/team/app@sha256:${'a'.repeat(64)}').`,
    );
  });

  it('says what a repository name part is made of', () => {
    expect(refusal('team/-app')).toBe(
      "'-app' in 'team/-app' is not a valid repository name part: use lowercase letters and digits, separated by single '.', '_', '__' or '-' (not at the start or end).",
    );
  });

  it('quotes the first 40 characters of a repository name over the limit', () => {
    expect(refusal(`team/${'a'.repeat(260)}`)).toBe(
      `The repository name 'docker.io/team/${'a'.repeat(25)}…' is 275 characters long; the limit is 255.`,
    );
  });

  it('quotes a bad tag whole up to 40 characters, and its first 40 beyond', () => {
    const forty = `${'y'.repeat(39)}!`;
    expect(refusal(`app:${forty}`)).toBe(`The tag '${forty}' is not valid: ${TAG_RULE}`);
    expect(refusal(`app:${forty}z`)).toBe(`The tag '${forty}…' is not valid: ${TAG_RULE}`);
    expect(refusal('app:.x')).toBe(`The tag '.x' is not valid: ${TAG_RULE}`);
  });

  it('names the digest algorithm as written before the colon, and quotes at most 80 characters of a bad digest', () => {
    expect(refusal(`app@x:${'a'.repeat(32)}`)).toBe("The digest algorithm 'x' is not supported; use sha256 (or sha384, sha512).");
    expect(refusal(`app@${'Z'.repeat(90)}`)).toBe(
      `The digest '${'Z'.repeat(80)}' is not valid: write it as algorithm:hex, e.g. sha256:<64 hex digits>.`,
    );
  });

  it('quotes the first 12 hex digits of a digest of the wrong length', () => {
    expect(refusal(`app@sha256:${'a'.repeat(70)}`)).toBe(`A sha256 digest is exactly 64 lowercase hex digits; 'sha256:${'a'.repeat(12)}…' has 70.`);
  });

  it('asks for a reference when the field is blank, and names the field in a control-character refusal', () => {
    expect(refusal('  ')).toBe('Enter an image reference, e.g. nginx:1.25 or ghcr.io/org/app:tag.');
    expect(refusal('app\u0007')).toBe('The image reference contains a control character (U+0007) at position 4; retype it without pasting.');
  });

  it('quotes the first 12 digits of an image ID pasted as a reference', () => {
    expect(refusal('abcdef0123456789'.repeat(4))).toBe(
      "'abcdef012345…' looks like an image ID (64 hex digits), not a reference; use the image's name, e.g. nginx:1.25.",
    );
  });

  it('refuses absurdly long input by its length only past 4,096 characters', () => {
    expect(refusal('a'.repeat(4097))).toBe('The image reference is 4097 characters long; a repository name is at most 255.');
    // At 4,096 the input is read, and refused for what it is: a repository name over the limit.
    expect(refusal('a'.repeat(4096))).toMatch(/^The repository name 'docker\.io\/library\/a+…' is 4114 characters long; the limit is 255\.$/);
  });

  it('reads a digest as algorithm:hex from its first character to its last', () => {
    const hex64 = 'a'.repeat(64);
    // An algorithm is letters and digits in parts joined by '-', '_', '+' or '.', each part starting with a letter.
    expect(refusal(`app@x+yzw:${'a'.repeat(32)}`)).toBe("The digest algorithm 'x+yzw' is not supported; use sha256 (or sha384, sha512).");
    expect(refusal(`app@1sha256:${hex64}`)).toBe(`The digest '1sha256:${hex64}' is not valid: write it as algorithm:hex, e.g. sha256:<64 hex digits>.`);
    expect(refusal(`app@sha256:${hex64}z`)).toBe(`The digest 'sha256:${hex64}z' is not valid: write it as algorithm:hex, e.g. sha256:<64 hex digits>.`);
  });
});

