/**
 * The settings store: typed access to the settings document over an injected key-value store (electron-store
 * in the app, conf in tests, memory in preview).
 *
 * Writes are atomic because conf writes a temporary file and renames it. Mutations are serialised here so two
 * saves that overlap (each awaiting encryption, say) cannot lose one another's update. A file that cannot be
 * read or does not match the schema is moved aside — kept, never deleted — and the user is told.
 */
import { chmodSync, existsSync, renameSync } from 'node:fs';
import { SettingsDocumentSchema, settingsFileOptions, type SettingsDocument, type SettingsKey } from './document';

/** The part of conf / electron-store that Stevedore uses. */
export interface KeyValueStore {
  readonly path: string;
  readonly store: Record<string, unknown>;
  set(key: string, value: unknown): void;
}

export interface StoreNotice {
  id: string;
  level: 'info' | 'warning' | 'error';
  title: string;
  message: string;
}

export interface SettingsStoreOptions {
  /** Where the file lives (conf throws before it can tell us, when the file is unreadable). */
  filePath: string;
  /** Opens (or creates) the underlying store; called again after a bad file was moved aside. */
  open: () => KeyValueStore;
  clock?: () => Date;
}

export class SettingsStore {
  private readonly backing: KeyValueStore;
  private document: SettingsDocument;
  private queue: Promise<unknown> = Promise.resolve();
  readonly notices: StoreNotice[] = [];

  constructor(options: SettingsStoreOptions) {
    const clock = options.clock ?? (() => new Date());
    const opened = openOrSetAside(options.filePath, options.open, clock);
    this.backing = opened.store;
    if (opened.notice) this.notices.push(opened.notice);
    this.document = opened.document;
  }

  get path(): string {
    return this.backing.path;
  }

  get<K extends SettingsKey>(key: K): SettingsDocument[K] {
    return structuredClone(this.document[key]);
  }

  /**
   * Reads a part of one setting without copying all of it: `get` clones the whole value, which for a long list
   * (a thousand registries) costs more than the lookup that wanted one field of one entry. `reader` must neither
   * change what it is given nor keep it; it returns what it needs (copied if it is an object).
   */
  read<K extends SettingsKey, R>(key: K, reader: (current: Readonly<SettingsDocument[K]>) => R): R {
    return reader(this.document[key]);
  }

  /**
   * Runs one read-modify-write at a time. `change` receives the current value and returns the next; async work
   * (encryption) belongs before or inside `change`, and no other mutation can interleave with it.
   */
  update<K extends SettingsKey, R = SettingsDocument[K]>(
    key: K,
    change: (current: SettingsDocument[K]) => Promise<{ value: SettingsDocument[K]; result: R }> | { value: SettingsDocument[K]; result: R },
  ): Promise<R> {
    const run = this.queue.then(async () => {
      const { value, result } = await change(this.get(key));
      const checked = SettingsDocumentSchema.shape[key].parse(value) as SettingsDocument[K];
      this.backing.set(key, checked);
      this.document = { ...this.document, [key]: checked };
      return result;
    });
    // A failed mutation must not block the ones after it.
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function openOrSetAside(
  file: string,
  open: () => KeyValueStore,
  clock: () => Date,
): { store: KeyValueStore; document: SettingsDocument; notice?: StoreNotice } {
  let problem: string;
  let store: KeyValueStore | undefined;
  try {
    store = open();
    const parsed = SettingsDocumentSchema.safeParse(store.store);
    if (parsed.success) return { store, document: parsed.data };
    const issue = parsed.error.issues[0];
    problem = `its content does not match what Stevedore expects (${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'})`;
  } catch (error) {
    problem = error instanceof SyntaxError || /JSON/i.test(String(error)) ? 'it is not valid JSON' : `it could not be read (${(error as Error).message})`;
  }
  const asideName = `${file}.unreadable-${clock().toISOString().replace(/[:.]/g, '-')}`;
  if (existsSync(file)) {
    renameSync(file, asideName);
    // The file kept aside may hold registry ciphertexts: it gets the settings file's owner-only mode.
    chmodSync(asideName, settingsFileOptions.configFileMode);
  }
  const fresh = open();
  return {
    store: fresh,
    document: SettingsDocumentSchema.parse({}),
    notice: {
      id: `settings-unreadable-${clock().getTime()}`,
      level: 'error',
      title: 'Your settings file could not be read',
      message: `Stevedore could not read ${file} because ${problem}. It was kept as ${asideName} and Stevedore started with empty settings. Your stored registries are in that file; restore it by fixing it and moving it back while Stevedore is closed.`,
    },
  };
}
