/**
 * The time and memory bounds of the fuzz tests, measured here instead of asserted in tests (a unit test must not
 * fail because the machine is busy; tests/unit/reliability/ checks only what the code answers):
 *
 * - the reference parser, the address normaliser and the pattern validator refusing very long hostile text
 *   (up to 300,000 characters): the slowest refusal, target ≤ 1,500 ms — a linear parser takes milliseconds,
 *   only catastrophic backtracking comes near it;
 * - the compose reader on hostile YAML (alias bombs, deep nesting, files at the size limit, long interpolations,
 *   extends loops): the slowest case, target ≤ 5,000 ms, and the largest heap growth of one case (measured after a
 *   full garbage collection), target ≤ 256 MiB — "it did not hang, it did not balloon".
 *
 * The cases come from the same generators as the tests, with a fixed seed, so runs compare. Needs no engine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import { normalizeRegistryAddress } from '../../main/core/credentials/address';
import { StevedoreError } from '../../main/core/errors';
import { validatePattern } from '../../main/core/credentials/patterns';
import { parseImageReference } from '../../main/core/credentials/reference';
import { parseComposeProject } from '../../main/core/stacks/reader';
import { composeEnvironment, composeNeighbours, hostileDocument } from '../../tests/unit/reliability/support/hostile-compose';
import { hugeText } from '../../tests/unit/reliability/support/hostile-text';
import type { BenchContext } from '../lib/context';
import type { Row } from '../lib/report';
import { elapsedMs, percentile, round } from '../lib/stats';

export const HUGE_INPUT_TARGET_MS = 1500;
export const COMPOSE_CASE_TARGET_MS = 5000;
export const COMPOSE_HEAP_TARGET_MIB = 256;
const SEED = 19;

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

function timeOne(action: () => void): number {
  const started = process.hrtime.bigint();
  try {
    action();
  } catch {
    // A refusal is the expected answer to most of these; what it says is the tests' business.
  }
  return elapsedMs(started);
}

function hugeTextRows(runs: number): Row[] {
  const texts = fc.sample(hugeText, { seed: SEED, numRuns: runs });
  const subjects: Array<[string, string, (text: string) => unknown]> = [
    ['reference', 'parseImageReference', parseImageReference],
    ['address', 'normalizeRegistryAddress', normalizeRegistryAddress],
    ['pattern', 'validatePattern', (text) => validatePattern(text, 'ghcr.io')],
  ];
  return subjects.map(([id, name, run]) => {
    const samples = texts.map((text) => timeOne(() => run(text)));
    return {
      id: `reliability.huge-text.${id}`,
      section: 'reliability',
      label: `${name} on very long hostile text: slowest of ${runs} (median ${round(percentile(samples, 50), 2)} ms)`,
      value: round(Math.max(...samples), 2),
      unit: 'ms',
      target: HUGE_INPUT_TARGET_MS,
      samples: { ms: samples.map((sample) => round(sample, 3)) },
    };
  });
}

function composeRows(runs: number): Row[] {
  const projectDir = mkdtempSync(path.join(tmpdir(), 'stevedore-bench-compose-'));
  try {
    for (const [name, content] of Object.entries(composeNeighbours)) writeFileSync(path.join(projectDir, name), content);
    const file = path.join(projectDir, 'compose.yaml');
    const times: number[] = [];
    const heapGrowth: number[] = [];
    const unexpected: string[] = [];
    for (const text of fc.sample(hostileDocument, { seed: SEED, numRuns: runs })) {
      collectGarbage();
      const heapBefore = process.memoryUsage().heapUsed;
      const started = process.hrtime.bigint();
      try {
        parseComposeProject(text, { file, env: composeEnvironment });
      } catch (error) {
        if (!(error instanceof StevedoreError)) unexpected.push(error instanceof Error ? error.message.slice(0, 120) : String(error));
      }
      times.push(elapsedMs(started));
      // Measured before collecting: what the case allocated and kept plus what it left for the collector.
      heapGrowth.push((process.memoryUsage().heapUsed - heapBefore) / (1024 * 1024));
    }
    const notes = unexpected.length ? [`${unexpected.length} case(s) threw something other than a typed refusal: ${unexpected[0]}`] : [];
    return [
      {
        id: 'reliability.compose.time',
        section: 'reliability',
        label: `compose reader on hostile YAML: slowest of ${runs} cases (median ${round(percentile(times, 50), 2)} ms)`,
        value: round(Math.max(...times), 1),
        unit: 'ms',
        target: COMPOSE_CASE_TARGET_MS,
        samples: { ms: times.map((sample) => round(sample, 2)) },
        notes,
      },
      {
        id: 'reliability.compose.heap',
        section: 'reliability',
        label: `compose reader on hostile YAML: largest heap growth of one case`,
        value: round(Math.max(...heapGrowth), 1),
        unit: 'MiB',
        target: COMPOSE_HEAP_TARGET_MIB,
        samples: { mib: heapGrowth.map((sample) => round(sample, 2)) },
      },
    ];
  } finally {
    rmSync(projectDir, { recursive: true, force: true });
  }
}

export async function benchReliabilityBounds(context: BenchContext): Promise<Row[]> {
  const quick = context.options.quick;
  return [...hugeTextRows(quick ? 20 : 300), ...composeRows(quick ? 20 : 200)];
}
