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

  it('interpolates nested defaults and alternatives', () => {
    expect(interpolate('${UNSET:-${OTHER:-x}}', env)).toBe('other');
    expect(interpolate('${UNSET:-${ALSO_UNSET:-x}}', env)).toBe('x');
    expect(interpolate('${A:-${B:-${C:-deep}}}', {})).toBe('deep');
    expect(interpolate('${SET:+[${OTHER}]}', env)).toBe('[other]');
    expect(interpolate('${UNSET:-$PORT}', env)).toBe('8080');
    expect(() => interpolate('${UNSET:-${MISSING:?asked now}}', env)).toThrow(/MISSING.*asked now/);
  });

  // Expected values are what `docker compose config --format json` printed (Compose v2.26.1 on the test bench)
  // for `environment: { E: '<text>' }` with X=set, A=aval, B=bval and U unset. Compose prints a literal $ as $$.
  it.each([
    ['${X:-{"a":1}}', 'set'],
    ['${U:-{x}y}', '{x}y'],
    ['${U:-{x}y}z}', '{x}yz}'],
    ['${U:-{x}}}', '{x}}'],
    ['${X:-{"a":{"b":2}}}', 'set'],
    ['${U:-{"a":{"b":2}}}', '{"a":{"b":2}}'],
    ['${U:-a{b}c}', 'a{b}c'],
    ['${U:-a}b}', 'ab}'],
    ['${U:-}}', '}'],
    ['${U:-}}}', '}}'],
    ['${U:-{}', '{'],
    ['${X-{}', 'set'],
    ['${U:-}{}', '{}'],
    ['${U:-{{}}}', '{{}}'],
    ['${U:-${B}{}', 'bval{'],
    ['${U:-{${B}}}', '{bval}'],
    ['${U:-{${A}}x', '{avalx'],
    ['${U:-${A}}}x', 'aval}x'],
    ['${U:-${B:-{}}', 'bval'],
    ['${A:-${B:-{}}x}', 'aval'],
    ['${U:-{}y${B}z}', '{}ybvalz'],
    ['${U:-a}$X}', 'aset}'],
    ['${U:-a}}${B}', 'a}bval'],
    ['${A:-x}}${B:-y}}', 'aval}bval}'],
    ['${B}}x', 'bval}x'],
    ['${B}-x}', 'bval-x}'],
    ['${U}a}', 'a}'],
    ['$X}', 'set}'],
    ['$$HOME', '$HOME'],
    ['$$$X', '$set'],
    ['${U:-$${x}}', '${x}'],
    ['${U:-$${}', '${'],
    ['${U:-$}', '$'],
    ['${U:-$$}}', '$}'],
    ['${A:-${B}}', 'aval'],
    ['${U:-${B}}', 'bval'],
    ['${U:-${A:-${B:-deep}}}', 'aval'],
    ['${A:+alt}', 'alt'],
    ['${U:+alt}', ''],
    ['${A:+{alt}}', '{alt}'],
    ['${A+{a}{b}}', '{a}{b}'],
    ['${A:+{}', '{'],
    ['${U:+{}', ''],
    ['${U-}', ''],
    ['${X:?${B}}', 'set'],
    ['${b}', ''],
    ['$', '$'],
    ['a$', 'a$'],
  ])('matches compose: %s → %s', (text, expected) => {
    expect(interpolate(text, { X: 'set', A: 'aval', B: 'bval' })).toBe(expected);
  });

  it.each([
    // Compose v2.26.1 refused each of these ("invalid interpolation format" / "required variable … is missing").
    ['${U:-a', 'unterminated'],
    ['${}', 'invalid'],
    ['${1X}', 'invalid'],
    ['${X:x}', 'invalid'],
    ['${U:-{a}${B:-{b}${X}}', 'unterminated'],
    ['x${U:-{}y${B}', 'unterminated'],
    ['${U:-{\n}', 'unterminated'],
    ['${B:-x}y${', 'unterminated'],
    // The word is interpolated even when it is not used.
    ['${A:-${1}}', 'invalid'],
    ['${A:?${1}}', 'invalid'],
    ['${A:-${U:?needed}}', 'required'],
    ['${A:+${U:?x}}', 'required'],
    ['${A-${U:?x}}', 'required'],
    ['${A:?${U:?inner}}', 'required'],
  ])('refuses what compose refuses: %s (%s)', (text, problem) => {
    expect(failure(text, { X: 'set', A: 'aval', B: 'bval' }).problem).toBe(problem);
  });

  it('keeps a line with many variables linear and tells which variables were looked up', () => {
    const looked: string[] = [];
    const text = `${'${SET}'.repeat(20_000)}}`;
    expect(interpolate(text, env, { onLookup: (name) => looked.push(name) })).toBe(`${'value'.repeat(20_000)}}`);
    expect(looked).toHaveLength(20_000);
    const nested: string[] = [];
    interpolate('${UNSET:-${OTHER}} $PORT', env, { onLookup: (name) => nested.push(name) });
    expect(nested.sort()).toEqual(['OTHER', 'PORT', 'UNSET']);
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
    // The message is quoted as written: its variables may hold values the window must not see.
    expect(failure('${UNSET:?needed for $SET}').message).toMatch(/needed for \$SET/);
    expect(failure('${UNSET:?needed for $SET}').message).not.toMatch(/for value/);
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

  it('says what is wrong in each refusal, quoting at most 40 characters of the expression', () => {
    expect(failure('${1X}').message).toBe('"${1X}" is not valid interpolation: a variable name (letters, digits and _, not starting with a digit) must follow "${". Write $$ for a literal $.');
    expect(failure('${X:x}').message).toBe('"${X:x}" is not valid interpolation: ":" cannot follow the name X; use }, :-, -, :?, ?, :+ or +. Write $$ for a literal $.');
    expect(failure('${SET:x and a long tail that goes past forty characters}').message).toMatch(/^"\$\{SET:x and a long tail that goes past f…" is not valid/);
    // Exactly 40 characters from the "$": quoted whole, without the mark of a cut.
    expect(failure('${SET:x and a tail of exactly forty cha}').message).toMatch(/^"\$\{SET:x and a tail of exactly forty cha}" is not valid/);
    expect(failure('a ${UNSET:-x').message).toBe('"${UNSET:-x" opens "${" without a closing "}" on the same line. Close it, or write $$ for a literal $.');
    // A line break right after the name: the "}" on the next line does not close it.
    expect(failure('${SET\n}').problem).toBe('unterminated');
  });

  it('says where a required variable is set, and gives the message only when there is one', () => {
    expect(failure('${DB?}').message).toBe("The variable DB is required but has no value. Set DB in the stack's .env file or in the environment Stevedore was started from.");
    // Unset (not empty) with ":?", and the message as written without the spaces around it.
    expect(failure('${DB:?  set it  }', {}).message).toBe(
      "The variable DB is required but has no value: set it. Set DB in the stack's .env file or in the environment Stevedore was started from.",
    );
    expect(failure('${DB:?set it}', { DB: '' }).message).toBe(
      "The variable DB is required but has no value (it is set, but empty): set it. Set DB in the stack's .env file or in the environment Stevedore was started from.",
    );
    // Without the colon an empty value is a value.
    expect(interpolate('${DB?set it}', { DB: '' })).toBe('');
  });

  it('follows nesting 65 levels deep and refuses a 66th (a hostile file cannot exhaust the stack)', () => {
    const nested = (levels: number) => `${'${U:-'.repeat(levels)}x${'}'.repeat(levels)}`;
    expect(interpolate(nested(65), {})).toBe('x');
    const tooDeep = failure(nested(66), {});
    expect(tooDeep.problem).toBe('invalid');
    expect(tooDeep.message).toMatch(/variables are nested more than 64 levels deep/);
  });
});
