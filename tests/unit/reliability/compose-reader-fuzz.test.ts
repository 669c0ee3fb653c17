/**
 * The compose reader on random and hostile YAML. For every input it returns a project or throws one of its typed
 * errors (never a TypeError, RangeError or a stack overflow). How long each case takes and how much heap it uses
 * are measured by `npm run bench -- --only=reliability` (bench/sections/reliability.ts), not asserted here: a
 * test must not fail because the machine is busy.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StevedoreError } from '../../../main/core/errors';
import { parseComposeProject, type ComposeProject } from '../../../main/core/stacks/reader';
import { aliasBomb, composeDocument, composeEnvironment, composeNeighbours, largeHostileDocument, smallHostileDocument, tokenSoup } from './support/hostile-compose';

let projectDir: string;
beforeAll(() => {
  projectDir = mkdtempSync(path.join(tmpdir(), 'stevedore-reliability-compose-'));
  // Targets for extends.file and env_file, inside the project folder and (one) outside it.
  for (const [name, content] of Object.entries(composeNeighbours)) writeFileSync(path.join(projectDir, name), content);
});
afterAll(() => rmSync(projectDir, { recursive: true, force: true }));

interface Outcome {
  project?: ComposeProject;
  error?: StevedoreError;
}

/** Reads one text as a compose file; fails the test on anything but a project or a typed refusal. */
function read(text: string): Outcome {
  let project: ComposeProject | undefined;
  let error: StevedoreError | undefined;
  try {
    project = parseComposeProject(text, { file: path.join(projectDir, 'compose.yaml'), env: composeEnvironment });
  } catch (caught) {
    if (!(caught instanceof StevedoreError)) throw caught;
    error = caught;
  }
  if (error) {
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.code).toMatch(/^[A-Z_]+$/);
  }
  if (project) expect(project.services.length).toBeGreaterThan(0);
  return { project, error };
}

describe('the compose reader on random YAML', () => {
  it('token soup: a project or a typed refusal, every time', () => {
    fc.assert(fc.property(tokenSoup, (text) => void read(text)), { numRuns: 3000 });
  }, 120_000);

  it('compose-shaped documents with random values: a project or a typed refusal, every time', () => {
    let projects = 0;
    fc.assert(
      fc.property(composeDocument, (text) => {
        if (read(text).project) projects += 1;
      }),
      { numRuns: 2000 },
    );
    // The generator reaches the code that reads services, not only the early refusals.
    expect(projects).toBeGreaterThan(100);
    // 7-9 s of CPU (three seeds), but 99 s of a 120 s limit in a unit suite run on two cores under load. The property
    // runs synchronously, so vitest's timer cannot stop it if it hangs: the limit can only fail a finished run.
  }, 300_000);
});

describe('the compose reader on hostile YAML', () => {
  it('alias bombs, long interpolations, extends loops, repeated merge keys, odd YAML: typed refusal or a project', () => {
    fc.assert(fc.property(smallHostileDocument, (text) => void read(text)), { numRuns: 200 });
  }, 120_000);

  // Each of these is up to a million characters and seconds of reading on a busy machine: 200 runs of every shape
  // together took 64 s of a 230 s unit suite, and 320 s (past its limit) on a machine under load.
  it('deep nesting, thousands of services, a file at the size limit: typed refusal or a project', () => {
    fc.assert(fc.property(largeHostileDocument, (text) => void read(text)), { numRuns: 25 });
  }, 300_000);

  it('refuses every alias bomb big enough to matter with COMPOSE_ALIASES, before expanding it', () => {
    for (const merge of [false, true]) {
      const outcome = read(aliasBomb(9, 9, merge));
      expect(outcome.error?.code).toBe('COMPOSE_ALIASES');
    }
  });
});
