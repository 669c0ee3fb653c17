/**
 * One `auths` entry of a Docker config (main/core/docker-config/auths.ts): what the docker CLI writes there, and
 * what other tools write — an `auth` with a line break after it, an empty `auth` beside username and password.
 */
import { describe, expect, it } from 'vitest';
import { credentialFromAuthsEntry, decodeAuthField } from '../../../main/core/docker-config/auths';

const where = { file: '/home/me/.docker/config.json', key: 'ghcr.io' };
const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('decodeAuthField', () => {
  it('reads an auth value with white space around it (a line break left by a script)', () => {
    expect(decodeAuthField(`  ${base64('alice:pa:ss')}\n`, where)).toEqual({ username: 'alice', password: 'pa:ss' });
  });

  it('reads base64 without its = padding (as some tools write it), and refuses a length base64 never has', () => {
    expect(decodeAuthField('YWxpY2U6cA', where)).toEqual({ username: 'alice', password: 'p' });
    expect(decodeAuthField('YWxpY2U6cHc', where)).toEqual({ username: 'alice', password: 'pw' });
    expect(decodeAuthField('YWxpY2U6cA==', where)).toEqual({ username: 'alice', password: 'p' });
    expect(() => decodeAuthField('YWxpY2U6c', where)).toThrow(/is not base64/);
  });

  it('takes an empty or blank auth as no auth at all, not as a broken one', () => {
    expect(decodeAuthField('', where)).toBeUndefined();
    expect(decodeAuthField(' \n', where)).toBeUndefined();
  });

  it('says which entry of which file is broken and what to do, for text that is not base64', () => {
    expect(() => decodeAuthField('not base64!', where)).toThrow(
      `The 'auth' value of auths["ghcr.io"] in /home/me/.docker/config.json is not base64; run docker login ghcr.io again, or remove that entry.`,
    );
  });
});

describe('credentialFromAuthsEntry', () => {
  it('uses username and password fields when auth is empty', () => {
    expect(credentialFromAuthsEntry({ auth: '', username: 'bob', password: 'pw' }, where)).toEqual({ kind: 'password', username: 'bob', password: 'pw' });
  });

  it('prefers what auth holds over the separate fields', () => {
    expect(credentialFromAuthsEntry({ auth: base64('alice:secret'), username: 'bob', password: 'pw' }, where)).toEqual({ kind: 'password', username: 'alice', password: 'secret' });
  });

  it('returns an identity token with its user name when there is one, and without when there is none', () => {
    expect(credentialFromAuthsEntry({ identitytoken: 'idt-123' }, where)).toEqual({ kind: 'identity-token', identityToken: 'idt-123' });
    expect(credentialFromAuthsEntry({ auth: base64('alice:'), identitytoken: 'idt-123' }, where)).toEqual({ kind: 'identity-token', identityToken: 'idt-123', username: 'alice' });
  });

  it('holds no credential without both a user name and a password', () => {
    expect(credentialFromAuthsEntry({}, where)).toBeUndefined();
    expect(credentialFromAuthsEntry({ username: 'bob' }, where)).toBeUndefined();
    expect(credentialFromAuthsEntry({ password: 'pw' }, where)).toBeUndefined();
    expect(credentialFromAuthsEntry({ auth: base64(':pw') }, where)).toBeUndefined();
  });
});
