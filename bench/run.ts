/**
 * `npm run bench`: Stevedore against the docker CLI and Compose on the test bench, plus the figures that have no
 * counterpart (credential lookups, the progress pipeline, the renderer). Prints a table with each target and
 * whether it is met, and writes the same as JSON to bench/results/ (latest.json and a timestamped copy).
 *
 *   npm run bench                         everything
 *   npm run bench -- --only=pull,stack    some sections (pull, stack, credentials, progress, reliability, renderer)
 *   npm run bench -- --quick              fewer runs: checks the benchmark works, figures not worth keeping
 *   npm run bench -- --no-build           measure dist/ as it is instead of running npm run build first
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchApp, type BenchApp } from './lib/app';
import { BenchNotReady, requireBench } from './lib/bench-check';
import type { BenchContext, BenchOptions } from './lib/context';
import { signedInDockerCli, type DockerCli } from './lib/docker-cli';
import { benchDocker } from './lib/engine';
import { gitState, machineFacts, met, renderNotes, renderTable, writeReport, type BenchReport, type Row } from './lib/report';
import { benchCredentialResolution } from './sections/credentials';
import { benchProgressPipeline } from './sections/progress';
import { benchSinglePulls } from './sections/pull';
import { benchRenderer } from './sections/renderer';
import { benchReliabilityBounds } from './sections/reliability';
import { benchStackPull } from './sections/stack';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** CPU-bound sections first, while nothing else this run started is busy; the engine-bound ones after. */
const SECTIONS: ReadonlyArray<{ name: string; run: (context: BenchContext) => Promise<Row[]> }> = [
  { name: 'credentials', run: benchCredentialResolution },
  { name: 'progress', run: benchProgressPipeline },
  { name: 'reliability', run: benchReliabilityBounds },
  { name: 'pull', run: benchSinglePulls },
  { name: 'stack', run: benchStackPull },
  { name: 'renderer', run: benchRenderer },
];

class UsageError extends Error {}

function parseOptions(argv: readonly string[]): BenchOptions {
  const only = argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  const options: BenchOptions = {
    quick: argv.includes('--quick'),
    build: !argv.includes('--no-build'),
    only: only ? new Set(only.split(',').map((name) => name.trim())) : undefined,
  };
  const known = new Set(SECTIONS.map((section) => section.name));
  for (const name of options.only ?? []) if (!known.has(name)) throw new UsageError(`unknown section '${name}'; the sections are ${[...known].join(', ')}`);
  for (const arg of argv) {
    if (!['--quick', '--no-build'].includes(arg) && !arg.startsWith('--only=')) throw new UsageError(`unknown option '${arg}'; the options are --only=<sections>, --quick, --no-build`);
  }
  return options;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const bench = await requireBench();
  const startedAt = new Date().toISOString();
  const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

  let app: Promise<BenchApp> | undefined;
  let cli: Promise<DockerCli> | undefined;
  const context: BenchContext = {
    root,
    bench,
    options,
    docker: benchDocker(bench),
    log,
    app: () =>
      (app ??= startBenchApp(bench).then(async (started) => {
        // Stevedore gets the same credentials `docker login` gives the CLI, stored as a user would store them.
        const { plain } = bench.registries;
        await started.core.registries.add({
          name: 'Bench plain registry',
          address: plain.address,
          username: plain.username,
          secret: plain.password,
          patterns: ['stevedore/**', 'stevedore-bench/**'],
          isDefault: false,
        });
        return started;
      })),
    cli: () => (cli ??= signedInDockerCli(bench)),
  };

  const report: BenchReport = {
    schema: 1,
    startedAt,
    finishedAt: startedAt,
    ...gitState(root),
    machine: machineFacts(),
    bench: { engineVersion: bench.engineVersion, storageDriver: bench.storageDriver, composeVersion: bench.composeVersion },
    rows: [],
    failures: [],
  };
  try {
    for (const section of SECTIONS) {
      if (options.only && !options.only.has(section.name)) continue;
      log(`${section.name}…`);
      try {
        report.rows.push(...(await section.run(context)));
      } catch (error) {
        report.failures.push({ section: section.name, error: error instanceof Error ? error.message : String(error) });
        log(`${section.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }
  } finally {
    await (await app?.catch(() => undefined))?.close();
    (await cli?.catch(() => undefined))?.close();
  }
  report.finishedAt = new Date().toISOString();

  const written = writeReport(path.join(root, 'bench/results'), report);
  console.log(`\nStevedore benchmarks — ${report.machine.cpus} × ${report.machine.cpuModel}, engine ${bench.engineVersion} (${bench.storageDriver}), ${report.commit?.slice(0, 10) ?? 'no commit'}${report.dirty ? ' + local changes' : ''}${options.quick ? ' — QUICK RUN, figures not representative' : ''}\n`);
  console.log(renderTable(report));
  const notes = renderNotes(report);
  if (notes) console.log(`\n${notes}`);
  const unmet = report.rows.filter((row) => met(row) === false);
  const withTarget = report.rows.filter((row) => row.target !== undefined);
  console.log(`\nTargets met: ${withTarget.length - unmet.length} of ${withTarget.length}${unmet.length ? ` (not met: ${unmet.map((row) => row.id).join(', ')})` : ''}.`);
  console.log(`Results: ${written.map((file) => path.relative(root, file)).join(', ')}`);
  return report.failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof BenchNotReady || error instanceof UsageError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  },
);
