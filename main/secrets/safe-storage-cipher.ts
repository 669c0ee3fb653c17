/**
 * The desktop app's SecretCipher: Electron `safeStorage`, which encrypts with a key held by the OS keyring
 * (Keychain on macOS, DPAPI on Windows, the Secret Service or KWallet on Linux).
 *
 * Create it only after `app` is ready: before that, availability and the Linux backend are not known yet.
 * Electron 45 has the asynchronous API (the synchronous one is deprecated), so only that is used; data written
 * by the synchronous API decrypts with it too.
 *
 * The keyring may take long to answer, or never: a Keychain prompt nobody has seen, a locked GNOME Keyring or
 * KWallet. So the cipher is returned at once, in the `waiting` state, and asks in the background; the window
 * opens meanwhile. Each encrypt/decrypt waits for the answer at most `answerTimeoutMs` and then fails with a
 * clear message; a late answer still counts, for the next call and for what the UI shows.
 */
import type { SafeStorage } from 'electron';
import { withDeadline } from '../core/deadline';
import { StevedoreError } from '../core/errors';
import {
  SECRET_STORAGE_NO_ANSWER,
  SECRET_STORAGE_UNAVAILABLE,
  SECRET_UNREADABLE,
  type SecretCipher,
  type SecretStorageKind,
} from '../core/secrets/cipher';

export type SafeStorageApi = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptStringAsync' | 'decryptStringAsync'
>;

/** How long a call needing a secret waits for the keyring: long enough to type a keyring password. */
export const KEYRING_ANSWER_TIMEOUT_MS = 60_000;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Which protection `safeStorage` really gives on this platform, judged from what Electron 45 can tell.
 *
 * macOS and Windows have one key provider each (Keychain, DPAPI). On Linux, `getSelectedStorageBackend()`
 * describes the *synchronous* backend, chosen from the desktop session or `--password-store` (electron.d.ts
 * 45.4.1). The asynchronous API this app uses gets its key from Chromium's asynchronous key providers, and
 * nothing in it (`isAsyncEncryptionAvailable`, `encryptStringAsync`, `decryptStringAsync`) says which provider
 * gave the key or whether a fallback did. So a keyring name there is what Electron would pick, not a
 * confirmation: the kind is `unknown`. `basic_text` (no keyring at all) and `unknown` (nothing selected yet)
 * stay `basic-text`, which makes the app ask before storing a password.
 */
export function classifySafeStorage(
  available: boolean,
  platform: NodeJS.Platform,
  linuxBackend: () => string,
): { kind: SecretStorageKind; backend?: string } {
  if (!available) return { kind: 'unavailable' };
  if (platform === 'darwin') return { kind: 'os-keyring', backend: 'keychain' };
  if (platform === 'win32') return { kind: 'os-keyring', backend: 'dpapi' };
  const backend = linuxBackend();
  if (backend === 'basic_text' || backend === 'unknown') return { kind: 'basic-text', backend };
  return { kind: 'unknown', backend };
}

export interface SafeStorageCipherOptions {
  platform?: NodeJS.Platform;
  /** Default KEYRING_ANSWER_TIMEOUT_MS. */
  answerTimeoutMs?: number;
}

export interface SafeStorageCipher extends SecretCipher {
  onChange(listener: () => void): () => void;
  /** Resolves when the keyring has answered whether encryption is available (never rejects). */
  readonly answered: Promise<void>;
}

function noAnswer(seconds: number): StevedoreError {
  return new StevedoreError(
    SECRET_STORAGE_NO_ANSWER,
    `The system keyring did not answer within ${seconds} seconds, so the saved password could not be used or saved. ` +
      'A password prompt may be open (perhaps behind other windows), or the keyring is locked: answer the prompt or unlock the keyring (Keychain, GNOME Keyring, KWallet), then try again.',
  );
}

export function createSafeStorageCipher(safeStorage: SafeStorageApi, options: SafeStorageCipherOptions = {}): SafeStorageCipher {
  const platform = options.platform ?? process.platform;
  const timeoutMs = options.answerTimeoutMs ?? KEYRING_ANSWER_TIMEOUT_MS;
  const seconds = Math.max(1, Math.round(timeoutMs / 1000));
  const listeners = new Set<() => void>();
  let state: { kind: SecretStorageKind; backend?: string } = { kind: 'waiting' };
  let overdue = false;
  const changed = (): void => {
    for (const listener of listeners) listener();
  };

  const answered = safeStorage
    .isAsyncEncryptionAvailable()
    .catch(() => false)
    .then((available) => {
      state = classifySafeStorage(available, platform, () => safeStorage.getSelectedStorageBackend());
      overdue = false;
      changed();
    });
  // The UI says so when the keyring has not answered in time; the answer, whenever it comes, replaces that.
  let markOverdue: () => void = () => {};
  const becameOverdue = new Promise<void>((resolve) => (markOverdue = resolve));
  const overdueTimer = setTimeout(() => {
    if (state.kind !== 'waiting') return;
    overdue = true;
    markOverdue();
    changed();
  }, timeoutMs);
  overdueTimer.unref?.();
  void answered.then(() => clearTimeout(overdueTimer));

  /** Waits for the keyring's answer (until it is overdue, and not at all once it is), then checks it. */
  const requireAvailable = async (): Promise<void> => {
    if (state.kind === 'waiting' && !overdue) await Promise.race([answered, becameOverdue]);
    if (state.kind === 'waiting') throw noAnswer(seconds);
    if (state.kind === 'unavailable') {
      throw new StevedoreError(
        SECRET_STORAGE_UNAVAILABLE,
        'This system offers no way to encrypt registry passwords, so Stevedore cannot store or read them.',
      );
    }
  };

  return {
    get kind() {
      return state.kind;
    },
    get backend() {
      return state.backend;
    },
    get overdue() {
      return state.kind === 'waiting' && overdue;
    },
    answered,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async encrypt(plain: string): Promise<string> {
      await requireAvailable();
      const encrypted = await withDeadline(safeStorage.encryptStringAsync(plain), timeoutMs, () => noAnswer(seconds));
      return encrypted.toString('base64');
    },
    async decrypt(cipherText: string): Promise<string> {
      await requireAvailable();
      if (cipherText.length === 0 || !BASE64.test(cipherText)) {
        throw new StevedoreError(SECRET_UNREADABLE, 'A saved password is damaged and cannot be read. Enter it again.');
      }
      let decrypted: { result: string };
      try {
        decrypted = await withDeadline(safeStorage.decryptStringAsync(Buffer.from(cipherText, 'base64')), timeoutMs, () => noAnswer(seconds));
      } catch (error) {
        if (error instanceof StevedoreError) throw error;
        // The OS error can say which keyring failed, never the secret; keep it as the cause for the log.
        throw new StevedoreError(
          SECRET_UNREADABLE,
          'A saved password could not be decrypted — the system keyring may be locked, or it was saved by another user or machine. Unlock the keyring or enter the password again.',
          { cause: error },
        );
      }
      return decrypted.result;
    },
  };
}
