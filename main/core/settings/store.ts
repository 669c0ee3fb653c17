/**
 * The settings store: typed access to the settings document over an injected key-value store (electron-store
 * in the app, conf in tests, memory in preview).
 *
 * conf / electron-store read the file; the store writes it itself, whole, with `atomically` (conf's own writer):
 * a temporary file, fsync, rename — a crash mid-write leaves the old file or the new one — but without blocking the
 * event loop, which conf's synchronous `set` did for each update (a deploy's 8 pulls each recorded a recent image
 * with a write and an fsync of its own, the last just before `compose up`; issue 15). Mutations are serialised so
 * two saves that overlap (each awaiting encryption, say) cannot lose one another's update, and the updates that
 * queue while a write is in flight go to disk together in the next write. An update resolves only once its value
 * is on disk. A file that cannot be read or does not match the schema is moved aside — kept, never deleted — and
 * the user is told.
 */
import { chmodSync, existsSync, renameSync } from 'node:fs';
import { writeFile } from 'atomically';
import { SettingsDocumentSchema, settingsFileOptions, type SettingsDocument, type SettingsKey } from './document';

/** The part of conf / electron-store that Stevedore uses: where the file is, and what it held when opened. */
export interface KeyValueStore {
  readonly path: string;
  readonly store: Record<string, unknown>;
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
  /** Writes the whole file atomically and durably; `writeSettingsFile` unless a test counts or holds writes. */
  writeFile?: (file: string, text: string) => Promise<void>;
}

/** One update waiting for its turn: its change, and how its caller hears the outcome. */
interface QueuedUpdate {
  apply(document: SettingsDocument): Promise<SettingsDocument>;
  written(): void;
  failed(error: unknown): void;
}

/** The file as conf writes it (tab-indented JSON), owner-only, atomically and with fsync, off the event loop. */
export function writeSettingsFile(file: string, text: string): Promise<void> {
  return writeFile(file, text, { mode: settingsFileOptions.configFileMode });
}

export class SettingsStore {
  private readonly backing: KeyValueStore;
  private readonly writeFile: (file: string, text: string) => Promise<void>;
  /** What is on disk: the updates of a write in flight join it only once the write is done. */
  private document: SettingsDocument;
  /** Keys the file held that this version does not know (a newer Stevedore wrote them): written back as they were. */
  private readonly unknownKeys: Record<string, unknown>;
  private readonly queued: QueuedUpdate[] = [];
  private draining = false;
  readonly notices: StoreNotice[] = [];

  constructor(options: SettingsStoreOptions) {
    const clock = options.clock ?? (() => new Date());
    const opened = openOrSetAside(options.filePath, options.open, clock);
    this.backing = opened.store;
    this.writeFile = options.writeFile ?? writeSettingsFile;
    if (opened.notice) this.notices.push(opened.notice);
    this.document = opened.document;
    const known = new Set(Object.keys(SettingsDocumentSchema.shape));
    this.unknownKeys = Object.fromEntries(Object.entries(opened.store.store).filter(([key]) => !known.has(key)));
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
   * (encryption) belongs before or inside `change`, and no other mutation can interleave with it. The promise
   * settles once the value is on disk (or the write failed: then the value before it stays).
   */
  update<K extends SettingsKey, R = SettingsDocument[K]>(
    key: K,
    change: (current: SettingsDocument[K]) => Promise<{ value: SettingsDocument[K]; result: R }> | { value: SettingsDocument[K]; result: R },
  ): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let result: R;
      this.queued.push({
        apply: async (document) => {
          const changed = await change(structuredClone(document[key]));
          result = changed.result;
          return { ...document, [key]: SettingsDocumentSchema.shape[key].parse(changed.value) as SettingsDocument[K] };
        },
        written: () => resolve(result),
        failed: reject,
      });
      void this.drain();
    });
  }

  /**
   * Takes every update queued so far, applies them in order (one that throws fails alone), writes the result once,
   * and goes on with the updates that queued meanwhile: a write in flight makes the ones behind it share one write.
   */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queued.length > 0) {
        const batch = this.queued.splice(0);
        let next = this.document;
        const applied: QueuedUpdate[] = [];
        for (const update of batch) {
          try {
            next = await update.apply(next);
            applied.push(update);
          } catch (error) {
            update.failed(error);
          }
        }
        if (applied.length === 0) continue;
        try {
          await this.writeFile(this.backing.path, `${JSON.stringify({ ...this.unknownKeys, ...next }, undefined, '\t')}\n`);
          this.document = next;
          for (const update of applied) update.written();
        } catch (error) {
          for (const update of applied) update.failed(error);
        }
      }
    } finally {
      this.draining = false;
    }
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
