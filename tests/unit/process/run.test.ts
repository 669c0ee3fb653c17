/** The two runners (main/core/process/run.ts, run-lines.ts) fail alike when a program cannot be started at all. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProcess } from '../../../main/core/process/run';
import { runLines } from '../../../main/core/process/run-lines';

const runners = {
  runProcess: (command: string, env: NodeJS.ProcessEnv) => runProcess({ command, args: [], stdin: '', env, timeoutMs: 5000, maxOutputBytes: 1024 }),
  runLines: (command: string, env: NodeJS.ProcessEnv) => runLines({ command, args: [], env, timeoutMs: 5000, onLine: () => undefined }),
};

describe.each(Object.entries(runners))('%s', (_name, run) => {
  it('says a bare name is not on PATH, naming the program', async () => {
    await expect(run('stevedore-no-such-program', { PATH: '/nonexistent' })).rejects.toMatchObject({
      code: 'PROCESS_NOT_FOUND',
      message: 'stevedore-no-such-program was not found on PATH',
    });
  });

  it.runIf(process.platform !== 'win32')('says a program that exists but cannot be started could not be started, and why', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'stevedore-run-')), 'not-executable');
    writeFileSync(file, '#!/bin/sh\n', { mode: 0o644 });
    await expect(run(file, {})).rejects.toMatchObject({ code: 'PROCESS_SPAWN_FAILED', message: `${file} could not be started (EACCES)` });
  });
});
