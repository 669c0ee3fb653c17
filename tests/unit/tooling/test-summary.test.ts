import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const summarize = path.resolve('tests/summarize.mjs');
const run = promisify(execFile);

/** A Vitest JSON report as `--reporter=json` writes it, with only the fields tests/summarize.mjs reads. */
function report(files: Array<{ name: string; status: 'passed' | 'failed'; message?: string; tests: Array<{ fullName: string; status: 'passed' | 'failed'; failureMessages?: string[] }> }>) {
  const tests = files.flatMap((file) => file.tests);
  return {
    numTotalTests: tests.length,
    numPassedTests: tests.filter((test) => test.status === 'passed').length,
    numFailedTests: tests.filter((test) => test.status === 'failed').length,
    numPendingTests: 0,
    numTodoTests: 0,
    testResults: files.map((file) => ({
      name: path.join(dir, file.name),
      status: file.status,
      message: file.message ?? '',
      assertionResults: file.tests.map((test) => ({ ...test, failureMessages: test.failureMessages ?? [] })),
    })),
  };
}

/** The clone the suites ran in: the reports name test files by absolute path, and the summary prints them from it. */
let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'stevedore-summary-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function summary(reports: Record<string, unknown>): Promise<{ code: number; stdout: string }> {
  for (const [suite, content] of Object.entries(reports)) await writeFile(path.join(dir, `${suite}.json`), JSON.stringify(content));
  try {
    const { stdout } = await run(process.execPath, [summarize, dir, ...Object.keys(reports)], { cwd: dir });
    return { code: 0, stdout };
  } catch (error) {
    const failure = error as { code: number; stdout: string };
    return { code: failure.code, stdout: failure.stdout };
  }
}

describe('tests/summarize.mjs', () => {
  it('names every failed test, its file and the first line of why, so a CI log that keeps only its tail still says what failed', async () => {
    const { code, stdout } = await summary({
      unit: report([
        { name: 'tests/unit/a.test.ts', status: 'passed', tests: [{ fullName: 'a passes', status: 'passed' }] },
        {
          name: 'tests/unit/settings/store.test.ts',
          status: 'failed',
          tests: [
            { fullName: 'settings store keeps a whole generation', status: 'failed', failureMessages: ['AssertionError: expected 2 to be 1\n    at store.test.ts:10:3'] },
            { fullName: 'settings store reads', status: 'passed' },
          ],
        },
      ]),
      e2e: report([{ name: 'tests/e2e/pull.test.ts', status: 'passed', tests: [{ fullName: 'pulls', status: 'passed' }] }]),
    });
    expect(code).toBe(1);
    expect(stdout).toContain('unit            2 passed');
    expect(stdout).toMatch(/unit\s+✗ tests\/unit\/settings\/store\.test\.ts > settings store keeps a whole generation\n\s+AssertionError: expected 2 to be 1\n/);
    expect(stdout).not.toContain('at store.test.ts');
    expect(stdout).not.toContain('a passes');
  });

  it('names a test file that failed to load, with its error', async () => {
    const { code, stdout } = await summary({
      unit: report([{ name: 'tests/unit/broken.test.ts', status: 'failed', message: "Cannot find module './gone'\nRequire stack: …", tests: [] }]),
    });
    expect(code).toBe(1);
    expect(stdout).toMatch(/unit\s+✗ tests\/unit\/broken\.test\.ts \(did not load\)\n\s+Cannot find module '\.\/gone'\n/);
  });

  it('prints no failure list when every test passed', async () => {
    const { code, stdout } = await summary({ unit: report([{ name: 'tests/unit/a.test.ts', status: 'passed', tests: [{ fullName: 'a passes', status: 'passed' }] }]) });
    expect(code).toBe(0);
    expect(stdout).not.toContain('✗');
    expect(stdout).toContain('1 passed, 0 failed');
  });
});
