/**
 * Run before every end-to-end test file (vitest.config.ts, the e2e project's setupFiles): after the file, no compose
 * project of the apps it launched (their stacks live in the apps' data folders, tests/e2e/harness.ts) may be left on
 * the bench engine. One left running reaches the next files' windows: in the fresh-clone CI of e08a7d0 a project that
 * stack-header.test.ts left made engine-status.test.ts fail. The integration suites check the same
 * (tests/support/compose-projects.ts); this hook runs after the file's own clean-up, names the projects and removes them.
 */
import Docker from 'dockerode';
import { afterAll } from 'vitest';
import { loadBench } from '../env/bench';
import { composeProjectsIn, expectNoComposeProjectsLeft } from '../support/compose-projects';
import { dataDirsOnBenchEngine } from './harness';

// vitest reads a hook's first parameter as fixtures and accepts only a destructuring pattern there; none are used.
// eslint-disable-next-line no-empty-pattern
afterAll(async ({}, file) => {
  if (dataDirsOnBenchEngine.length === 0) return;
  const docker = new Docker({ socketPath: loadBench().dockerHost.replace('unix://', '') });
  const left = await composeProjectsIn(docker, dataDirsOnBenchEngine);
  await expectNoComposeProjectsLeft(docker, (project) => left.has(project), file.name);
});
