/**
 * How secrets are protected before they are stored. The core never sees a key or a keyring: the host passes
 * in a cipher (Electron's `safeStorage` in the desktop app, `MemoryCipher` in preview and tests), and stores
 * only what `encrypt` returns.
 */
import { randomBytes } from 'node:crypto';
import type { Notice } from '../../../preload/api';
import { StevedoreError } from '../errors';

/**
 * Where secrets end up, in the words the UI shows:
 * - `os-keyring`  encrypted with a key held by the OS (Keychain, DPAPI)
 * - `unknown`     encrypted, but the OS cannot confirm where the key is: Linux, where Electron's asynchronous
 *                 encryption uses the desktop's keyring when it answers and a key built into the app otherwise,
 *                 and does not say which (main/secrets/safe-storage-cipher.ts)
 * - `basic-text`  Linux without a keyring: encrypted with a key stored beside the data, so no real protection
 * - `waiting`     the OS keyring has been asked and has not answered yet (a password prompt may be open)
 * - `memory`      never stored; forgotten when the process ends
 * - `unavailable` nothing can be encrypted, so nothing secret may be stored
 */
export type SecretStorageKind = 'os-keyring' | 'unknown' | 'basic-text' | 'waiting' | 'memory' | 'unavailable';

export interface SecretCipher {
  readonly kind: SecretStorageKind;
  /** The OS mechanism behind `kind`, e.g. `gnome_libsecret`, `keychain`, `dpapi`. */
  readonly backend?: string;
  /** While `kind` is `waiting`: true once the keyring has taken longer to answer than Stevedore waits. */
  readonly overdue?: boolean;
  /** Subscribes to changes of `kind`, `backend` or `overdue` (a keyring that answers late); returns the unsubscriber. */
  onChange?(listener: () => void): () => void;
  /** Encrypts a secret to base64 text that is safe to store. */
  encrypt(plain: string): Promise<string>;
  /** Reverses `encrypt`. Throws a StevedoreError that never contains the secret. */
  decrypt(cipherText: string): Promise<string>;
}

export const SECRET_STORAGE_UNAVAILABLE = 'SECRET_STORAGE_UNAVAILABLE';
export const SECRET_UNREADABLE = 'SECRET_UNREADABLE';
export const SECRET_STORAGE_NO_ANSWER = 'SECRET_STORAGE_NO_ANSWER';

/** What the Settings screen says about a cipher, plainly. */
export function describeSecretStorage(cipher: Pick<SecretCipher, 'kind' | 'backend' | 'overdue'>): string {
  switch (cipher.kind) {
    case 'os-keyring':
      return `Registry passwords are encrypted with a key kept by your system's keyring${cipher.backend ? ` (${cipher.backend})` : ''}.`;
    case 'unknown':
      return (
        "Registry passwords are encrypted, but Electron's encryption does not report which key it used: the one kept by " +
        `your desktop's keyring${cipher.backend ? ` (${cipher.backend})` : ''} when the keyring answers, or a fallback that ` +
        'offers little protection when it does not. Keep your keyring installed and unlocked when Stevedore starts.'
      );
    case 'waiting':
      return cipher.overdue
        ? 'The system keyring has not answered. A password prompt may be open (perhaps behind other windows), or the keyring is locked: answer the prompt or unlock it. Until then registry passwords cannot be saved or used.'
        : 'Asking the system keyring for the key that protects registry passwords… (a password prompt may be open).';
    case 'basic-text':
      return (
        'No system keyring was found, so registry passwords can only be encrypted with a key stored next to them: ' +
        'anyone who can read your files can read them. Stevedore asks before storing a password this way. ' +
        'Install and unlock a keyring (GNOME Keyring or KWallet) to protect them.'
      );
    case 'memory':
      return 'Registry passwords are kept in memory only. They are never written to disk and are forgotten when Stevedore stops.';
    case 'unavailable':
      return 'No way to encrypt registry passwords is available on this system, so Stevedore cannot save them.';
  }
}

/**
 * What main must tell the user about the keyring right now (shown with the other notices above every screen):
 * nothing once it has answered.
 */
export function secretStorageNotices(cipher: Pick<SecretCipher, 'kind' | 'overdue'>): Notice[] {
  if (cipher.kind !== 'waiting') return [];
  if (cipher.overdue) {
    return [
      {
        id: 'secret-storage-no-answer',
        level: 'warning',
        title: 'The system keyring does not answer',
        message:
          'Saved registry passwords cannot be used or saved until it does. Look for a password prompt (it may be behind other windows) or unlock the keyring (Keychain, GNOME Keyring, KWallet), then try again.',
      },
    ];
  }
  return [
    {
      id: 'secret-storage-waiting',
      level: 'info',
      title: 'Waiting for the system keyring…',
      message: 'A password prompt may be open. Pulls and tests that need a saved password wait for it; everything else works.',
    },
  ];
}

/**
 * Keeps secrets in this process only, for preview and tests. `encrypt` returns a random handle (base64) and
 * remembers the secret under it; nothing is written anywhere, so a handle stored on disk is useless after the
 * process ends — which is the point: a stored "ciphertext" can never reveal the secret.
 */
export class MemoryCipher implements SecretCipher {
  readonly kind = 'memory' as const;
  private readonly secrets = new Map<string, string>();

  async encrypt(plain: string): Promise<string> {
    const handle = randomBytes(24).toString('base64');
    this.secrets.set(handle, plain);
    return handle;
  }

  async decrypt(cipherText: string): Promise<string> {
    const plain = this.secrets.get(cipherText);
    if (plain === undefined) {
      throw new StevedoreError(
        SECRET_UNREADABLE,
        'This saved password was kept in memory by an earlier session and is gone. Enter it again.',
      );
    }
    return plain;
  }

  /** Forgets every secret (tests, and preview on shutdown). */
  clear(): void {
    this.secrets.clear();
  }
}
