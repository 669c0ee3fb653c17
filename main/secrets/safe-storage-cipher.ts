/**
 * The desktop app's SecretCipher: Electron `safeStorage`, which encrypts with a key held by the OS keyring
 * (Keychain on macOS, DPAPI on Windows, libsecret/KWallet on Linux).
 *
 * Create it only after `app` is ready: before that, availability and the Linux backend are not known yet.
 * Electron 45 has the asynchronous API (the synchronous one is deprecated), so only that is used; data written
 * by the synchronous API decrypts with it too.
 */
import type { SafeStorage } from 'electron';
import { StevedoreError } from '../core/errors';
import {
  SECRET_STORAGE_UNAVAILABLE,
  SECRET_UNREADABLE,
  type SecretCipher,
  type SecretStorageKind,
} from '../core/secrets/cipher';

export type SafeStorageApi = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptStringAsync' | 'decryptStringAsync'
>;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Which protection `safeStorage` really gives on this platform, judged conservatively. */
export function classifySafeStorage(
  available: boolean,
  platform: NodeJS.Platform,
  linuxBackend: () => string,
): { kind: SecretStorageKind; backend?: string } {
  if (!available) return { kind: 'unavailable' };
  if (platform === 'darwin') return { kind: 'os-keyring', backend: 'keychain' };
  if (platform === 'win32') return { kind: 'os-keyring', backend: 'dpapi' };
  const backend = linuxBackend();
  // `unknown` means safeStorage could not say which store it uses; don't claim a keyring we cannot confirm.
  if (backend === 'basic_text' || backend === 'unknown') return { kind: 'basic-text', backend };
  return { kind: 'os-keyring', backend };
}

export async function createSafeStorageCipher(
  safeStorage: SafeStorageApi,
  platform: NodeJS.Platform = process.platform,
): Promise<SecretCipher> {
  let available: boolean;
  try {
    available = await safeStorage.isAsyncEncryptionAvailable();
  } catch {
    available = false;
  }
  const { kind, backend } = classifySafeStorage(available, platform, () => safeStorage.getSelectedStorageBackend());

  const requireAvailable = (): void => {
    if (kind === 'unavailable') {
      throw new StevedoreError(
        SECRET_STORAGE_UNAVAILABLE,
        'This system offers no way to encrypt registry passwords, so Stevedore cannot store or read them.',
      );
    }
  };

  return {
    kind,
    ...(backend === undefined ? {} : { backend }),
    async encrypt(plain: string): Promise<string> {
      requireAvailable();
      const encrypted = await safeStorage.encryptStringAsync(plain);
      return encrypted.toString('base64');
    },
    async decrypt(cipherText: string): Promise<string> {
      requireAvailable();
      if (cipherText.length === 0 || !BASE64.test(cipherText)) {
        throw new StevedoreError(SECRET_UNREADABLE, 'A saved password is damaged and cannot be read. Enter it again.');
      }
      try {
        const { result } = await safeStorage.decryptStringAsync(Buffer.from(cipherText, 'base64'));
        return result;
      } catch (error) {
        // The OS error can say which keyring failed, never the secret; keep it as the cause for the log.
        throw new StevedoreError(
          SECRET_UNREADABLE,
          'A saved password could not be decrypted — the system keyring may be locked, or it was saved by another user or machine. Unlock the keyring or enter the password again.',
          { cause: error },
        );
      }
    },
  };
}
