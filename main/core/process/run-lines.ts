/**
 * Runs a long program (docker compose) and hands its output over line by line as it comes: an argument array and
 * never a shell, a deadline, stdin closed. Nothing is accumulated here — the caller keeps what it shows in a
 * bounded log — and a line longer than `maxLineLength` is cut, so a chatty or hostile program cannot grow memory.
 */
import { spawn } from 'node:child_process';
import { ProcessRunError, programPath, SPAWN_SAFELY, startFailure } from './run';

export type OutputStream = 'stdout' | 'stderr';

export interface LineProcessRequest {
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs: number;
  onLine: (stream: OutputStream, line: string) => void;
  maxLineLength?: number;
}

export interface LineProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

const DEFAULT_MAX_LINE_LENGTH = 8192;
/** After SIGTERM, how long the program gets to clean up before SIGKILL. */
const KILL_GRACE_MS = 5000;

export function runLines(request: LineProcessRequest): Promise<LineProcessResult> {
  return new Promise<LineProcessResult>((resolve, reject) => {
    const posix = process.platform !== 'win32';
    // Started by absolute path: with a bare name, Windows would look in `cwd` (the project folder) first.
    const child = spawn(programPath(request.command, request.env), [...request.args], {
      ...SPAWN_SAFELY,
      cwd: request.cwd,
      env: request.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a timeout also stops the plugin `docker compose` starts as a child.
      detached: posix,
    });
    const maxLineLength = request.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;

    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        if (posix && child.pid !== undefined) process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      signalGroup('SIGTERM');
      killTimer = setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS);
      finish({ error: new ProcessRunError('PROCESS_TIMEOUT', `${request.command} did not finish within ${Math.round(request.timeoutMs / 1000)} s and was stopped`) });
    }, request.timeoutMs);

    const splitters = {
      stdout: lineSplitter((line) => request.onLine('stdout', line), maxLineLength),
      stderr: lineSplitter((line) => request.onLine('stderr', line), maxLineLength),
    };
    const finish = (outcome: { result: LineProcessResult } | { error: ProcessRunError }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      splitters.stdout.flush();
      splitters.stderr.flush();
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.result);
    };
    child.stdout.on('data', (chunk: Buffer) => splitters.stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => splitters.stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => finish({ error: startFailure(request.command, error) }));
    child.on('close', (exitCode, signal) => {
      if (killTimer) clearTimeout(killTimer);
      finish({ result: { exitCode, signal } });
    });
  });
}

/** Splits a byte stream into lines (UTF-8 safe across chunks); CR-only progress redraws count as line ends. */
export function lineSplitter(onLine: (line: string) => void, maxLineLength: number): { push(chunk: Buffer): void; flush(): void } {
  const decoder = new TextDecoder('utf-8');
  let partial = '';
  const emit = (line: string) => {
    if (line.length > maxLineLength) line = `${line.slice(0, maxLineLength)}… (line cut at ${maxLineLength} characters)`;
    onLine(line);
  };
  return {
    push(chunk) {
      partial += decoder.decode(chunk, { stream: true });
      // A CR at the very end may be the first half of a CRLF split across chunks: keep it until the next chunk.
      const parts = partial.split(/\r\n|\n|\r(?!$)/);
      partial = parts.pop() ?? '';
      for (const part of parts) emit(part);
      if (partial.length > maxLineLength) {
        emit(partial);
        partial = '';
      }
    },
    flush() {
      partial = (partial + decoder.decode()).replace(/\r$/, '');
      if (partial !== '') emit(partial);
      partial = '';
    },
  };
}
