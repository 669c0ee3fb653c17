import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpolate, InterpolationError } from '../../../main/core/stacks/interpolate';

const env = { SET: 'value', EMPTY: '', OTHER: 'other', PORT: '8080' };

function failure(text: string, environment: Record<string, string | undefined> = env): InterpolationError {
  try {
    interpolate(text, environment);
  } catch (error) {
    if (error instanceof InterpolationError) return error;
    throw error;
  }
  throw new Error(`expected "${text}" to fail`);
}

describe('interpolate', () => {
  it.each([
    ['$SET', 'value'],
    ['${SET}', 'value'],
    ['pre-${SET}-post', 'pre-value-post'],
    ['$SET$OTHER', 'valueother'],
    ['$SET.txt', 'value.txt'],
    ['${UNSET}', ''],
    ['$UNSET', ''],
  ])('substitutes %s → %s', (text, expected) => {
    expect(interpolate(text, env)).toBe(expected);
  });

  it.each([
    // :- and - : default when unset (or, with the colon, also when empty)
    ['${SET:-d}', 'value'],
    ['${EMPTY:-d}', 'd'],
    ['${UNSET:-d}', 'd'],
    ['${SET-d}', 'value'],
    ['${EMPTY-d}', ''],
    ['${UNSET-d}', 'd'],
    // :+ and + : alternative when set (with the colon, also non-empty)
    ['${SET:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${UNSET:+alt}', ''],
    ['${SET+alt}', 'alt'],
    ['${EMPTY+alt}', 'alt'],
    ['${UNSET+alt}', ''],
    // ? and :? pass the value through when it is there
    ['${SET:?needed}', 'value'],
    ['${SET?needed}', 'value'],
    ['${EMPTY?needed}', ''],
    // defaults may be empty, contain spaces, colons and dashes
    ['${UNSET:-}', ''],
    ['${UNSET:-a b:c-d}', 'a b:c-d'],
    ['${UNSET:-127.0.0.1:5001/app:1.0}', '127.0.0.1:5001/app:1.0'],
  ])('applies the operator in %s → %s', (text, expected) => {
    expect(interpolate(text, env)).toBe(expected);
  });

  it('interpolates nested defaults and alternatives, only when used', () => {
    expect(interpolate('${UNSET:-${OTHER:-x}}', env)).toBe('other');
    expect(interpolate('${UNSET:-${ALSO_UNSET:-x}}', env)).toBe('x');
    expect(interpolate('${A:-${B:-${C:-deep}}}', {})).toBe('deep');
    expect(interpolate('${SET:+[${OTHER}]}', env)).toBe('[other]');
    expect(interpolate('${UNSET:-$PORT}', env)).toBe('8080');
    // The required variable inside an unused default is never looked at.
    expect(interpolate('${SET:-${MISSING:?never asked}}', env)).toBe('value');
    expect(() => interpolate('${UNSET:-${MISSING:?asked now}}', env)).toThrow(/MISSING.*asked now/);
  });

  it('turns $$ into a literal $ everywhere, including inside defaults', () => {
    expect(interpolate('$$', env)).toBe('$');
    expect(interpolate('$$SET', env)).toBe('$SET');
    expect(interpolate('$${SET}', env)).toBe('${SET}');
    expect(interpolate('a$$$SET', env)).toBe('a$value');
    expect(interpolate('${UNSET:-$$}', env)).toBe('$');
    expect(interpolate('${UNSET:-cost $$5}', env)).toBe('cost $5');
    expect(interpolate('echo $$HOME && echo $$$$', env)).toBe('echo $HOME && echo $$');
  });

  it('leaves a $ that starts nothing as it is, as compose does', () => {
    expect(interpolate('cost $5', env)).toBe('cost $5');
    expect(interpolate('trailing $', env)).toBe('trailing $');
    expect(interpolate('a $ b', env)).toBe('a $ b');
    expect(interpolate('}{', env)).toBe('}{');
    expect(interpolate('${SET}}', env)).toBe('value}');
  });

  it('names the missing required variable and gives its message', () => {
    const unset = failure('${DB_PASSWORD:?set the database password}');
    expect(unset).toMatchObject({ code: 'COMPOSE_VARIABLE', problem: 'required', variable: 'DB_PASSWORD' });
    expect(unset.message).toMatch(/DB_PASSWORD/);
    expect(unset.message).toMatch(/set the database password/);
    expect(unset.message).toMatch(/\.env/);

    const empty = failure('${EMPTY:?must not be empty}');
    expect(empty).toMatchObject({ variable: 'EMPTY' });
    expect(empty.message).toMatch(/set, but empty/);

    expect(failure('${UNSET?}')).toMatchObject({ variable: 'UNSET', problem: 'required' });
    // The message itself is interpolated.
    expect(failure('${UNSET:?needed for $SET}').message).toMatch(/needed for value/);
  });

  it('refuses an unterminated ${ with a clear message', () => {
    for (const text of ['${SET', '${', 'a ${UNSET:-x', '${UNSET:-${SET}', 'x ${UNSET:-${OTHER']) {
      const error = failure(text);
      expect(error.problem).toBe('unterminated');
      expect(error.message).toMatch(/without a closing "}"/);
      expect(error.message).toMatch(/\$\$/);
    }
  });

  it('refuses invalid braced syntax', () => {
    for (const text of ['${}', '${1A}', '${SET:x}', '${SET.x}', '${-x}', '${ SET}']) {
      expect(failure(text).problem).toBe('invalid');
    }
  });

  it('tells about unset plain variables (compose warns and uses an empty string)', () => {
    const unset: string[] = [];
    expect(interpolate('$A ${B} ${C:-x} ${SET}', env, { onUnset: (name) => unset.push(name) })).toBe('  x value');
    expect(unset).toEqual(['A', 'B']);
  });

  it('is the identity on text without $ and never throws on $$-escaped text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const escaped = text.replaceAll('$', () => '$$');
        expect(interpolate(escaped, env)).toBe(text);
      }),
    );
  });
});
