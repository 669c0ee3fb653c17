import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMainLog, describeError, LOG_FILE_NAME } from '../../../main/core/main-log';

const folders: string[] = [];
const tempFolder = (): string => {
  const folder = mkdtempSync(path.join(tmpdir(), 'stevedore-log-'));
  folders.push(folder);
  return folder;
};
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A console that keeps what it is told, so the tests stay quiet. */
function quietConsole() {
  const lines: string[] = [];
  return { lines, error: (...args: unknown[]) => lines.push(args.map(String).join(' ')), warn: (...args: unknown[]) => lines.push(args.map(String).join(' ')) };
}

describe('the main log', () => {
  it('writes each error with its time, level, message, stack and causes, to main.log in the logs folder', () => {
    const folder = path.join(tempFolder(), 'logs');
    const console = quietConsole();
    const log = createMainLog(() => folder, console);
    log.error('Startup failed', new Error('outer', { cause: new Error('the real reason') }));
    log.warn('Something odd');
    const file = path.join(folder, LOG_FILE_NAME);
    expect(log.file()).toBe(file);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z ERROR Startup failed: Error: outer\n/);
    expect(text).toContain('Caused by: Error: the real reason');
    expect(text).toMatch(/Z WARN Something odd\n$/);
    expect(console.lines).toHaveLength(2);
  });

  it('starts a new file when the old one is over 1 MB, keeping the previous one as main.old.log', () => {
    const folder = tempFolder();
    writeFileSync(path.join(folder, LOG_FILE_NAME), 'x'.repeat(1024 * 1024 + 1));
    const log = createMainLog(() => folder, quietConsole());
    log.error('fresh');
    expect(readFileSync(path.join(folder, LOG_FILE_NAME), 'utf8')).toMatch(/ERROR fresh\n$/);
    expect(readFileSync(path.join(folder, 'main.old.log'), 'utf8')).toHaveLength(1024 * 1024 + 1);
  });

  it('keeps working on the console when the folder cannot be written, and then names no file', () => {
    const parent = tempFolder();
    const blocked = path.join(parent, 'not-a-folder');
    writeFileSync(blocked, '');
    const console = quietConsole();
    const log = createMainLog(() => path.join(blocked, 'logs'), console);
    log.error('Startup failed', new Error('reason'));
    expect(log.file()).toBeUndefined();
    expect(console.lines.some((line) => line.includes('Startup failed'))).toBe(true);
    expect(console.lines.some((line) => line.includes('The log file cannot be written'))).toBe(true);
    expect(existsSync(path.join(blocked, 'logs'))).toBe(false);
  });

  it('describes values that are not errors too, and caps what one entry can add', () => {
    expect(describeError('plain text')).toBe('plain text');
    const folder = tempFolder();
    const log = createMainLog(() => folder, quietConsole());
    log.error('huge', new Error('y'.repeat(50_000)));
    expect(readFileSync(path.join(folder, LOG_FILE_NAME), 'utf8').length).toBeLessThan(9 * 1024);
  });
});
