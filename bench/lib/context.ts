import type Docker from 'dockerode';
import type { Bench } from '../../tests/env/bench';
import type { BenchApp } from './app';
import type { DockerCli } from './docker-cli';

export interface BenchOptions {
  /** Fewer runs everywhere: a smoke test of the benchmark itself, not figures to keep. */
  quick: boolean;
  /** Use dist/ as it is instead of running `npm run build` first. */
  build: boolean;
  only: ReadonlySet<string> | undefined;
}

export interface BenchContext {
  root: string;
  bench: Bench;
  options: BenchOptions;
  docker: Docker;
  /** Started on first use: the pure benchmarks need neither. */
  app(): Promise<BenchApp>;
  cli(): Promise<DockerCli>;
  /** dist/ is what the page loads: built once per run (`npm run build`) unless --no-build. */
  built(): Promise<void>;
  log(message: string): void;
}

/** Alternates which side goes first in each round, so neither always profits from (or pays for) going first. */
export async function alternate(rounds: number, first: () => Promise<void>, second: () => Promise<void>): Promise<void> {
  for (let round = 0; round < rounds; round += 1) {
    if (round % 2 === 0) {
      await first();
      await second();
    } else {
      await second();
      await first();
    }
  }
}
