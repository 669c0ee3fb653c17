/** The argument lists a deploy gives compose: service names can never be read as options. */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forServices } from '../../../main/core/stacks/compose';
import { DeployRun } from '../../../main/core/stacks/deploy';
import type { Preflight } from '../../../main/core/stacks/preflight';
import { deployRequest } from './deploy-request';

describe('compose argument lists', () => {
  it('put -- before every list of service names', () => {
    expect(forServices(['build'], ['api', 'worker'])).toEqual(['build', '--', 'api', 'worker']);
    expect(forServices(['up', '-d'], [])).toEqual(['up', '-d']);
  });

  it('a deploy that builds runs "compose … build -- <services>", and gives compose every file with -f', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'stevedore-deploy-args-'));
    const record = path.join(folder, 'calls.txt');
    const program = path.join(folder, 'fake-compose');
    // Records each call's arguments, one per line, then succeeds.
    writeFileSync(program, `#!/bin/sh\nfor argument in "$@"; do printf '%s\\n' "$argument" >> '${record}'; done\necho ---- >> '${record}'\n`);
    chmodSync(program, 0o755);
    const file = path.join(folder, 'compose.yaml');
    const override = path.join(folder, 'compose.override.yaml');
    const preflight: Preflight = {
      project: { name: 'shop', nameSource: 'override', file, files: [file, override], directory: folder, services: [], problems: [], environment: {}, hiddenValues: [] },
      services: [{ service: 'api', image: 'shop-api', build: true, action: 'build', reason: 'built' }],
      problems: [],
      ok: true,
    };
    const run = new DeployRun(
      deployRequest(preflight, program, {
        puller: { start: () => Promise.reject(new Error('no pulls')) as never, waitFor: () => Promise.reject(new Error('no pulls')), onProgress: () => () => undefined },
      }),
    );
    await run.done;
    const calls = readFileSync(record, 'utf8').split('----\n').filter(Boolean).map((call) => call.trim().split('\n'));
    const build = calls.find((call) => call.includes('build'));
    expect(build?.slice(build.indexOf('build'))).toEqual(['build', '--', 'api']);
    const up = calls.find((call) => call.includes('up'));
    expect(up?.slice(up.indexOf('-p'), up.indexOf('up'))).toEqual(['-p', 'shop', '-f', file, '-f', override]);
  });
});
