/**
 * The benchmark runs against the test bench only. Before anything is measured: the bench file exists, its engine
 * answers and its registries answer — otherwise the run stops with what to do.
 */
import { existsSync } from 'node:fs';
import Docker from 'dockerode';
import { BENCH_FILE, loadBench, type Bench } from '../../tests/env/bench';
import { withDeadline } from '../../main/core/deadline';

export class BenchNotReady extends Error {
  constructor(problem: string) {
    super(`The benchmarks run against the test bench, and it is not up (${problem}): run bash tests/env/up.sh first.`);
    this.name = 'BenchNotReady';
  }
}

export async function requireBench(): Promise<Bench> {
  const file = process.env.STEVEDORE_BENCH_FILE ?? BENCH_FILE;
  if (!existsSync(file)) throw new BenchNotReady(`there is no ${file}`);
  let bench: Bench;
  try {
    bench = loadBench(file);
  } catch (error) {
    throw new BenchNotReady(error instanceof Error ? error.message.replace(/: run .*$/, '') : String(error));
  }
  const docker = new Docker({ socketPath: bench.dockerHost.replace(/^unix:\/\//, '') });
  try {
    await withDeadline(docker.ping(), 5000, () => new Error('no answer'));
  } catch (error) {
    throw new BenchNotReady(`its engine at ${bench.dockerHost} does not answer: ${error instanceof Error ? error.message : String(error)}`);
  }
  // The benchmarks use the plain (htpasswd) and the anonymous registry.
  for (const registry of [bench.registries.plain, bench.registries.anon]) {
    // Any HTTP answer (401 from the htpasswd one) means it is up; a refused connection means it is not.
    const answered = await fetch(`${registry.url}/v2/`, { signal: AbortSignal.timeout(5000) }).then(
      () => true,
      () => false,
    );
    if (!answered) throw new BenchNotReady(`the registry ${registry.address} does not answer`);
  }
  return bench;
}
