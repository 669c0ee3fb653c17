/**
 * Stored registries: add, edit, remove, check — with secrets encrypted by the injected cipher before they touch
 * the settings store, and decrypted only at the moment a pull or a check sends them.
 */
import { randomUUID } from 'node:crypto';
import type Docker from 'dockerode';
import type { FieldErrors, RegistryCheck, RegistryInput, RegistryUpdate, RegistryView } from '../../../preload/api';
import { serverAddressFor } from '../credentials/address';
import { StevedoreError } from '../errors';
import { EngineCredentialsRefusedError } from '../engine/credentials-guard';
import { classifyEngineError, describeFailure, messageOf, redact } from '../failures';
import type { StoredRegistryRecord } from '../credentials/registry-types';
import type { SecretCipher } from '../secrets/cipher';
import type { PersistedRegistry } from '../settings/document';
import type { SettingsStore } from '../settings/store';
import { RegistryValidationError, validateRegistryInput } from './validation';

export interface RegistryServiceOptions {
  settings: SettingsStore;
  cipher: SecretCipher;
  /** The engine client for credential checks; throws when no engine is reachable. */
  docker: () => Docker;
  clock?: () => Date;
  newId?: () => string;
}

type Listener = (registries: RegistryView[]) => void;

class RegistryNotFoundError extends StevedoreError {
  constructor(id: string) {
    super('REGISTRY_NOT_FOUND', `No stored registry has the id ${id}. It may have been removed; reload the list.`);
  }
}

export class RegistryService {
  private readonly listeners = new Set<Listener>();
  private readonly clock: () => Date;
  private readonly newId: () => string;
  /** Encrypted secrets by registry id, for the stored list they were taken from (the store replaces it on change). */
  private encryptedSecrets: { from: readonly PersistedRegistry[]; byId: Map<string, string> } | undefined;

  constructor(private readonly options: RegistryServiceOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
  }

  list(): RegistryView[] {
    return this.persisted().map(toView);
  }

