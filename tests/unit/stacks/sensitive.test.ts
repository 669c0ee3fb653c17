import { describe, expect, it } from 'vitest';
import { safeOutputLine, sensitiveValues } from '../../../main/core/stacks/sensitive';

describe('compose output shown to the user', () => {
  const secrets = sensitiveValues(
    { DB_PASSWORD: 'hunter2-long', GITHUB_TOKEN: 'ghp_abcdefghijklmnop', API_KEY: 'k-123456', PATH: '/usr/bin', AUTH_ENABLED: 'true', TOKEN_TTL: '3600', PIN: 'abc' },
    { SECRET_SUFFIX: 'hunter2', HOME: '/root' },
  );

  it('collects the values of secret-looking variables from the environment and the env file, longest first', () => {
    expect(secrets).toEqual(['ghp_abcdefghijklmnop', 'hunter2-long', 'k-123456', 'hunter2']);
  });

  it('removes those values and terminal control codes, and keeps container names and image ids readable', () => {
    expect(safeOutputLine('\u001b[32mContainer shop-rmwtb14qz171b-web-1  Started\u001b[0m', secrets)).toBe('Container shop-rmwtb14qz171b-web-1  Started');
    expect(safeOutputLine('writing image sha256:5641d65c0b59bbf40545ea42603af6c3691573cf94f71cf8bea158f9257a019c done', secrets)).toContain('sha256:5641d65c0b59');
    const leaked = safeOutputLine('invalid value "hunter2-long" for DB_PASSWORD; token ghp_abcdefghijklmnop; short hunter2', secrets);
    expect(leaked).not.toMatch(/hunter2|ghp_/);
    expect(leaked).toBe('invalid value "•••" for DB_PASSWORD; token •••; short •••');
  });

  // The shell's working directories: "pwd" in their names is the command, not a password. Taken for secrets, every
  // path under the folder Stevedore was started from read "•••/…" in compose's output and the deploy's credentials.
  it('leaves the working directory alone, and still takes a *_PWD for a password', () => {
    expect(sensitiveValues({ PWD: '/home/alice', OLDPWD: '/home/alice/projects', DB_PWD: 'letmein-9' })).toEqual(['letmein-9']);
    expect(safeOutputLine('Container shop-web-1  Created from /home/alice/projects/shop/compose.yaml', sensitiveValues({ PWD: '/home/alice' }))).toContain('/home/alice/projects');
  });
});

