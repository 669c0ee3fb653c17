/** Ciphers for tests of what the store does with each kind of secret storage. */
import { MemoryCipher, type SecretCipher, type SecretStorageKind } from '../../main/core/secrets/cipher';

/** Behaves like MemoryCipher but reports another kind, e.g. Linux's basic_text backend. */
export function cipherOfKind(kind: SecretStorageKind): SecretCipher {
  const memory = new MemoryCipher();
  return { kind, encrypt: (plain) => memory.encrypt(plain), decrypt: (text) => memory.decrypt(text) };
}
