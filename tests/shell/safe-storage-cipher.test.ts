import { beforeEach, describe, expect, it } from 'vitest';
import { StevedoreError } from '../../main/core/errors';
import { classifySafeStorage, createSafeStorageCipher } from '../../main/secrets/safe-storage-cipher';
import { app, double, safeStorage } from './electron-double';

const SECRET = 'hunter2-registry-password';

beforeEach(() => {
  double.reset();
  app.becomeReady();
});

describe('classifySafeStorage', () => {
  it('names the real protection on each platform', () => {
    expect(classifySafeStorage(true, 'darwin', () => 'unknown')).toEqual({ kind: 'os-keyring', backend: 'keychain' });
    expect(classifySafeStorage(true, 'win32', () => 'unknown')).toEqual({ kind: 'os-keyring', backend: 'dpapi' });
    expect(classifySafeStorage(true, 'linux', () => 'gnome_libsecret')).toEqual({ kind: 'os-keyring', backend: 'gnome_libsecret' });
    expect(classifySafeStorage(true, 'linux', () => 'kwallet6')).toEqual({ kind: 'os-keyring', backend: 'kwallet6' });
    expect(classifySafeStorage(true, 'linux', () => 'basic_text')).toEqual({ kind: 'basic-text', backend: 'basic_text' });
    expect(classifySafeStorage(true, 'linux', () => 'unknown')).toEqual({ kind: 'basic-text', backend: 'unknown' });
    expect(classifySafeStorage(false, 'linux', () => 'gnome_libsecret')).toEqual({ kind: 'unavailable' });
  });
});

describe('the safeStorage cipher', () => {
  it('round-trips a secret through base64 ciphertext that does not contain it', async () => {
    const cipher = await createSafeStorageCipher(safeStorage, 'linux');
    expect(cipher.kind).toBe('os-keyring');
    expect(cipher.backend).toBe('gnome_libsecret');
    const stored = await cipher.encrypt(SECRET);
    expect(stored).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(stored).not.toContain(SECRET);
    expect(Buffer.from(stored, 'base64').toString('utf8')).not.toContain(SECRET);
    expect(await cipher.decrypt(stored)).toBe(SECRET);
  });

  it('reports basic_text on Linux as basic-text', async () => {
    safeStorage.backend = 'basic_text';
    const cipher = await createSafeStorageCipher(safeStorage, 'linux');
    expect(cipher.kind).toBe('basic-text');
  });

  it('refuses to encrypt or decrypt when encryption is unavailable', async () => {
    safeStorage.available = false;
    const cipher = await createSafeStorageCipher(safeStorage, 'linux');
    expect(cipher.kind).toBe('unavailable');
    await expect(cipher.encrypt(SECRET)).rejects.toMatchObject({ code: 'SECRET_STORAGE_UNAVAILABLE' });
    await expect(cipher.decrypt('AAAA')).rejects.toMatchObject({ code: 'SECRET_STORAGE_UNAVAILABLE' });
  });

  it('turns damaged ciphertext into SECRET_UNREADABLE without echoing it', async () => {
    const cipher = await createSafeStorageCipher(safeStorage, 'linux');
    const notBase64 = `${SECRET}!`;
    const error = await cipher.decrypt(notBase64).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StevedoreError);
    expect(error).toMatchObject({ code: 'SECRET_UNREADABLE' });
    expect((error as Error).message).not.toContain(SECRET);

    const wrongKey = Buffer.from(`other:${SECRET}`).toString('base64');
    const failed = await cipher.decrypt(wrongKey).catch((caught: unknown) => caught);
    expect(failed).toMatchObject({ code: 'SECRET_UNREADABLE' });
    expect((failed as Error).message).not.toContain(SECRET);
  });
});
