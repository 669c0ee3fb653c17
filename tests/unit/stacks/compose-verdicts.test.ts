/**
 * Compose's verdict on a project (`config --quiet`, compose-check.ts) is kept while nothing compose reads has
 * changed: a deploy of the file the preflight just checked, or the stack page's preflight reloading after an image
 * event, does not start another compose process (issue 15: a second compose process ran beside every deploy's pulls).
 */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ComposeCommand } from '../../../main/core/stacks/compose';
import { ComposeVerdicts } from '../../../main/core/stacks/compose-check';
import type { ComposeProblem, ComposeProject } from '../../../main/core/stacks/reader';

const command: ComposeCommand = { program: '/usr/bin/docker', prefix: ['compose'], kind: 'plugin', version: '2.26.1', description: 'docker compose (CLI plugin)' };
const refusal: ComposeProblem = { code: 'COMPOSE_CONFIG', severity: 'error', message: 'Compose refuses the project: services.web.ports must be a list.' };

let folder: string;
let file: string;
let envFile: string;

beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'stevedore-verdicts-'));
  file = path.join(folder, 'compose.yaml');
  envFile = path.join(folder, '.env');
  writeFileSync(file, 'services:\n  web:\n    image: nginx\n');
  writeFileSync(envFile, 'TAG=1\n');
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

function project(environment: Record<string, string> = { TAG: '1' }): ComposeProject {
  return { name: 'demo', nameSource: 'folder', file, files: [file], directory: folder, envFile, services: [], problems: [], environment, hiddenValues: [] } as ComposeProject;
}

/** A stand-in for compose: counts its runs and answers what `answers` says next. */
function countingCheck(answers: Array<ComposeProblem[] | Error> = []) {
  const runs: string[] = [];
  const check = async (_command: ComposeCommand, checked: ComposeProject): Promise<ComposeProblem[]> => {
    runs.push(checked.name);
    const answer = answers.shift() ?? [];
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { runs, check };
}

const options = { env: {}, hidden: [] };

describe('ComposeVerdicts', () => {
  it('asks compose once while the files, environment, project name and compose are unchanged', async () => {
    const { runs, check } = countingCheck([[refusal]]);
    const verdicts = new ComposeVerdicts(check);
    expect(await verdicts.problems(command, project(), options)).toEqual([refusal]);
    expect(await verdicts.problems(command, project(), options)).toEqual([refusal]);
    expect(runs).toHaveLength(1);
  });

  it('shares one run between callers asking at the same time (the stack page and a deploy)', async () => {
    const { runs, check } = countingCheck();
    const verdicts = new ComposeVerdicts(check);
    await Promise.all([verdicts.problems(command, project(), options), verdicts.problems(command, project(), options)]);
    expect(runs).toHaveLength(1);
  });

  it('asks again when a compose file or the env file changed on disk', async () => {
    const { runs, check } = countingCheck();
    const verdicts = new ComposeVerdicts(check);
    await verdicts.problems(command, project(), options);
    writeFileSync(file, 'services:\n  web:\n    image: nginx\n    ports: 80\n');
    await verdicts.problems(command, project(), options);
    expect(runs).toHaveLength(2);
    // Same size, another modification time: the edit is seen too.
    writeFileSync(envFile, 'TAG=2\n');
    utimesSync(envFile, new Date(), new Date(Date.now() + 5_000));
    await verdicts.problems(command, project(), options);
    expect(runs).toHaveLength(3);
  });

  it('asks again for another environment, project name or compose', async () => {
    const { runs, check } = countingCheck();
    const verdicts = new ComposeVerdicts(check);
    await verdicts.problems(command, project(), options);
    await verdicts.problems(command, project({ TAG: '2' }), options);
    await verdicts.problems(command, { ...project(), name: 'other' }, options);
    await verdicts.problems({ ...command, version: '2.27.0' }, project(), options);
    expect(runs).toHaveLength(4);
  });

  it('keeps no failure to run compose: the next call asks again', async () => {
    const { runs, check } = countingCheck([new Error('compose timed out')]);
    const verdicts = new ComposeVerdicts(check);
    await expect(verdicts.problems(command, project(), options)).rejects.toThrow('compose timed out');
    expect(await verdicts.problems(command, project(), options)).toEqual([]);
    expect(runs).toHaveLength(2);
  });
});
