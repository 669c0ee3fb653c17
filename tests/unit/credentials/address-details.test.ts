/**
 * Registry addresses and the character checks every typed text goes through (main/core/credentials/address.ts), at
 * the edges the other tests do not reach (the mutation run of address.ts, docs/mutation.md): every look-alike letter
 * named with the letter it imitates, the limits of the control-character and ASCII ranges, an invisible character
 * given by its code point, the whole host-name rule in the message, and the boundaries of hosts, ports and paths.
 */
import { describe, expect, it } from 'vitest';
import { checkRegistryHost, describeCharacterProblem, hostOfServerKey, normalizeRegistryAddress } from '../../../main/core/credentials/address';

/** Letters people paste from chat or documents and the ASCII they pass for (Cyrillic, Greek, dashes, slashes, colons…). */
const LOOK_ALIKES: Array<[string, string]> = [
  ['\u0430', 'a'], ['\u0435', 'e'], ['\u043e', 'o'], ['\u0440', 'p'], ['\u0441', 'c'], ['\u0445', 'x'], ['\u0443', 'y'],
  ['\u0456', 'i'], ['\u0458', 'j'], ['\u0455', 's'], ['\u0501', 'd'], ['\u04bb', 'h'], ['\u04cf', 'l'], ['\u03bf', 'o'],
  ['\u03b1', 'a'], ['\u03bd', 'v'], ['\u03b9', 'i'], ['\u03ba', 'k'], ['\u03c4', 't'], ['\u03c1', 'p'], ['\u2010', '-'],
  ['\u2011', '-'], ['\u2012', '-'], ['\u2013', '-'], ['\u2014', '-'], ['\u2212', '-'], ['\u2215', '/'], ['\u2044', '/'],
  ['\u0589', ':'], ['\ua789', ':'], ['\u0261', 'g'], ['\u2024', '.'], ['\u0660', '0'], ['\u06f0', '0'],
];

function label(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

describe('describeCharacterProblem', () => {
  it.each(LOOK_ALIKES)('names %s with the ASCII character it looks like (%s)', (char, ascii) => {
    expect(describeCharacterProblem(`ab${char}`, 'image reference')).toBe(
      `The image reference contains the non-ASCII character '${char}' (${label(char)}) at position 3. It looks like '${ascii}' but is a different character. Only ASCII is allowed; retype it.`,
    );
  });

  it('suggests only an all-ASCII compatibility form, and nothing for a letter that imitates none', () => {
    expect(describeCharacterProblem('\u338f', 'tag')).toContain("It looks like 'kg' but is a different character.");
    // '½' is '1⁄2' in compatibility form: the fraction slash is not ASCII either.
    expect(describeCharacterProblem('\u00bd', 'tag')).toBe("The tag contains the non-ASCII character '\u00bd' (U+00BD) at position 1. Only ASCII is allowed; retype it.");
    expect(describeCharacterProblem('caf\u00e9', 'tag')).toBe("The tag contains the non-ASCII character '\u00e9' (U+00E9) at position 4. Only ASCII is allowed; retype it.");
  });

  it('calls DEL and the C1 range control characters, up to U+009F, and accepts ASCII up to ~', () => {
    for (const char of ['\u007f', '\u0080', '\u009f']) {
      expect(describeCharacterProblem(`a${char}`, 'tag')).toBe(`The tag contains a control character (${label(char)}) at position 2; retype it without pasting.`);
    }
    expect(describeCharacterProblem('!azAZ09~', 'tag')).toBeUndefined();
  });

  it('accepts every printable ASCII character but the space, and refuses the space and the control characters around them', () => {
    const printable = Array.from({ length: 0x7e - 0x21 + 1 }, (_, index) => String.fromCharCode(0x21 + index)).join('');
    expect(describeCharacterProblem(printable, 'tag')).toBeUndefined();
    expect(describeCharacterProblem('a b', 'tag')).toBe('The tag contains a space at position 2; remove it (white space is not allowed).');
    expect(describeCharacterProblem('a\u001f', 'tag')).toBe('The tag contains a control character (U+001F) at position 2; retype it without pasting.');
    expect(describeCharacterProblem(`${printable}\u007f`, 'tag')).toBe(`The tag contains a control character (U+007F) at position ${printable.length + 1}; retype it without pasting.`);
  });

  it('gives a character that has no visible form by its code point only', () => {
    expect(describeCharacterProblem('ghcr\u200b.io', 'registry address')).toBe(
      'The registry address contains the non-ASCII character U+200B at position 5 (not shown here: it has no visible form of its own). Only ASCII is allowed; retype it.',
    );
  });
});

describe('registry hosts and addresses at their edges', () => {
  it('states the whole host name rule when refusing one', () => {
    expect(checkRegistryHost('ghcr-.io')).toEqual({
      ok: false,
      problem: "'ghcr-.io' is not a valid host name: use letters, digits, '-' inside a label, and '.' between labels (no '_', no leading or trailing '-' or '.')",
    });
  });

  it('accepts a one-character first label, and refuses a port with anything after its digits', () => {
    expect(normalizeRegistryAddress('r.example.com')).toBe('r.example.com');
    expect(() => normalizeRegistryAddress('ghcr.io:5000x')).toThrow("port '5000x' is not valid");
  });

  it('allows the API suffix only right after the host', () => {
    expect(() => normalizeRegistryAddress('ghcr.io/team/v2')).toThrow("'/team/v2' is not allowed after the host");
  });

  it('quotes a tail of exactly 60 characters whole', () => {
    const tail = `/${'a'.repeat(59)}`;
    expect(() => normalizeRegistryAddress(`ghcr.io${tail}`)).toThrow(`'${tail}' is not allowed after the host`);
  });

  it('reads a Docker config key written with spaces around it', () => {
    expect(hostOfServerKey(' https://ghcr.io/ ')).toBe('ghcr.io');
  });
});
