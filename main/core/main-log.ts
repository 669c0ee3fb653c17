/**
 * The main process's log file. A packaged app started from the desktop has no terminal, so what main reports
 * with console.error would be lost; this also writes it to `main.log` in the folder Electron keeps for the app's
 * logs (`app.getPath('logs')`), which the startup-failure dialog names.
 *
 * Only errors and warnings main raises itself are written: never a request payload, a setting value or a
 * credential (callers pass an error, whose messages the core keeps free of secrets — see main/core/errors.ts).
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';

export const LOG_FILE_NAME = 'main.log';
/** When the log grows past this, it becomes main.old.log (replacing the previous one) and a new one starts. */
const MAX_LOG_BYTES = 1024 * 1024;
/** One entry never grows the file by more than this, whatever an error carries. */
const MAX_ENTRY_CHARS = 8 * 1024;

export interface MainLog {
  error(message: string, error?: unknown): void;
  warn(message: string, error?: unknown): void;
  /** Where the log is written, or undefined when its folder is not known or cannot be written. */
  file(): string | undefined;
}

/** An error as text: its stack (or name and message), then each cause. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth += 1) {
    if (current instanceof Error) {
      parts.push(current.stack ?? `${current.name}: ${current.message}`);
      current = current.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  return parts.join('\nCaused by: ');
}

export function createMainLog(folder: () => string, sink: Pick<Console, 'error' | 'warn'> = console): MainLog {
  let file: string | undefined;
  let broken = false;

  const open = (): string | undefined => {
    if (file || broken) return file;
    try {
      const dir = folder();
      mkdirSync(dir, { recursive: true });
      file = path.join(dir, LOG_FILE_NAME);
      if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_LOG_BYTES) renameSync(file, path.join(dir, 'main.old.log'));
    } catch (error) {
      broken = true;
      file = undefined;
      sink.warn('[stevedore] The log file cannot be written:', error);
    }
    return file;
  };

  const write = (level: 'error' | 'warn', message: string, error: unknown): void => {
    if (error === undefined) sink[level](`[stevedore] ${message}`);
    else sink[level](`[stevedore] ${message}:`, error);
    const target = open();
    if (!target) return;
    const text = error === undefined ? message : `${message}: ${describeError(error)}`;
    const entry = `${new Date().toISOString()} ${level.toUpperCase()} ${text.length > MAX_ENTRY_CHARS ? `${text.slice(0, MAX_ENTRY_CHARS)}…` : text}\n`;
    try {
      // Synchronous: the entry before a startup failure must be on disk before the app quits.
      appendFileSync(target, entry, { encoding: 'utf8', mode: 0o600 });
    } catch (failure) {
      broken = true;
      file = undefined;
      sink.warn('[stevedore] The log file cannot be written:', failure);
    }
  };

  return {
    error: (message, error) => write('error', message, error),
    warn: (message, error) => write('warn', message, error),
    file: open,
  };
}
