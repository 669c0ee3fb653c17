/**
 * The ui section's preview (server and core, built by `startPreview` as `npm run preview` builds it) in a Node process
 * of its own (bench/lib/preview-child.ts), as a user's main process is: with the preview in the benchmark's process,
 * Playwright's client shared its event loop and CPU with the server and the core (session 8 measured the client
 * using as much CPU as the server in one cold load), which no user's main process has beside it.
 *
 * The scenarios still set up their load through the core (stacks, a log flood, pulls): over this small control
 * channel on the child's IPC pipe, which only the benchmark holds — nothing the page can reach.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PullView, RegistryInput } from '../../preload/api';
import type { BenchContext } from './context';

/** What the benchmark asks the preview's core for; the answer's type is in `ControlAnswers`. */
export type ControlRequest =
  | { kind: 'addRegistry'; input: RegistryInput }
  | { kind: 'startPulls'; images: string[] }
  | { kind: 'waitForPulls'; ids: string[] }
  | { kind: 'createStacks'; count: number }
  | { kind: 'startLogFlood'; linesPerSecond: number }
  | { kind: 'remove'; fixture: string }
  /** Log lines the preview sent to pages since the last reading (the first reading counts from the start). */
  | { kind: 'logLinesSent' };

export interface ControlAnswers {
  addRegistry: null;
  startPulls: string[];
  waitForPulls: Array<Pick<PullView, 'image' | 'state'> & { errorCode?: string }>;
  /** A fixture's id for `remove`. */
  createStacks: { fixture: string };
  startLogFlood: { fixture: string; stackId: string };
  remove: null;
  logLinesSent: number;
}

export type ChildMessage =
  | { type: 'ready'; url: string; origin: string }
  | { type: 'answer'; id: number; ok: true; value: unknown }
  | { type: 'answer'; id: number; ok: false; message: string };

export interface ParentMessage {
  id: number;
  request: ControlRequest;
}

export interface PreviewProcess {
  /** The one-time sign-in address. */
  url: string;
  origin: string;
  control<K extends ControlRequest['kind']>(request: Extract<ControlRequest, { kind: K }>): Promise<ControlAnswers[K]>;
  close(): Promise<void>;
}

/** Starts the preview process against the bench's engine and waits until it serves. dist/ must be built. */
export async function startPreviewProcess(context: BenchContext): Promise<PreviewProcess> {
  await context.built();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'stevedore-bench-preview-'));
  const { version } = JSON.parse(readFileSync(path.join(context.root, 'package.json'), 'utf8')) as { version: string };
  // As tests/e2e/harness.ts does: the preview's core finds Compose v2 through DOCKER_CONFIG (the bench's
  // cli-plugins), as ~/.docker does on a user's machine.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(context.root, 'bench/lib/preview-child.ts')], {
    cwd: context.root,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      DOCKER_CONFIG: context.bench.dockerConfigDir,
      DOCKER_HOST: context.bench.dockerHost,
      STEVEDORE_BENCH_PREVIEW_ROOT: context.root,
      STEVEDORE_BENCH_PREVIEW_DATA: dataDir,
      STEVEDORE_BENCH_PREVIEW_VERSION: version,
    },
  });
  const removeData = () => rmSync(dataDir, { recursive: true, force: true });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let exited: Error | undefined;
  const ready = new Promise<{ url: string; origin: string }>((resolve, reject) => {
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') {
        resolve(message);
        return;
      }
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.ok) waiting?.resolve(message.value);
      else waiting?.reject(new Error(`the preview process: ${message.message}`));
    });
    child.on('exit', (code, signal) => {
      exited = new Error(`the preview process ended (${signal ?? `exit code ${code}`})`);
      reject(exited);
      for (const waiting of pending.values()) waiting.reject(exited);
      pending.clear();
    });
  });
  let started: { url: string; origin: string };
  try {
    started = await ready;
  } catch (error) {
    removeData();
    throw error;
  }
  let nextId = 0;
  return {
    ...started,
    control(request) {
      if (exited) return Promise.reject(exited);
      const id = (nextId += 1);
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, request } satisfies ParentMessage);
      });
    },
    async close() {
      await stopChild(child);
      removeData();
    },
  };
}

/** SIGTERM (the child closes the preview and its core), SIGKILL if it has not ended in 10 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await ended;
  clearTimeout(timer);
}
