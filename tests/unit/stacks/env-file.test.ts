import { describe, expect, it } from 'vitest';
import { composeEnvironment, EnvFileError, parseEnvFile } from '../../../main/core/stacks/env-file';

describe('parseEnvFile', () => {
  it('reads KEY=VALUE lines, skipping blank lines and comments, with an optional export prefix', () => {
    const text = ['# settings', '', 'A=1', '  B = two  ', 'export C=3', 'export  D=4', '   # indented comment', 'E: five'].join('\n');
    expect(parseEnvFile(text, {})).toEqual({ A: '1', B: 'two', C: '3', D: '4', E: 'five' });
  });

  it('ends an unquoted value at " #" only', () => {
    expect(parseEnvFile('A=value # comment\nB=value#not-a-comment\nC=#x', {})).toEqual({ A: 'value', B: 'value#not-a-comment', C: '#x' });
  });

  it('keeps single-quoted values literal and reads escapes in double-quoted ones', () => {
    const text = [
      `S='literal $HOME \\n # kept'`,
      `SQ='it\\'s'`,
      `D="tab\\there # kept" # comment`,
      `DQ="say \\"hi\\" \\\\ done"`,
      `DOLLAR="\\$HOME stays"`,
      `U=some\\tvalue`,
    ].join('\n');
    expect(parseEnvFile(text, { HOME: '/root' })).toEqual({
      S: 'literal $HOME \\n # kept',
      SQ: "it's",
      D: 'tab\there # kept',
      DQ: 'say "hi" \\ done',
      DOLLAR: '$HOME stays',
      U: 'some\\tvalue',
    });
  });

  it('reads quoted values over several lines and counts lines after them', () => {
    const text = 'A="one\ntwo"\nB=\'x\ny\'\nC=3\nD=${MISSING:?needed}';
    let error: unknown;
    try {
      parseEnvFile(text, {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvFileError);
    expect(error).toMatchObject({ line: 6 });
    expect(parseEnvFile(text.replace('${MISSING:?needed}', 'ok'), {})).toEqual({ A: 'one\ntwo', B: 'x\ny', C: '3', D: 'ok' });
  });

  it('interpolates unquoted and double-quoted values: process environment first, then earlier lines', () => {
    const text = ['HOST=db', 'URL=postgres://$HOST:${PORT:-5432}/app', 'SHADOWED=from-file', 'USE="${SHADOWED}"', 'ESC=$$HOST'].join('\n');
    expect(parseEnvFile(text, { SHADOWED: 'from-env' })).toEqual({
      HOST: 'db',
      URL: 'postgres://db:5432/app',
      SHADOWED: 'from-file',
      USE: 'from-env',
      ESC: '$HOST',
    });
  });

  it('takes a bare KEY from the process environment, or leaves it out', () => {
    expect(parseEnvFile('TOKEN\nNOT_THERE\n', { TOKEN: 'abc' })).toEqual({ TOKEN: 'abc' });
  });

  it('handles CRLF line ends and a byte order mark', () => {
    expect(parseEnvFile('\uFEFFA=1\r\nB="2"\r\n', {})).toEqual({ A: '1', B: '2' });
  });

  it('reports bad lines with their number', () => {
    expect(() => parseEnvFile('A=1\n=2', {}, 'prod.env')).toThrow(/prod\.env, line 2/);
    expect(() => parseEnvFile('A=1\nB C=2', {})).toThrow(/line 2: expected "=" after B/);
    expect(() => parseEnvFile('A="open\nB=2', {})).toThrow(/line 1: the value of A opens a double quote that is never closed/);
    expect(() => parseEnvFile("A='x' trailing", {})).toThrow(/after the closing quote/);
  });
});

describe('composeEnvironment', () => {
  it('lets the process environment win over the env file, as compose does', () => {
    expect(composeEnvironment({ TAG: 'from-env', UNSET: undefined }, { TAG: 'from-file', ONLY_FILE: 'x' })).toEqual({ TAG: 'from-env', ONLY_FILE: 'x' });
  });
});
