/**
 * The unit tests that judge the core's rule modules, for `npm run mutation` (stryker.config.json). Not the fuzz
 * tests of tests/unit/reliability/: they check robustness, not rules, and would make every mutant slow.
 */
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: path.resolve(import.meta.dirname, '../..'),
    environment: 'node',
    include: [
      'tests/unit/credentials/*.test.ts',
      'tests/unit/registries/*.test.ts',
      'tests/unit/pull/*.test.ts',
      'tests/unit/stacks/interpolate.test.ts',
      'tests/unit/stacks/sensitive.test.ts',
      'tests/unit/ipc/*.test.ts',
      'tests/unit/failures-real-engine.test.ts',
      'tests/unit/engine/credentials-guard.test.ts',
      'tests/unit/swarm/registry-auths.test.ts',
    ],
    env: { STEVEDORE_PROPERTY_RUNS: '200' },
    // Stryker starts one Vitest run per mutant, and Vitest gives each run a fresh worker (so a mutant never sees
    // another's module state). Within a run the test files share that worker instead of one worker each: a mutant
    // covered by tests in four files costs one worker start, not four (docs/mutation.md, "What a mutant costs").
    isolate: false,
  },
});