  /** Records for credential resolution: everything but the secret. */
  records(): StoredRegistryRecord[] {
    return this.persisted().map(toRecord);
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  validate(input: RegistryInput, id?: string, clearCredentials?: boolean): FieldErrors {
    const existing = this.persisted();
    const editing = id ? existing.find((registry) => registry.id === id) : undefined;
    const outcome = validateRegistryInput(input, { existing, editing, cipher: this.options.cipher, clearCredentials });
    return outcome.ok ? {} : outcome.errors;
  }

  async add(input: RegistryInput): Promise<RegistryView> {
    // Encrypt before entering the serialised update, then re-validate inside it against the latest list.
    const encryptedSecret = input.secret ? await this.options.cipher.encrypt(input.secret) : undefined;
    const view = await this.options.settings.update('registries', (registries) => {
      const outcome = validateRegistryInput(input, { existing: registries, cipher: this.options.cipher });
      if (!outcome.ok) throw new RegistryValidationError(outcome.errors);
      const now = this.clock().toISOString();
      const { secret: _secret, ...fields } = outcome.value;
      const created: PersistedRegistry = {
        id: this.newId(),
        ...fields,
        encryptedSecret: fields.username ? encryptedSecret : undefined,
        createdAt: now,
        updatedAt: now,
      };
      return { value: [...registries, created], result: toView(created) };
    });
    this.changed();
    return view;
  }

  async update(update: RegistryUpdate): Promise<RegistryView> {
    const encryptedSecret = update.secret ? await this.options.cipher.encrypt(update.secret) : undefined;
    const view = await this.options.settings.update('registries', (registries) => {
      const index = registries.findIndex((registry) => registry.id === update.id);
      const editing = registries[index];
      if (!editing) throw new RegistryNotFoundError(update.id);
      const outcome = validateRegistryInput(update, {
        existing: registries,
        editing,
        cipher: this.options.cipher,
        clearCredentials: update.clearCredentials,
      });
      if (!outcome.ok) throw new RegistryValidationError(outcome.errors);
      const { secret: _secret, ...fields } = outcome.value;
      const clear = update.clearCredentials === true;
      const nextSecret = clear ? undefined : (encryptedSecret ?? editing.encryptedSecret);
      const nextUsername = clear ? undefined : fields.username;
      // A check only vouches for the exact address and credentials it was made with.
      const credentialsChanged =
        fields.address !== editing.address || nextUsername !== editing.username || nextSecret !== editing.encryptedSecret;
      const updated: PersistedRegistry = {
        ...editing,
        ...fields,
        username: nextUsername,
        encryptedSecret: nextUsername ? nextSecret : undefined,
        updatedAt: this.clock().toISOString(),
        lastVerified: credentialsChanged ? undefined : editing.lastVerified,
      };
      const next = [...registries];
      next[index] = updated;
      return { value: next, result: toView(updated) };
    });
    this.changed();
    return view;
  }

  async remove(id: string): Promise<boolean> {
    const removed = await this.options.settings.update('registries', (registries) => {
      const next = registries.filter((registry) => registry.id !== id);
      return { value: next, result: next.length !== registries.length };
    });
    if (removed) this.changed();
    return removed;
  }

  /** Decrypts one registry's secret for immediate use. Callers must not keep or log it. */
  secretFor(id: string): Promise<string | undefined> {
    // Every pull asks for one secret: looked up by id (rebuilt only when the stored list changes), not by a scan of
    // every stored registry, which cost as much as the pattern match itself with a thousand registries.
    const encryptedSecret = this.options.settings.read('registries', (registries) => this.encryptedSecretsOf(registries).get(id));
    // Not an async function: the decrypt's own promise is returned as it is, one promise fewer per pull.
    if (!encryptedSecret) return Promise.resolve(undefined);
    return this.options.cipher.decrypt(encryptedSecret);
  }

  private encryptedSecretsOf(registries: readonly PersistedRegistry[]): Map<string, string> {
    if (this.encryptedSecrets?.from !== registries) {
      const byId = new Map<string, string>();
      for (const registry of registries) if (registry.encryptedSecret) byId.set(registry.id, registry.encryptedSecret);
      this.encryptedSecrets = { from: registries, byId };
    }
    return this.encryptedSecrets.byId;
  }

  /** "Test": signs in to the registry through the engine (`POST /auth`) and records the outcome. */
  async check(id: string): Promise<RegistryCheck> {
    const registry = this.persisted().find((candidate) => candidate.id === id);
    if (!registry) throw new RegistryNotFoundError(id);
    const at = this.clock().toISOString();
    let result: RegistryCheck;
    if (!registry.username || !registry.encryptedSecret) {
      result = {
        ok: false,
        code: 'NO_CREDENTIALS',
        message: `"${registry.name}" has no username and password, so images it matches are pulled anonymously. Add credentials to test them.`,
        at,
      };
    } else {
      const secret = await this.options.cipher.decrypt(registry.encryptedSecret);
      try {
        await this.options.docker().checkAuth({
          username: registry.username,
          password: secret,
          serveraddress: serverAddressFor(registry.address),
        });
        result = { ok: true, code: 'CREDENTIALS_OK', message: `Signed in to ${registry.address} as ${registry.username}.`, at };
      } catch (error) {
        const code = classifyEngineError(error);
        const failure = describeFailure(
          code,
          {
            registryHost: registry.address,
            credential: `stored registry "${registry.name}" (user ${registry.username})`,
            credentialSource: { source: 'registry', registry: { name: registry.name } },
            ...(error instanceof EngineCredentialsRefusedError ? { engineEndpoint: error.endpointUrl } : {}),
          },
          redact(messageOf(error), [secret]),
        );
        // Shown in the registry's row, beside its Edit and Test: the catalogue's advice names the screen it is already on.
        const fix = code === 'UNAUTHORIZED' ? `Edit “${registry.name}”: check its username, and enter a current password or token, then Test again.` : failure.fix;
        result = { ok: false, code, message: `${failure.title}. ${fix} (${failure.detail})`, at };
      }
    }
    await this.options.settings.update('registries', (registries) => ({
      value: registries.map((candidate) =>
        candidate.id === id ? { ...candidate, lastVerified: { at, ok: result.ok, message: result.message } } : candidate,
      ),
      result: undefined,
    }));
    this.changed();
    return result;
  }

  private persisted(): PersistedRegistry[] {
    return this.options.settings.get('registries');
  }

  private changed(): void {
    const views = this.list();
    for (const listener of this.listeners) listener(views);
  }
}

function toView(registry: PersistedRegistry): RegistryView {
  return {
    id: registry.id,
    name: registry.name,
    address: registry.address,
    username: registry.username,
    hasSecret: Boolean(registry.encryptedSecret),
    patterns: registry.patterns,
    isDefault: registry.isDefault,
    allowWeakSecretStorage: registry.allowWeakSecretStorage,
    createdAt: registry.createdAt,
    updatedAt: registry.updatedAt,
    lastVerified: registry.lastVerified,
  };
}

/** What resolution needs: the view minus what only the screen shows. */
function toRecord(registry: PersistedRegistry): StoredRegistryRecord {
  const { allowWeakSecretStorage: _shownOnly, lastVerified, ...record } = toView(registry);
  return { ...record, lastVerified: lastVerified ? { ...lastVerified } : undefined };
}
