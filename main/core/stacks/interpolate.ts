/**
 * Compose variable interpolation (the compose specification's "Interpolation" section), as compose-go does it:
 * `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}`, `${VAR:+alt}`,
 * `${VAR+alt}`, `$$` for a literal `$`, and nesting inside the word (`${A:-${B:-x}}`).
 *
 * The word after an operator is interpolated only when it is used, so `${A:-${B:?needed}}` fails only when A is
 * unset. A `$` that starts nothing (`$1`, `$ `, a trailing `$`) stays as written, as in compose.
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
  if (!text.includes('$')) return text;
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
      const braced = parseBraced(text, dollar);
      result += evaluate(braced, env, options);
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
  /** The raw word after the operator, interpolated only if used. */
  word: string;
  /** Index just after the closing brace. */
  end: number;
}

function parseBraced(text: string, dollar: number): Braced {
  const start = dollar + 2;
  let index = start;
  if (!NAME_START.test(text[index] ?? '')) {
    if (index >= text.length) throw unterminated(text, dollar);
    throw invalidSyntax(text, dollar, 'a variable name (letters, digits and _, not starting with a digit) must follow "${"');
  }
  while (index < text.length && NAME_PART.test(text[index] ?? '')) index += 1;
  const name = text.slice(start, index);
  if (index >= text.length) throw unterminated(text, dollar);
  if (text[index] === '}') return { name, word: '', end: index + 1 };

  const operator = OPERATORS.find((candidate) => text.startsWith(candidate, index));
  if (operator === undefined) {
    throw invalidSyntax(text, dollar, `"${text[index]}" cannot follow the name ${name}; use }, :-, -, :?, ?, :+ or +`);
  }
  const wordStart = index + operator.length;
  // The word ends at the brace that balances this one; nested ${…} and $$ inside it are skipped over.
  let depth = 0;
  index = wordStart;
  while (index < text.length) {
    const character = text[index];
    if (character === '$' && (text[index + 1] === '$' || text[index + 1] === '{')) {
      if (text[index + 1] === '{') depth += 1;
      if (depth > MAX_NESTING) throw invalidSyntax(text, dollar, `variables are nested more than ${MAX_NESTING} levels deep`);
      index += 2;
      continue;
    }
    if (character === '}') {
      if (depth === 0) return { name, operator, word: text.slice(wordStart, index), end: index + 1 };
      depth -= 1;
    }
    index += 1;
  }
  throw unterminated(text, dollar);
}

function evaluate(braced: Braced, env: Environment, options: InterpolationOptions): string {
  const { name, operator, word } = braced;
  const value = env[name];
  const isSet = value !== undefined;
  const isSetAndNotEmpty = isSet && value !== '';
  switch (operator) {
    case undefined:
      return lookup(name, env, options);
    case ':-':
      return isSetAndNotEmpty ? value : interpolate(word, env, options);
    case '-':
      return isSet ? value : interpolate(word, env, options);
    case ':+':
      return isSetAndNotEmpty ? interpolate(word, env, options) : '';
    case '+':
      return isSet ? interpolate(word, env, options) : '';
    case ':?':
    case '?': {
      if (operator === ':?' ? isSetAndNotEmpty : isSet) return value ?? '';
      const message = interpolate(word, env, options).trim();
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
    `"${excerpt(text, dollar)}" opens "\${" without a closing "}". Close it, or write $$ for a literal $.`,
    'unterminated',
  );
}

function invalidSyntax(text: string, dollar: number, why: string): InterpolationError {
  return new InterpolationError(`"${excerpt(text, dollar)}" is not valid interpolation: ${why}. Write $$ for a literal $.`, 'invalid');
}
