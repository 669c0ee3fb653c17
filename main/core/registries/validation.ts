/**
 * Checks a registry form before anything is saved, field by field, with messages that say what to do. The
 * same function backs inline validation in the form and the final check on save, so they can never disagree.
 */
import { MAX_SECRET_LENGTH, secretTooLongMessage, type FieldErrors, type RegistryInput } from '../../../preload/api';
import { normalizeRegistryAddress } from '../credentials/address';
import { StevedoreError } from '../errors';
import { validateRegistryPatterns } from '../credentials/patterns';
import type { SecretCipher } from '../secrets/cipher';
import type { PersistedRegistry } from '../settings/document';

export const MAX_NAME_LENGTH = 100;

export interface ValidationContext {
  existing: readonly PersistedRegistry[];
  /** The registry being edited, if any. */
  editing?: PersistedRegistry;
  cipher: Pick<SecretCipher, 'kind'>;
  clearCredentials?: boolean;
}

interface ValidRegistryInput {
  name: string;
  address: string;
  username?: string;
  secret?: string;
  patterns: string[];
  isDefault: boolean;
  allowWeakSecretStorage: boolean;
}

export type ValidationOutcome = { ok: true; value: ValidRegistryInput } | { ok: false; errors: FieldErrors };

export function validateRegistryInput(input: RegistryInput, context: ValidationContext): ValidationOutcome {
  const errors: FieldErrors = {};
  const others = context.existing.filter((registry) => registry.id !== context.editing?.id);

  const name = input.name.trim();
  if (!name) errors.name = 'Give the registry a name, e.g. "Work GHCR".';
  else if (name.length > MAX_NAME_LENGTH) errors.name = `Use at most ${MAX_NAME_LENGTH} characters for the name.`;
  else if (others.some((registry) => registry.name.toLowerCase() === name.toLowerCase())) {
    errors.name = `A registry named "${name}" already exists. Choose another name.`;
  }

  let address: string | undefined;
  try {
    address = normalizeRegistryAddress(input.address);
  } catch (error) {
    errors.address = error instanceof StevedoreError ? error.message : 'This address is not valid.';
  }

  const patterns = input.patterns.map((pattern) => pattern.trim()).filter((pattern) => pattern.length > 0);
  if (address) {
    try {
      validateRegistryPatterns(patterns, address);
    } catch (error) {
      errors.patterns = error instanceof StevedoreError ? error.message : 'A pattern is not valid.';
    }
  }

  const username = input.username?.trim() || undefined;
  const secret = input.secret ? input.secret : undefined;
  const keepsStoredSecret = !secret && !context.clearCredentials && Boolean(context.editing?.encryptedSecret);
  if (secret && !username) errors.username = 'Enter the username that goes with this password or token.';
  if (secret && secret.length > MAX_SECRET_LENGTH) errors.secret = secretTooLongMessage(secret.length);
  else if (secret && /[\r\n]/.test(secret)) errors.secret = 'The password or token contains a line break; paste it again without one.';

  // Stored credentials must never be re-pointed at another server (credentials.md §3).
  if (context.editing && address && keepsStoredSecret && address !== context.editing.address) {
    errors.secret = `The address changed from ${context.editing.address} to ${address}. Enter the password or token again: stored credentials are never sent to a different server.`;
  }

  const allowWeakSecretStorage = input.allowWeakSecretStorage ?? context.editing?.allowWeakSecretStorage ?? false;
  if (secret && context.cipher.kind === 'unavailable') {
    errors.secret = 'This system offers no way to encrypt passwords, so Stevedore cannot store one. Leave the password empty to pull anonymously, or enter it for each pull.';
  } else if (secret && context.cipher.kind === 'basic-text' && !allowWeakSecretStorage) {
    errors.secret = 'No system keyring is available, so this password would be stored with no real protection. Tick "Store without a keyring" to accept that for this registry, or install and unlock a keyring.';
  }

  if (input.isDefault && address) {
    const currentDefault = others.find((registry) => registry.isDefault && registry.address === address);
    if (currentDefault) {
      errors.isDefault = `"${currentDefault.name}" is already the default registry for ${address}. Unmark it first: a host has at most one default.`;
    }
  }

  if (Object.keys(errors).length > 0 || !address) return { ok: false, errors };
  return { ok: true, value: { name, address, username, secret, patterns, isDefault: input.isDefault, allowWeakSecretStorage } };
}

export class RegistryValidationError extends StevedoreError {
  constructor(readonly fieldErrors: FieldErrors) {
    super('REGISTRY_INVALID', Object.values(fieldErrors).join(' '));
  }
}
