/**
 * What Stevedore keeps about stacks on disk, under the app's data folder:
 * - stacks written in the app: `stacks/<name>/compose.yaml` and an optional `stacks/<name>/.env`;
 * - `stacks.json`: the compose files the user opened (by absolute path, chosen in main's dialog) and per-stack
 *   options (project name override, chosen env file).
 * Every write is atomic (temporary file + rename) and writes of `stacks.json` are serialised. A `stacks.json`
 * that cannot be read is moved aside, never deleted, and the user is told.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { StevedoreError } from '../errors';
import { writeFileAtomic } from './atomic-file';
import { isValidProjectName, MAX_PROJECT_NAME_LENGTH } from './project-name';
import { DEFAULT_ENV_FILE_NAME } from './reader';
import { checkComposeSize } from './yaml-load';

export const APP_STACK_FILE = 'compose.yaml';
/** Compose's default env file, so `docker compose` run by hand in the stack's folder reads it too. */
const APP_STACK_ENV_FILE = DEFAULT_ENV_FILE_NAME;

const FileStackSchema = z.object({
  id: z.string().min(1),
  file: z.string().min(1),
  envFile: z.string().optional(),
  projectName: z.string().optional(),
  addedAt: z.string(),
});
export type FileStackRecord = z.infer<typeof FileStackSchema>;

const AppStackOptionsSchema = z.object({ projectName: z.string().optional() });
export type AppStackOptions = z.infer<typeof AppStackOptionsSchema>;

/** The engine a stack was last deployed to: main's engine choice id and the endpoint URL (never credentials). */
const DeployedEngineSchema = z.object({ choice: z.string().min(1), url: z.string().min(1) });
export type DeployedEngine = z.infer<typeof DeployedEngineSchema>;

const IndexSchema = z.object({
  version: z.literal(1),
  files: z.array(FileStackSchema).default([]),
  app: z.record(z.string(), AppStackOptionsSchema).default({}),
  // Optional, so stacks.json files written before stacks remembered their engine still read.
  engines: z.record(z.string(), DeployedEngineSchema).optional(),
});
type StackIndex = z.infer<typeof IndexSchema>;

type StackStoreErrorCode = 'STACK_NAME_INVALID' | 'STACK_EXISTS' | 'STACK_NOT_FOUND';

class StackStoreError extends StevedoreError {
  declare readonly code: StackStoreErrorCode;
  constructor(code: StackStoreErrorCode, message: string) {
    super(code, message);
  }
}

export interface StackStoreNotice {
  id: string;
  level: 'warning';
  title: string;
  message: string;
}

export interface AppStackContent {
  yaml: string;
  /** The `.env` text; absent when the stack has none. */
  env?: string;
}

export class StackStore {
  private index: StackIndex = { version: 1, files: [], app: {} };
  private loaded: Promise<void> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  readonly notices: StackStoreNotice[] = [];

