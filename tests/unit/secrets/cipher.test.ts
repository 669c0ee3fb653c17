import { describe, expect, it } from 'vitest';
import { describeSecretStorage, MemoryCipher } from '../../../main/core/secrets/cipher';

describe('MemoryCipher', () => {
  it('returns a random handle, not the secret, and gives the secret back for it', async () => {
    const cipher = new MemoryCipher();
    const first = await cipher.encrypt('s3cret');
    const second = await cipher.encrypt('s3cret');
    expect(cipher.kind).toBe('memory');
    expect(first).not.toBe(second);
    expect(Buffer.from(first, 'base64').toString('latin1')).not.toContain('s3cret');
    expect(await cipher.decrypt(first)).toBe('s3cret');
    expect(await cipher.decrypt(second)).toBe('s3cret');
  });

  it('cannot read a handle from another process (or after clear)', async () => {
    const earlier = new MemoryCipher();
    const handle = await earlier.encrypt('s3cret');
    await expect(new MemoryCipher().decrypt(handle)).rejects.toMatchObject({ code: 'SECRET_UNREADABLE' });
    earlier.clear();
    await expect(earlier.decrypt(handle)).rejects.toMatchObject({ code: 'SECRET_UNREADABLE' });
  });
});

describe('describeSecretStorage', () => {
  it('says plainly when secrets are not really protected', () => {
    expect(describeSecretStorage({ kind: 'basic-text' })).toMatch(/anyone who can read your files/);
    expect(describeSecretStorage({ kind: 'os-keyring', backend: 'kwallet6' })).toContain('kwallet6');
    expect(describeSecretStorage({ kind: 'memory' })).toMatch(/never written to disk/);
    expect(describeSecretStorage({ kind: 'unavailable' })).toMatch(/cannot save/);
  });
});
