/**
 * `WWW-Authenticate` as registries send it (RFC 7235 auth-params; Docker's token spec): one or more challenges,
 * each `Scheme param=value, param="quoted, with commas and \"escapes\""`. Only Basic and Bearer matter here.
 */

export interface Challenge {
  /** Lower-cased: `basic`, `bearer`, … */
  scheme: string;
  /** Parameter names lower-cased; values unquoted and unescaped. */
  params: Record<string, string>;
}

const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;
const SPACE = /[ \t]*/y;

function match(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  const found = pattern.exec(text);
  return found === null ? undefined : found[0];
}

function skipSpace(text: string, at: number): number {
  return at + (match(SPACE, text, at)?.length ?? 0);
}

/** A quoted-string starting at `at` (which is the opening quote): the value and the index after the closing quote. */
function readQuoted(text: string, at: number): { value: string; end: number } {
  let value = '';
  let index = at + 1;
  while (index < text.length) {
    const char = text[index];
    if (char === '\\' && index + 1 < text.length) {
      value += text[index + 1];
      index += 2;
      continue;
    }
    if (char === '"') return { value, end: index + 1 };
    value += char;
    index += 1;
  }
  throw new Error('a quoted value is not closed');
}

/**
 * Parses every challenge of the header. Throws on text that is not a challenge list, so that a garbled header is
 * reported as such rather than read as "no authentication needed".
 */
export function parseChallenges(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  let index = skipSpace(header, 0);
  let current: Challenge | undefined;
  while (index < header.length) {
    if (header[index] === ',') {
      index = skipSpace(header, index + 1);
      continue;
    }
    const word = match(TOKEN, header, index);
    if (word === undefined) throw new Error(`unexpected '${header[index]}' at position ${index}`);
    const afterWord = skipSpace(header, index + word.length);
    if (header[afterWord] === '=' && current !== undefined) {
      // A parameter of the current challenge.
      let valueAt = skipSpace(header, afterWord + 1);
      let value: string;
      if (header[valueAt] === '"') {
        const quoted = readQuoted(header, valueAt);
        value = quoted.value;
        valueAt = quoted.end;
      } else {
        value = match(TOKEN, header, valueAt) ?? '';
        valueAt += value.length;
      }
      current.params[word.toLowerCase()] = value;
      index = skipSpace(header, valueAt);
      continue;
    }
    // A new scheme.
    current = { scheme: word.toLowerCase(), params: {} };
    challenges.push(current);
    index = afterWord;
  }
  return challenges;
}

/** The scope of a pull of one repository, as Docker's token spec writes it. */
export function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}
