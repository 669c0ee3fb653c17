/**
 * Passwords and tokens are capped at MAX_SECRET_LENGTH, for stored registries (field validation in main, which
 * the form shows inline) and for one-time credentials (the pull request's schema), with the same clear message.
 */
import { describe, expect, it } from 'vitest';
import { calls, MAX_SECRET_LENGTH, secretTooLongMessage } from '../../../preload/api';
import { validateRegistryInput } from '../../../main/core/registries/validation';
import { MemoryCipher } from '../../../main/core/secrets/cipher';

const registry = (secret: string) =>
  validateRegistryInput(
    { name: 'Work', address: 'ghcr.io', username: 'octo', secret, patterns: [], isDefault: false },
    { existing: [], cipher: new MemoryCipher() },
  );

describe('the password and token length limit', () => {
  it('is 4096 characters, and the message says how long the text was, the limit, and what to do', () => {
    expect(MAX_SECRET_LENGTH).toBe(4096);
    const message = secretTooLongMessage(10_000);
    expect(message).toContain('10,000');
    expect(message).toContain('4,096');
    expect(message).toMatch(/paste only the password or token/i);
  });

  it('stored registries: a 10,000-character password is a field error, 4096 characters are accepted', () => {
    expect(registry('x'.repeat(10_000))).toEqual({ ok: false, errors: { secret: secretTooLongMessage(10_000) } });
    expect(registry('x'.repeat(MAX_SECRET_LENGTH)).ok).toBe(true);
  });

  it('one-time credentials: the pull request refuses a password over the limit with that message', () => {
    const request = (password: string) => calls['pulls.start'].request.safeParse({ image: 'nginx', oneTimeCredentials: { username: 'alice', password } });
    const refused = request('x'.repeat(10_000));
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe(secretTooLongMessage(10_000));
    expect(request('x'.repeat(MAX_SECRET_LENGTH)).success).toBe(true);
  });
});