  constructor(
    private readonly dataDir: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  get appStacksDir(): string {
    return path.join(this.dataDir, 'stacks');
  }

  private get indexFile(): string {
    return path.join(this.dataDir, 'stacks.json');
  }

  /** The folder of an app stack; the name is checked first, so no name can lead out of `stacks/`. */
  appStackDir(name: string): string {
    checkAppStackName(name);
    return path.join(this.appStacksDir, name);
  }

  appStackFile(name: string): string {
    return path.join(this.appStackDir(name), APP_STACK_FILE);
  }

  appStackEnvFile(name: string): string | undefined {
    const file = path.join(this.appStackDir(name), APP_STACK_ENV_FILE);
    return existsSync(file) ? file : undefined;
  }

  async listAppStacks(): Promise<string[]> {
    let entries: string[];
    try {
      entries = await readdir(this.appStacksDir);
    } catch {
      return [];
    }
    const candidates = entries.filter(isValidProjectName).sort();
    // At once, not one after another: the stack list is built again at every change of the engine's containers.
    const isStack = await Promise.all(candidates.map(async (entry) => (await stat(path.join(this.appStacksDir, entry, APP_STACK_FILE)).catch(() => undefined))?.isFile() === true));
    return candidates.filter((_, index) => isStack[index]);
  }

  async readAppStack(name: string): Promise<AppStackContent> {
    const directory = this.appStackDir(name);
    let yaml: string;
    try {
      yaml = await readFile(path.join(directory, APP_STACK_FILE), 'utf8');
    } catch {
      throw notFound(name);
    }
    const env = await readFile(path.join(directory, APP_STACK_ENV_FILE), 'utf8').catch(() => undefined);
    return env === undefined ? { yaml } : { yaml, env };
  }

  async createAppStack(name: string, content: AppStackContent): Promise<void> {
    checkContent(content);
    const directory = this.appStackDir(name);
    await mkdir(this.appStacksDir, { recursive: true });
    try {
      await mkdir(directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new StackStoreError('STACK_EXISTS', `A stack named "${name}" already exists. Choose another name, or open that stack to edit it.`);
      }
      throw error;
    }
    await this.writeAppStackFiles(directory, content);
  }

  /** `env`: absent keeps the current `.env`, empty text removes it. */
  async saveAppStack(name: string, content: { yaml: string; env?: string }): Promise<void> {
    checkContent(content);
    const directory = this.appStackDir(name);
    if (!existsSync(path.join(directory, APP_STACK_FILE))) throw notFound(name);
    await this.writeAppStackFiles(directory, content);
  }

  async deleteAppStack(name: string): Promise<void> {
    const directory = this.appStackDir(name);
    if (!existsSync(directory)) throw notFound(name);
    await rm(directory, { recursive: true, force: true });
    await this.mutate((index) => {
      delete index.app[name];
      delete index.engines?.[`app:${name}`];
    });
  }

  async appOptions(name: string): Promise<AppStackOptions> {
    await this.load();
    return { ...this.index.app[name] };
  }

  async setAppOptions(name: string, options: AppStackOptions): Promise<void> {
    checkAppStackName(name);
    await this.mutate((index) => {
      index.app[name] = stripUndefined(options);
    });
  }

  /** The engine the stack (`app:<name>` or `file:<uuid>`) was last deployed to, if Stevedore recorded one. */
  async deployedEngine(stackId: string): Promise<DeployedEngine | undefined> {
    await this.load();
    const engine = this.index.engines?.[stackId];
    return engine && { ...engine };
  }

  async setDeployedEngine(stackId: string, engine: DeployedEngine): Promise<void> {
    const checked = DeployedEngineSchema.parse(engine);
    await this.mutate((index) => {
      index.engines = { ...index.engines, [stackId]: { choice: checked.choice, url: checked.url } };
    });
  }

  async fileStacks(): Promise<FileStackRecord[]> {
    await this.load();
    return this.index.files.map((record) => ({ ...record }));
  }

  /** Adds an opened compose file; opening the same file again returns the existing record. */
  async addFileStack(file: string): Promise<FileStackRecord> {
    return this.mutate((index) => {
      const existing = index.files.find((record) => record.file === file);
      if (existing) return { ...existing };
      const record: FileStackRecord = { id: randomUUID(), file, addedAt: this.clock().toISOString() };
      index.files.push(record);
      return { ...record };
    });
  }

  async updateFileStack(id: string, change: Partial<Pick<FileStackRecord, 'envFile' | 'projectName'>>): Promise<FileStackRecord> {
    return this.mutate((index) => {
      const record = index.files.find((candidate) => candidate.id === id);
      if (!record) throw new StackStoreError('STACK_NOT_FOUND', 'That stack is no longer in the list. Open its compose file again.');
      for (const key of ['envFile', 'projectName'] as const) {
        if (key in change) {
          const value = change[key];
          if (value === undefined) delete record[key];
          else record[key] = value;
        }
      }
      return { ...record };
    });
  }

  async removeFileStack(id: string): Promise<boolean> {
    return this.mutate((index) => {
      const before = index.files.length;
      index.files = index.files.filter((record) => record.id !== id);
      delete index.engines?.[`file:${id}`];
      return index.files.length !== before;
    });
  }

  private async writeAppStackFiles(directory: string, content: { yaml: string; env?: string }): Promise<void> {
    await writeFileAtomic(path.join(directory, APP_STACK_FILE), content.yaml);
    if (content.env === undefined) return;
    const envFile = path.join(directory, APP_STACK_ENV_FILE);
    // The .env may hold values people consider private, so only the owner may read it.
    if (content.env === '') await rm(envFile, { force: true });
    else await writeFileAtomic(envFile, content.env, 0o600);
  }

  private load(): Promise<void> {
    this.loaded ??= this.readIndex();
    return this.loaded;
  }

  private async readIndex(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.indexFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      this.index = IndexSchema.parse(JSON.parse(text));
    } catch {
      const aside = `${this.indexFile}.unreadable-${this.clock().toISOString().replace(/[:.]/g, '-')}`;
      await rename(this.indexFile, aside);
      this.notices.push({
        id: 'stacks-index-unreadable',
        level: 'warning',
        title: 'The list of opened compose files could not be read',
        message: `It was moved to ${aside} and Stevedore started with an empty list. Stacks written in the app are not affected; open your compose files again.`,
      });
    }
  }

  /** One read-modify-write at a time, each written out before the next starts. */
  private mutate<R>(change: (index: StackIndex) => R): Promise<R> {
    const run = this.queue.then(async () => {
      await this.load();
      const next = structuredClone(this.index);
      const result = change(next);
      // A change that changes nothing writes nothing: every deploy records its engine (service.ts) before its first
      // pull, and the write's three file operations wait behind any other in Node's thread pool (94 ms measured
      // before a deploy's first pull on the loaded test bench, 0.5 ms when idle).
      if (isDeepStrictEqual(next, this.index)) return result;
      await mkdir(this.dataDir, { recursive: true });
      await writeFileAtomic(this.indexFile, `${JSON.stringify(next, null, 2)}\n`, 0o600);
      this.index = next;
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function checkAppStackName(name: string): void {
  if (!isValidProjectName(name)) {
    throw new StackStoreError(
      'STACK_NAME_INVALID',
      `"${name.length > 40 ? `${name.slice(0, 40)}…` : name}" cannot be a stack name: use up to ${MAX_PROJECT_NAME_LENGTH} lowercase letters, digits, "_" and "-", ` +
        'starting with a letter or digit (it is also the compose project name).',
    );
  }
}

function checkContent(content: { yaml: string; env?: string }): void {
  checkComposeSize(Buffer.byteLength(content.yaml, 'utf8'), 'The compose file');
  if (content.env !== undefined) checkComposeSize(Buffer.byteLength(content.env, 'utf8'), 'The .env file');
}

function notFound(name: string): StackStoreError {
  return new StackStoreError('STACK_NOT_FOUND', `There is no stack named "${name}" (it may have been deleted).`);
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
