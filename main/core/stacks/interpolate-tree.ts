/**
 * Interpolation of a whole compose tree (every string value, not keys, as compose does), and the privacy rule
 * around it: values taken from Stevedore's own environment are recorded so that messages name the text as
 * written, never the value.
 */
import { interpolate, InterpolationError } from './interpolate';

/**
 * Which values come from Stevedore's own environment: every variable it has (it wins over the env file, as in
 * compose) and the env-file keys that took their value from it. What is interpolated from them is recorded in
 * `shown` (value → the text as written) so that the window is shown the text, never the value.
 */
export interface Privacy {
  names: ReadonlySet<string>;
  used: Set<string>;
  shown: Map<string, string>;
}

/** `context` is the project's ParseContext (main/core/stacks/reader.ts): the process environment and the env-file keys taken from it. */
export function privacyOf(context: { env: Readonly<Record<string, string | undefined>>; envFileFromEnvironment?: ReadonlySet<string> }): Privacy {
  const names = new Set<string>(context.envFileFromEnvironment ?? []);
  for (const [name, value] of Object.entries(context.env)) if (value !== undefined) names.add(name);
  return { names, used: new Set(), shown: new Map() };
}

/** Short values ("1", "on") are left alone: replacing them would garble every message and hide nothing. */
const MIN_HIDDEN_LENGTH = 3;

/** Each hidden value → what a message says instead: the text it was written as, or the variable's ${NAME}. */
export function hiddenValuesOf(privacy: Privacy, environment: Readonly<Record<string, string>>): Map<string, string> {
  const replacements = new Map<string, string>(privacy.shown);
  for (const name of privacy.used) {
    const value = environment[name];
    if (value !== undefined && !replacements.has(value)) replacements.set(value, `\${${name}}`);
  }
  // Longest first, so a value that contains another is replaced whole.
  return new Map([...replacements].filter(([value]) => value.length >= MIN_HIDDEN_LENGTH).sort(([a], [b]) => b.length - a.length));
}

/** A message with every value from Stevedore's environment replaced by the text it was written as. */
export function hide(message: string, replacements: ReadonlyMap<string, string>): string {
  let result = message;
  for (const [value, written] of replacements) if (result.includes(value)) result = result.split(value).join(written);
  return result;
}

/** Interpolates every string value (not keys, as compose) and reports each failure with its path. */
export function interpolateTree(
  value: unknown,
  at: Array<string | number>,
  environment: Record<string, string>,
  unset: Set<string>,
  report: (at: Array<string | number>, error: InterpolationError) => void,
  privacy?: Privacy,
): unknown {
  if (typeof value === 'string') {
    try {
      let fromEnvironment = false;
      const result = interpolate(value, environment, {
        onUnset: (name) => unset.add(name),
        onLookup: (name) => {
          if (!privacy?.names.has(name)) return;
          fromEnvironment = true;
          privacy.used.add(name);
        },
      });
      if (fromEnvironment && privacy && result !== '') privacy.shown.set(result, value);
      return result;
    } catch (error) {
      if (!(error instanceof InterpolationError)) throw error;
      report(at, error);
      return '';
    }
  }
  if (Array.isArray(value)) return value.map((item, index) => interpolateTree(item, [...at, index], environment, unset, report, privacy));
  if (isRecord(value)) {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) result[key] = interpolateTree(item, [...at, key], environment, unset, report, privacy);
    return result;
  }
  return value;
}

export function pathKey(at: ReadonlyArray<string | number>): string {
  return at.join('\u0000');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

