/**
 * The reference parser, the registry address normaliser and the Image Pattern validator fed hostile text:
 * bidi overrides, zero-width and other invisible characters, lone surrogates, combining marks, look-alike letters
 * (including ones that lower-case to ASCII, like the Kelvin sign), control characters, and very long inputs.
 * (tests/unit/credentials/properties.test.ts covers grammar-shaped and short random text; this file adds what
 * a hostile paste or a hostile renderer would send.)
 *
 * Each must return a value or throw its own typed error; refuse any valid text with one hostile character in it;
 * accept only plain printable ASCII; and refuse with a message that is short and safe to show (no raw invisible
 * or reordering characters that would hide or scramble it on screen).
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { RegistryAddressError, normalizeRegistryAddress } from '../../../main/core/credentials/address';
import { ImagePatternError, validatePattern, validateRegistryPatterns } from '../../../main/core/credentials/patterns';
import { ImageReferenceError, parseImageReference } from '../../../main/core/credentials/reference';
import { hugeText } from './support/hostile-text';

const RUNS = 3000;
const HUGE_RUNS = 300;
// Thousands of cases, some of 300,000 characters: on a busy 2-core machine longer than vitest's 5 s default. The
// limit only ends a run that hangs; no test here measures time.
vi.setConfig({ testTimeout: 180_000 });
/**
 * A refusal is bounded whatever the input's size: it never carries a pasted megabyte back to the screen and over
 * IPC. (The reference parser refuses anything over 4,096 characters up front and may quote a part of that.)
 */
const MAX_MESSAGE_LENGTH = 10_000;

/** Characters that display as nothing or change how the text around them displays. */
const UNSAFE_IN_MESSAGES = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;

const hostileCharacters = [
  '\u202E', '\u202D', '\u2066', '\u2067', '\u2068', '\u2069', '\u061C', // bidi overrides and isolates
  '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u180E', // zero width, soft hyphen
  '\u0301', '\u034F', '\u20DD', // combining marks
  '\u2028', '\u2029', '\u0085', '\u00A0', '\u3000', '\u2009', // separators and odd spaces
  '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uE000', '\uFFFD', '\uFFFF', // lone surrogates, private use, specials
  '\u0000', '\u0008', '\u001B', '\u007F', '\u009B', // controls, including the 8-bit CSI
  'а', 'е', 'о', 'ѕ', 'ｎ', '／', '：', '＠', '．', 'ﬀ', '\u212A', 'İ', 'ß', // look-alikes, ligatures, case traps
  '👍', '👩‍💻', '🏴‍☠️',
];
const hostileCharacter = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...hostileCharacters) },
  { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0x10ffff }).map((code) => String.fromCodePoint(code)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)) },
);

const component = fc.stringMatching(/^[a-z0-9]{1,8}(?:[._-][a-z0-9]{1,6})?$/);
const validReference = fc
  .tuple(fc.constantFrom('', 'ghcr.io/', 'localhost:5000/', 'registry.example.com/', '[::1]:5000/', 'docker.io/'), fc.array(component, { minLength: 1, maxLength: 3 }), fc.option(fc.stringMatching(/^\w[\w.-]{0,12}$/)))
  .map(([host, path, tag]) => `${host}${path.join('/')}${tag === null ? '' : `:${tag}`}`);
const validAddress = fc.constantFrom('ghcr.io', 'https://registry.example.com/v2/', 'localhost:5000', '[::1]:5443', 'docker.io', '127.0.0.1:5001');
const validPattern = fc.array(fc.oneof(component, fc.constantFrom('*', '**', 'app-*')), { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));

/** Valid text with one hostile character put in at any position (not at the ends only: trimming must not save it). */
function withHostileCharacter(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(valid, hostileCharacter, fc.nat()).map(([text, hostile, at]) => {
    const position = at % (text.length + 1);
    return `${text.slice(0, position)}${hostile}${text.slice(position)}`;
  });
}

interface Subject {
  name: string;
  run: (text: string) => unknown;
  error: new (...args: never[]) => Error;
  valid: fc.Arbitrary<string>;
  /** The strings an accepted result shows or sends onwards. */
  outputs: (result: never) => string[];
}

const subjects: Subject[] = [
  {
    name: 'parseImageReference',
    run: parseImageReference,
    error: ImageReferenceError,
    valid: validReference,
    outputs: (reference: ReturnType<typeof parseImageReference>) => [reference.canonical, reference.familiarReference, reference.host, reference.pullReference],
  },
  { name: 'normalizeRegistryAddress', run: normalizeRegistryAddress, error: RegistryAddressError, valid: validAddress, outputs: (host: string) => [host] },
  {
    name: 'validatePattern',
    run: (text) => validatePattern(text, 'ghcr.io'),
    error: ImagePatternError,
    valid: validPattern,
    outputs: (pattern: ReturnType<typeof validatePattern>) => [pattern.expanded, pattern.written],
  },
];

/** Runs `subject` and returns what it accepted, or undefined after checking the refusal is its typed error and safe to show. */
function attempt(subject: Subject, text: string): string[] | undefined {
  let result: unknown;
  try {
    result = subject.run(text);
  } catch (error) {
    if (!(error instanceof subject.error)) throw error;
    expect(error.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(error.message).not.toMatch(UNSAFE_IN_MESSAGES);
    return undefined;
  }
  return subject.outputs(result as never);
}

describe.each(subjects)('$name on hostile text', (subject) => {
  it('returns a value or throws its typed error, with a short message safe to show, for any hostile text', () => {
    const anyHostile = fc.oneof(withHostileCharacter(subject.valid), fc.array(hostileCharacter, { maxLength: 12 }).map((parts) => parts.join('')), fc.string({ unit: 'binary', maxLength: 300 }));
    fc.assert(
      fc.property(anyHostile, (text) => {
        for (const output of attempt(subject, text) ?? []) expect(output).toMatch(/^[\x21-\x7e]*$/);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses valid text with one hostile character anywhere in it — a look-alike never names another thing', () => {
    fc.assert(
      fc.property(withHostileCharacter(subject.valid), (text) => {
        // Ordinary white space at either end is trimmed by design; every other hostile character must be refused.
        if (text.trim() !== text && /^[\x21-\x7e]*$/.test(text.trim())) return;
        expect(attempt(subject, text)).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  // How long a refusal of very long text takes is measured by `npm run bench -- --only=reliability`.
  it('refuses very long text with a short message', () => {
    fc.assert(
      fc.property(hugeText, (text) => void attempt(subject, text)),
      { numRuns: HUGE_RUNS },
    );
  });
});

describe('validateRegistryPatterns on hostile lists', () => {
  it('returns the expanded list or throws ImagePatternError / RegistryAddressError for any list and address', () => {
    const list = fc.array(fc.oneof(validPattern, withHostileCharacter(validPattern), fc.string({ unit: 'binary', maxLength: 40 })), { maxLength: 50 });
    const address = fc.oneof(validAddress, withHostileCharacter(validAddress));
    fc.assert(
      fc.property(list, address, (patterns, registryAddress) => {
        try {
          const expanded = validateRegistryPatterns(patterns, registryAddress);
          expect(expanded).toHaveLength(patterns.length);
          expect(new Set(expanded.map((pattern) => pattern.expanded)).size).toBe(expanded.length);
        } catch (error) {
          if (!(error instanceof ImagePatternError) && !(error instanceof RegistryAddressError)) throw error;
          expect(error.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
          expect(error.message).not.toMatch(UNSAFE_IN_MESSAGES);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
