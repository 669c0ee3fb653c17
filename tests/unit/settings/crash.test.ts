/**
 * A crash in the middle of a settings write leaves the file as it was before the write or as it is after it, never
 * a mix or a truncated file, and the updates that resolved are on disk (settings/store.ts writes the file itself
 * since issue 15, so this is the store's guarantee, not conf's). The writer runs in a child process that kills
 * itself with SIGKILL, which nothing can catch, after 0, 2, 4, … turns of its event loop into a write (a writer
 * that truncates the file in place left it empty at 4 and 8).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openSettings, settingsDir } from '../../support/settings';
import { ENTRIES, RESOLVED_GENERATIONS } from './crash-writer';

const writer = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-writer.ts');

function runUntilKilled(dir: string, turns: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir, String(turns)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`the writer ended with ${code ?? signal}, not killed: ${stderr}`))));
  });
}

describe('a crash while the settings file is written', () => {
  // The writers start as processes, in parallel (a few seconds on a busy machine); the limit only ends a run that hangs.
  it('at any step of the write, the file is one whole generation: the last resolved or the one being written', { timeout: 60_000 }, async () => {
    const killedAfterTurns = [0, 2, 4, 6, 8];
    const dirs = killedAfterTurns.map(() => settingsDir());
    await Promise.all(killedAfterTurns.map((turns, index) => runUntilKilled(dirs[index]!, turns)));
    const found = dirs.map((dir) => {
      const reopened = openSettings(dir);
      const favourites = reopened.get('favourites');
      const generations = [...new Set(favourites.map((stored) => Number(stored.split(':generation-')[1])))];
      return { notices: reopened.notices.length, entries: favourites.length, generations };
    });
    for (const outcome of found) {
      expect(outcome).toMatchObject({ notices: 0, entries: ENTRIES });
      expect(outcome.generations).toHaveLength(1);
      expect([RESOLVED_GENERATIONS, RESOLVED_GENERATIONS + 1]).toContain(outcome.generations[0]);
    }
  });
});
