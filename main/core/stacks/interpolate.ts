/**
 * Compose variable interpolation (the compose specification's "Interpolation" section), matching what
 * `docker compose config` (compose-go, Compose v2.26) prints: `$VAR`, `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:?message}`, `${VAR?message}`, `${VAR:+alt}`, `${VAR+alt}`, `$$` for a literal `$`,
 * and nesting inside the word (`${A:-${B:-x}}`).
 *
 * How compose finds the end of `${…}`, reproduced here (tests/unit/stacks/interpolate.test.ts holds the cases,
 * taken from compose's own output):
 * - the braces of the word are counted, plain `{` and `}` included: `${U:-{x}y}` is the default `{x}y`, and
 *   `${X:-{"a":1}}` ends at the last brace;
 * - when they never balance, the expression runs to the last `}` on its line (`${U:-{}` is the default `{`);
 * - a `${` with no `}` after it on its line is invalid.
 * The word after an operator is interpolated whether or not it is used, as compose does: `${SET:-${1}}` is
 * invalid and `${SET:-${MISSING:?x}}` fails, although SET is set. A `$` that starts nothing (`$1`, `$ `, a
 * trailing `$`) stays as written.
 */
import { StevedoreError } from '../errors';

export type InterpolationProblem = 'required' | 'invalid' | 'unterminated';

export class InterpolationError extends StevedoreError {
  declare readonly code: 'COMPOSE_VARIABLE';
  constructor(
    message: string,
    readonly problem: InterpolationProblem,
    /** The variable that is missing, when the problem is a missing required variable. */
    readonly variable?: string,
  ) {
    super('COMPOSE_VARIABLE', message);
  }
}

export interface InterpolationOptions {
  /** Told about every plain `$VAR`/`${VAR}` that is unset (compose substitutes an empty string and warns). */
  onUnset?: (variable: string) => void;
  /** Told about every variable whose value is looked up, used or not (so callers know where a result came from). */
  onLookup?: (variable: string) => void;
}

type Environment = Readonly<Record<string, string | undefined>>;

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const OPERATORS = [':-', ':?', ':+', '-', '?', '+'] as const;
/** Real files nest two or three levels; a limit keeps a hostile file from exhausting the stack. */
const MAX_NESTING = 64;
type Operator = (typeof OPERATORS)[number];

/** Replaces every variable in `text`; throws `InterpolationError` for a missing required variable or bad syntax. */
export function interpolate(text: string, env: Environment, options: InterpolationOptions = {}): string {
  return substitute(text, env, options, 0);
}

function substitute(text: string, env: Environment, options: InterpolationOptions, nesting: number): string {
  if (!text.includes('$')) return text;
  if (nesting > MAX_NESTING) throw invalidSyntax(text, 0, `variables are nested more than ${MAX_NESTING} levels deep`);
  const lastBraces = new LastBraceOnLine(text);
  let result = '';
  let index = 0;
  while (index < text.length) {
    const dollar = text.indexOf('$', index);
    if (dollar === -1) {
      result += text.slice(index);
      break;
    }
    result += text.slice(index, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      result += '$';
      index = dollar + 2;
    } else if (next === '{') {
      const braced = parseBraced(text, dollar, lastBraces);
      result += evaluate(braced, env, options, nesting);
      index = braced.end;
    } else if (next !== undefined && NAME_START.test(next)) {
      let end = dollar + 2;
      while (end < text.length && NAME_PART.test(text[end] ?? '')) end += 1;
      result += lookup(text.slice(dollar + 1, end), env, options);
      index = end;
    } else {
      result += '$';
      index = dollar + 1;
    }
  }
  return result;
}

interface Braced {
  name: string;
  operator?: Operator;
  /** The raw word after the operator. */
  word: string;
  /** Index just after the closing brace. */
  end: number;
}

/** Where the last `}` of each line is, found once per line (a long line with many variables stays linear). */
class LastBraceOnLine {
  private lineEnd = -1;
  private lastBrace = -1;
  constructor(private readonly text: string) {}

