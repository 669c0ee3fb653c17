/** The GitHub Actions workflow cannot run here; its shape is checked instead (see README, "CI where Electron runs"). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../../..');
const workflow = parse(readFileSync(path.join(root, '.github/workflows/ci.yml'), 'utf8')) as {
  jobs: Record<string, { strategy: { matrix: { os: string[] } }; steps: Array<{ name?: string; run?: string; uses?: string; if?: string }> }>;
};

describe('CI workflow', () => {
  const job = Object.values(workflow.jobs)[0];
  const runs = (job?.steps ?? []).map((step) => step.run ?? '');

  it('runs on Linux, Windows and macOS', () => {
    expect(job?.strategy.matrix.os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest']);
  });

  it('type-checks, lints, runs the unit and renderer suites, builds the installers and keeps them', () => {
    expect(runs).toEqual(expect.arrayContaining(['npm run typecheck', 'npm run lint', 'npx vitest run --project unit --project renderer', 'npm run dist']));
    expect(job?.steps.some((step) => step.uses?.startsWith('actions/upload-artifact'))).toBe(true);
  });

  it('launches the real app once, under xvfb on Linux, with a project that exists in vitest.config.ts', () => {
    expect(runs).toContain('xvfb-run --auto-servernum npx vitest run --project electron');
    expect(readFileSync(path.join(root, 'vitest.config.ts'), 'utf8')).toContain("name: 'electron'");
    expect(readFileSync(path.join(root, 'tests/run-all.sh'), 'utf8')).not.toMatch(/--project electron|\belectron e2e\b/);
  });
});
