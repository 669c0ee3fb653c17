import { beforeEach, describe, expect, it } from 'vitest';
import { StevedoreError } from '../../main/core/errors';
import { electronAppInfo } from '../../main/app-info';
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
    // Linux: the name is the synchronous backend Electron would pick; the asynchronous API cannot confirm it.
    expect(classifySafeStorage(true, 'linux', () => 'gnome_libsecret')).toEqual({ kind: 'unknown', backend: 'gnome_libsecret' });
    expect(classifySafeStorage(true, 'linux', () => 'kwallet6')).toEqual({ kind: 'unknown', backend: 'kwallet6' });
    expect(classifySafeStorage(true, 'linux', () => 'basic_text')).toEqual({ kind: 'basic-text', backend: 'basic_text' });
    expect(classifySafeStorage(true, 'linux', () => 'unknown')).toEqual({ kind: 'basic-text', backend: 'unknown' });
    expect(classifySafeStorage(false, 'linux', () => 'gnome_libsecret')).toEqual({ kind: 'unavailable' });
  });
});

describe('the safeStorage cipher', () => {
  it('round-trips a secret through base64 ciphertext that does not contain it', async () => {
    const cipher = createSafeStorageCipher(safeStorage, { platform: 'linux' });
    await cipher.answered;
    expect(cipher.kind).toBe('unknown');
    expect(cipher.backend).toBe('gnome_libsecret');
    const stored = await cipher.encrypt(SECRET);
    expect(stored).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(stored).not.toContain(SECRET);
    expect(Buffer.from(stored, 'base64').toString('utf8')).not.toContain(SECRET);
    expect(await cipher.decrypt(stored)).toBe(SECRET);
  });

  it('reports basic_text on Linux as basic-text', async () => {
    safeStorage.backend = 'basic_text';
    const cipher = createSafeStorageCipher(safeStorage, { platform: 'linux' });
    await cipher.answered;
    expect(cipher.kind).toBe('basic-text');
  });

  it('refuses to encrypt or decrypt when encryption is unavailable', async () => {
    safeStorage.available = false;
    const cipher = createSafeStorageCipher(safeStorage, { platform: 'linux' });
    await cipher.answered;
    expect(cipher.kind).toBe('unavailable');
    await expect(cipher.encrypt(SECRET)).rejects.toMatchObject({ code: 'SECRET_STORAGE_UNAVAILABLE' });
    await expect(cipher.decrypt('AAAA')).rejects.toMatchObject({ code: 'SECRET_STORAGE_UNAVAILABLE' });
  });

  it('turns damaged ciphertext into SECRET_UNREADABLE without echoing it', async () => {
    const cipher = createSafeStorageCipher(safeStorage, { platform: 'linux' });
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

describe('the protection shown in Settings, per case', () => {
  const label = async (platform: NodeJS.Platform, setup: () => void = () => {}) => {
    setup();
    const cipher = createSafeStorageCipher(safeStorage, { platform });
    await cipher.answered;
    return electronAppInfo({ name: 'Stevedore', version: '0.1.0', platform, arch: 'x64', versions: { node: '22' } }, cipher).secretStorage;
  };

  it('macOS: the Keychain', async () => {
    expect(await label('darwin')).toMatchObject({ kind: 'os-keyring', backend: 'keychain', description: expect.stringContaining('keyring (keychain)') });
  });

  it('Windows: DPAPI', async () => {
    expect(await label('win32')).toMatchObject({ kind: 'os-keyring', backend: 'dpapi' });
  });

  it.each(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'] as const)('Linux with %s selected: unknown, naming the keyring but not claiming it', async (backend) => {
    const shown = await label('linux', () => {
      safeStorage.backend = backend;
    });
    expect(shown.kind).toBe('unknown');
    expect(shown.backend).toBe(backend);
    expect(shown.description).toContain(`keyring (${backend}) when the keyring answers`);
    expect(shown.description).toContain('does not report which key it used');
  });

  it('Linux without a keyring (basic_text): no keyring, no real protection', async () => {
    const shown = await label('linux', () => {
      safeStorage.backend = 'basic_text';
    });
    expect(shown).toMatchObject({ kind: 'basic-text', backend: 'basic_text', description: expect.stringContaining('No system keyring was found') });
  });

  it('no encryption at all: unavailable', async () => {
    const shown = await label('linux', () => {
      safeStorage.available = false;
    });
    expect(shown).toMatchObject({ kind: 'unavailable' });
    expect(shown.backend).toBeUndefined();
  });

  it('a keyring that has not answered yet: waiting, then overdue', async () => {
    safeStorage.keyringAnswers = false;
    const cipher = createSafeStorageCipher(safeStorage, { platform: 'linux', answerTimeoutMs: 10 });
    const facts = { name: 'Stevedore', version: '0.1.0', platform: 'linux', arch: 'x64', versions: { node: '22' } };
    expect(electronAppInfo(facts, cipher).secretStorage).toMatchObject({ kind: 'waiting', description: expect.stringContaining('a password prompt may be open') });
    await expect(cipher.decrypt('AAAA')).rejects.toMatchObject({ code: 'SECRET_STORAGE_NO_ANSWER' });
    expect(cipher.overdue).toBe(true);
    expect(electronAppInfo(facts, cipher).secretStorage).toMatchObject({ kind: 'waiting', description: expect.stringContaining('has not answered') });
    // A late answer still counts.
    safeStorage.answerNow();
    await cipher.answered;
    expect(cipher.kind).toBe('unknown');
    expect(cipher.overdue).toBe(false);
    expect(await cipher.decrypt(await cipher.encrypt(SECRET))).toBe(SECRET);
  });
});