  /** The last `}` at or after `from` on the line that holds `from`, or -1. */
  after(from: number): number {
    if (from > this.lineEnd) {
      const newline = this.text.indexOf('\n', from);
      this.lineEnd = newline === -1 ? this.text.length : newline;
      this.lastBrace = this.text.lastIndexOf('}', this.lineEnd - 1);
    }
    return this.lastBrace >= from ? this.lastBrace : -1;
  }
}

function parseBraced(text: string, dollar: number, lastBraces: LastBraceOnLine): Braced {
  const start = dollar + 2;
  let index = start;
  if (!NAME_START.test(text[index] ?? '')) {
    if (lastBraces.after(start) === -1) throw unterminated(text, dollar);
    throw invalidSyntax(text, dollar, 'a variable name (letters, digits and _, not starting with a digit) must follow "${"');
  }
  while (index < text.length && NAME_PART.test(text[index] ?? '')) index += 1;
  const name = text.slice(start, index);
  if (text[index] === '}') return { name, word: '', end: index + 1 };
  const operator = OPERATORS.find((candidate) => text.startsWith(candidate, index));
  if (operator === undefined) {
    if (index >= text.length || text[index] === '\n') throw unterminated(text, dollar);
    throw invalidSyntax(text, dollar, `"${text[index]}" cannot follow the name ${name}; use }, :-, -, :?, ?, :+ or +`);
  }
  const wordStart = index + operator.length;
  const last = lastBraces.after(wordStart);
  if (last === -1) throw unterminated(text, dollar);
  // Braces are counted from the one after "$": the expression ends where they balance, or else at the last "}".
  let depth = 1;
  for (index = wordStart; index < last; index += 1) {
    const character = text[index];
    if (character === '{') depth += 1;
    else if (character === '}' && --depth === 0) break;
  }
  return { name, operator, word: text.slice(wordStart, index), end: index + 1 };
}

function evaluate(braced: Braced, env: Environment, options: InterpolationOptions, nesting: number): string {
  const { name, operator, word } = braced;
  if (operator === undefined) return lookup(name, env, options);
  // Compose interpolates the word before it knows whether it is needed: its errors count either way.
  const interpolatedWord = substitute(word, env, options, nesting + 1);
  options.onLookup?.(name);
  const value = env[name];
  const isSet = value !== undefined;
  const isSetAndNotEmpty = isSet && value !== '';
  switch (operator) {
    case ':-':
      return isSetAndNotEmpty ? value : interpolatedWord;
    case '-':
      return isSet ? value : interpolatedWord;
    case ':+':
      return isSetAndNotEmpty ? interpolatedWord : '';
    case '+':
      return isSet ? interpolatedWord : '';
    case ':?':
    case '?': {
      if (operator === ':?' ? isSetAndNotEmpty : isSet) return value ?? '';
      // The message as written: its ${…} may stand for values that must not be shown (see docs/architecture.md).
      const message = word.trim();
      const emptyNote = operator === ':?' && isSet ? ' (it is set, but empty)' : '';
      throw new InterpolationError(
        `The variable ${name} is required but has no value${emptyNote}${message ? `: ${message}` : ''}. ` +
          `Set ${name} in the stack's .env file or in the environment Stevedore was started from.`,
        'required',
        name,
      );
    }
  }
}

function lookup(name: string, env: Environment, options: InterpolationOptions): string {
  options.onLookup?.(name);
  const value = env[name];
  if (value === undefined) {
    options.onUnset?.(name);
    return '';
  }
  return value;
}

function excerpt(text: string, from: number): string {
  const shown = text.slice(from, from + 40);
  return from + 40 < text.length ? `${shown}…` : shown;
}

function unterminated(text: string, dollar: number): InterpolationError {
  return new InterpolationError(
    `"${excerpt(text, dollar)}" opens "\${" without a closing "}" on the same line. Close it, or write $$ for a literal $.`,
    'unterminated',
  );
}

function invalidSyntax(text: string, dollar: number, why: string): InterpolationError {
  return new InterpolationError(`"${excerpt(text, dollar)}" is not valid interpolation: ${why}. Write $$ for a literal $.`, 'invalid');
}
