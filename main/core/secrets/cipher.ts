/**
 * How secrets are protected before they are stored. The core never sees a key or a keyring: the host passes
 * in a cipher (Electron's `safeStorage` in the desktop app, `MemoryCipher` in preview and tests), and stores
 * only what `encrypt` returns.
 */
import { randomBytes } from 'node:crypto';
import { StevedoreError } from '../errors';

/**
 * Where secrets end up, in the words the UI shows:
 * - `os-keyring`  encrypted with a key held by the OS (Keychain, DPAPI, libsecret, KWallet)
 * - `basic-text`  Linux without a keyring: encrypted with a key stored beside the data, so no real protection
 * - `memory`      never stored; forgotten when the process ends
 * - `unavailable` nothing can be encrypted, so nothing secret may be stored
 */
export type SecretStorageKind = 'os-keyring' | 'basic-text' | 'memory' | 'unavailable';

export interface SecretCipher {
  readonly kind: SecretStorageKind;
  /** The OS mechanism behind `kind`, e.g. `gnome_libsecret`, `keychain`, `dpapi`. */
  readonly backend?: string;
  /** Encrypts a secret to base64 text that is safe to store. */
  encrypt(plain: string): Promise<string>;
  /** Reverses `encrypt`. Throws a StevedoreError that never contains the secret. */
  decrypt(cipherText: string): Promise<string>;
}

export const SECRET_STORAGE_UNAVAILABLE = 'SECRET_STORAGE_UNAVAILABLE';
export const SECRET_UNREADABLE = 'SECRET_UNREADABLE';

/** What the Settings screen says about a cipher, plainly. */
export function describeSecretStorage(cipher: Pick<SecretCipher, 'kind' | 'backend'>): string {
  switch (cipher.kind) {
    case 'os-keyring':
      return `Registry passwords are encrypted with a key kept by your system's keyring${cipher.backend ? ` (${cipher.backend})` : ''}.`;
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
