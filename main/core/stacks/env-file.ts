/**
 * `.env` files as Docker Compose reads them (compose's "env file syntax"):
 * - `KEY=VALUE` (or `KEY: VALUE`), an optional `export ` prefix, blank lines and `#` comments;
 * - unquoted values end at ` #` (a comment needs a space before it) and are trimmed;
 * - 'single-quoted' values are literal; "double-quoted" values understand \n \r \t \\ \" and \$, and both kinds
 *   may span lines;
 * - unquoted and double-quoted values are interpolated, looking a name up in the process environment first and
 *   then in the lines above (compose's order);
 * - a bare `KEY` takes its value from the process environment, and is left out when that has none.
 *
 * The process environment also wins over the file when the two are combined for interpolating the compose file.
 */
import { StevedoreError } from '../errors';
import { interpolate, InterpolationError } from './interpolate';

export class EnvFileError extends StevedoreError {
  declare readonly code: 'COMPOSE_ENV_FILE';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super('COMPOSE_ENV_FILE', message);
  }
}

type Environment = Readonly<Record<string, string | undefined>>;

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*/;

/**
 * Parses an env file. `fileName` is only for messages. `fromEnvironment`, when given, collects the keys whose
 * value came from (or used a variable of) the process environment: values the window must not be shown.
 */
export function parseEnvFile(text: string, processEnv: Environment, fileName = '.env', fromEnvironment?: Set<string>): Record<string, string> {
  const values: Record<string, string> = {};
  let currentKey = '';
  const lookup = new Proxy({} as Record<string, string | undefined>, {
    get: (_target, name) => {
      if (typeof name !== 'string') return undefined;
      if (processEnv[name] !== undefined || fromEnvironment?.has(name)) fromEnvironment?.add(currentKey);
      return processEnv[name] ?? values[name];
    },
  });
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let position = 0;
  let line = 1;

  const fail = (message: string, atLine = line): never => {
    throw new EnvFileError(`${fileName}, line ${atLine}: ${message}`, atLine);
  };
  const expand = (value: string, atLine: number): string => {
    try {
      return interpolate(value, lookup);
    } catch (error) {
      if (error instanceof InterpolationError) fail(error.message, atLine);
      throw error;
    }
  };

  while (position < source.length) {
    const lineEnd = indexOrEnd(source, '\n', position);
    const raw = source.slice(position, lineEnd);
    const trimmed = raw.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) {
      position = lineEnd + 1;
      line += 1;
      continue;
    }
    const startLine = line;
    let rest = trimmed.replace(/^export[ \t]+/, '');
    const key = KEY.exec(rest)?.[0];
    currentKey = key ?? '';
    if (key === undefined) fail(`"${raw.trim().slice(0, 40)}" is not KEY=VALUE; a key starts with a letter or _ and has letters, digits, _, . or -.`);
    rest = rest.slice(key!.length).trimStart();

    if (rest === '' || rest.startsWith('#')) {
      const inherited = processEnv[key!];
      if (inherited !== undefined) {
        values[key!] = inherited;
        fromEnvironment?.add(key!);
      }
      position = lineEnd + 1;
      line += 1;
      continue;
    }
    if (rest[0] !== '=' && rest[0] !== ':') fail(`expected "=" after ${key}, found "${rest[0]}".`);
    rest = rest.slice(1).replace(/^[ \t]+/, '');
    // Where the value starts in `source`, so quoted values can run on past this line.
    const valueStart = lineEnd - rest.length;
    const quote = rest[0];

    if (quote === '"' || quote === "'") {
      const close = findClosingQuote(source, valueStart + 1, quote);
      if (close === -1) fail(`the value of ${key} opens a ${quote === '"' ? 'double' : 'single'} quote that is never closed.`);
      const body = source.slice(valueStart + 1, close);
      const afterLineEnd = indexOrEnd(source, '\n', close);
      const trailing = source.slice(close + 1, afterLineEnd).trim();
      const linesSpanned = countNewlines(body);
      if (trailing !== '' && !trailing.startsWith('#')) {
        fail(`unexpected "${trailing.slice(0, 20)}" after the closing quote of ${key}; put a comment after " #".`, startLine + linesSpanned);
      }
      values[key!] = quote === "'" ? body.replace(/\\'/g, "'") : expand(unescapeDoubleQuoted(body), startLine);
      line += linesSpanned + 1;
      position = afterLineEnd + 1;
      continue;
    }

    const comment = /[ \t]#/.exec(rest);
    const value = (comment ? rest.slice(0, comment.index) : rest).trim();
    values[key!] = expand(value, startLine);
    position = lineEnd + 1;
    line += 1;
  }
  return values;
}

/** The variables a compose file is interpolated with: the env file's, overridden by the process environment. */
export function composeEnvironment(processEnv: Environment, fromFile: Readonly<Record<string, string>> = {}): Record<string, string> {
  const merged: Record<string, string> = { ...fromFile };
  for (const [name, value] of Object.entries(processEnv)) if (value !== undefined) merged[name] = value;
  return merged;
}

function indexOrEnd(text: string, search: string, from: number): number {
  const found = text.indexOf(search, from);
  return found === -1 ? text.length : found;
}

function countNewlines(text: string): number {
  let count = 0;
  for (const character of text) if (character === '\n') count += 1;
  return count;
}

function findClosingQuote(text: string, from: number, quote: string): number {
  for (let index = from; index < text.length; index += 1) {
    const character = text[index];
    if (character === '\\') {
      index += 1;
      continue;
    }
    if (character === quote) return index;
  }
  return -1;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t' };

/** `\$` becomes `$$` so that interpolation keeps it literal; any other escaped character stands for itself. */
function unescapeDoubleQuoted(body: string): string {
  return body.replace(/\\(.)/gs, (_match, character: string) => (character === '$' ? '$$' : (ESCAPES[character] ?? character)));
}
