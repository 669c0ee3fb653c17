import { spawn } from 'node:child_process';
import path from 'node:path';
import { StevedoreError } from '../errors';
import { findProgram } from './which';

/** One run of an external program: argument array (never a shell), stdin text, a deadline and an output cap. */
export interface ProcessRequest {
  command: string;
  args: readonly string[];
  stdin: string;
  timeoutMs: number;
  /** Cap on stdout + stderr together; a program that talks more is stopped. */
  maxOutputBytes: number;
  env?: NodeJS.ProcessEnv;
}

export interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Injected wherever the core runs a program, so tests can use the real runner or a small double. */
export type ProcessRunner = (request: ProcessRequest) => Promise<ProcessResult>;

export type ProcessRunErrorCode = 'PROCESS_NOT_FOUND' | 'PROCESS_TIMEOUT' | 'PROCESS_OUTPUT_TOO_LARGE' | 'PROCESS_SPAWN_FAILED';

/** Why a program could not be run to completion; callers turn it into a message about their own program. */
export class ProcessRunError extends StevedoreError {
  declare readonly code: ProcessRunErrorCode;
  constructor(code: ProcessRunErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/**
 * The absolute path a program is started from: `command` itself when it is absolute, else the first match on the
 * PATH of `env` — never the current folder (see ../process/which.ts). Undefined when there is none.
 */
export function resolveCommand(command: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | undefined {
  if ((platform === 'win32' ? path.win32 : path.posix).isAbsolute(command)) return command;
  return findProgram(command, { platform, env });
}

/** How every program is spawned: never through a shell, and without a console window on Windows. */
export const SPAWN_SAFELY = { shell: false, windowsHide: true } as const;

/**
 * The absolute path to start `command` from (see resolveCommand); throws PROCESS_NOT_FOUND when there is none, which
 * inside a Promise executor rejects the run.
 */
export function programPath(command: string, env: NodeJS.ProcessEnv): string {
  const program = resolveCommand(command, env);
  if (program === undefined) throw new ProcessRunError('PROCESS_NOT_FOUND', `${command} was not found on PATH`);
  return program;
}

/** The error a run ends with when the program could not be started at all (the child's 'error' event). */
export function startFailure(command: string, error: NodeJS.ErrnoException): ProcessRunError {
  return error.code === 'ENOENT'
    ? new ProcessRunError('PROCESS_NOT_FOUND', `${command} was not found on PATH`, { cause: error })
    : new ProcessRunError('PROCESS_SPAWN_FAILED', `${command} could not be started (${error.code ?? error.message})`, { cause: error });
}

/** The real runner: `child_process.spawn` with `shell: false`, of the program's absolute path. */
export const runProcess: ProcessRunner = (request) =>
  new Promise<ProcessResult>((resolve, reject) => {
    const env = request.env ?? process.env;
    const child = spawn(programPath(request.command, env), [...request.args], { ...SPAWN_SAFELY, stdio: ['pipe', 'pipe', 'pipe'], env });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let outputBytes = 0;
    let settled = false;

    // Settle at once on timeout or overflow instead of waiting for 'close': a killed program's own children
    // can keep the pipes open long after it is gone.
    const settle = (outcome: { result: ProcessResult } | { error: ProcessRunError }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if ('error' in outcome) {
        child.kill('SIGKILL');
        child.stdout.destroy();
        child.stderr.destroy();
        reject(outcome.error);
      } else {
        resolve(outcome.result);
      }
    };
    const timer = setTimeout(() => {
      settle({ error: new ProcessRunError('PROCESS_TIMEOUT', `${request.command} did not finish within ${request.timeoutMs} ms`) });
    }, request.timeoutMs);

    const collect = (chunks: Buffer[]) => (chunk: Buffer) => {
      outputBytes += chunk.length;
      if (outputBytes > request.maxOutputBytes) {
        settle({
          error: new ProcessRunError('PROCESS_OUTPUT_TOO_LARGE', `${request.command} wrote more than ${request.maxOutputBytes} bytes`),
        });
        return;
      }
      chunks.push(chunk);
    };
    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));
    child.on('error', (error: NodeJS.ErrnoException) => settle({ error: startFailure(request.command, error) }));
    child.on('close', (exitCode, signal) => {
      settle({
        result: {
          exitCode,
          signal,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
        },
      });
    });
    // A program that exits without reading stdin makes the write fail with EPIPE; its exit status tells the story.
    child.stdin.on('error', () => undefined);
    child.stdin.end(request.stdin);
  });
