/**
 * `npm run bench`: Stevedore against the docker CLI and Compose on the test bench, plus the figures that have no
 * counterpart (credential lookups, the progress pipeline, the renderer). Prints a table with each target and
 * whether it is met, and writes the same as JSON to bench/results/ (latest.json and a timestamped copy).
 *
 *   npm run bench                         everything
 *   npm run bench -- --only=pull,stack    some sections (pull, stack, deploy, updates, credentials, progress, reliability, renderer, ui, memory)
 *   npm run bench -- --quick              fewer runs: checks the benchmark works, figures not worth keeping
 *   npm run bench -- --no-build           measure dist/ as it is instead of running npm run build first
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchApp, type BenchApp } from './lib/app';
import { run } from './lib/build';
import { BenchNotReady, requireBench } from './lib/bench-check';
import { appendHistory, recordsHistory, writeHistoryChart } from './lib/history';
import type { Bench } from '../tests/env/bench';
import type { BenchContext, BenchOptions } from './lib/context';
import { signedInDockerCli, type DockerCli } from './lib/docker-cli';
import { benchDocker } from './lib/engine';
import { gitState, machineFacts, met, renderNotes, renderTable, writeReport, type BenchReport, type Row } from './lib/report';
import { benchCredentialResolution } from './sections/credentials';
import { benchDeploy } from './sections/deploy';
import { benchMemory } from './sections/memory';
import { benchProgressPipeline } from './sections/progress';
import { benchSinglePulls } from './sections/pull';
import { benchRenderer } from './sections/renderer';
import { benchReliabilityBounds } from './sections/reliability';
import { benchStackPull } from './sections/stack';
import { benchUi } from './sections/ui';
import { benchUpdates } from './sections/updates';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HISTORY_FILE = 'bench/results/history.csv';
const HISTORY_CHART = 'docs/bench-history.svg';

/**
 * CPU-bound sections first, while nothing else this run started is busy; the engine-bound ones after. Sections
 * without `needsBench` run anywhere: `--only=credentials,progress` works while the test bench is down. memory before
 * ui: every pull/remove cycle makes the core list the engine's images again, and ui's 2,000 images (kept after it
 * with STEVEDORE_BENCH_KEEP_IMAGES=1) would make each of its 1,000 cycles list them.
 */
/**
 * `ownCore`: the section runs Stevedore in a process of its own (ui: the preview, as a user's main process). The
 * benchmark's in-process core, which the sections before it started, is closed first, so that one Stevedore follows
 * the engine, as on a user's machine; left running, it did the 2,000 images' work a second time while ui measured.
 * Runs of ui alone (no such core) gave cold loads of 267 and 274 ms; runs of deploy then ui, back to back on a busier
 * machine, 327 and 414 with it left running and 324 with it closed (floors 257, 300 and 280): noisy, and the reason
 * to close it is the one above (session 13).
 */
const SECTIONS: ReadonlyArray<{ name: string; needsBench: boolean; ownCore?: true; run: (context: BenchContext) => Promise<Row[]> }> = [
  { name: 'credentials', needsBench: false, run: benchCredentialResolution },
  { name: 'progress', needsBench: false, run: benchProgressPipeline },
  { name: 'reliability', needsBench: true, run: benchReliabilityBounds },
  { name: 'pull', needsBench: true, run: benchSinglePulls },
  { name: 'stack', needsBench: true, run: benchStackPull },
  { name: 'deploy', needsBench: true, run: benchDeploy },
  { name: 'updates', needsBench: true, run: benchUpdates },
  { name: 'renderer', needsBench: true, run: benchRenderer },
  { name: 'memory', needsBench: true, run: benchMemory },
  { name: 'ui', needsBench: true, ownCore: true, run: benchUi },
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
  const selected = SECTIONS.filter((section) => !options.only || options.only.has(section.name));
  const bench = selected.some((section) => section.needsBench) ? await requireBench() : undefined;
  const startedAt = new Date().toISOString();
  const startedMs = Date.now();
  // Seconds since the start on every line: how long each phase takes shows in the log.
  const log = (message: string) => process.stderr.write(`[bench +${Math.round((Date.now() - startedMs) / 1000)}s] ${message}\n`);

  let app: Promise<BenchApp> | undefined;
  let cli: Promise<DockerCli> | undefined;
  const withBench = <T>(use: (bench: Bench) => T): T => {
    if (!bench) throw new BenchNotReady('this section needs it, and none of the sections asked for did');
    return use(bench);
  };
  let docker: ReturnType<typeof benchDocker> | undefined;
  let built: Promise<void> | undefined;
  const context: BenchContext = {
    root,
    get bench() {
      return withBench((found) => found);
    },
    options,
    get docker() {
      return (docker ??= withBench(benchDocker));
    },
    log,
    app: () =>
      (app ??= withBench(startBenchApp).then(async (started) => {
        // Stevedore gets the same credentials `docker login` gives the CLI, stored as a user would store them.
        const { plain } = withBench((found) => found.registries);
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
    cli: () => (cli ??= withBench(signedInDockerCli)),
    built: () =>
      (built ??= options.build
        ? (log('npm run build'), run('npm', ['run', '--silent', 'build'], root))
        : Promise.resolve()),
  };

  const report: BenchReport = {
    schema: 1,
    startedAt,
    finishedAt: startedAt,
    ...gitState(root),
    machine: machineFacts(),
    bench: bench
      ? { engineVersion: bench.engineVersion, storageDriver: bench.storageDriver, composeVersion: bench.composeVersion }
      : { engineVersion: 'not used', storageDriver: 'not used', composeVersion: 'not used' },
    rows: [],
    failures: [],
  };
  try {
    for (const section of selected) {
      if (section.ownCore && app !== undefined) {
        const started = app;
        app = undefined;
        await (await started.catch(() => undefined))?.close();
      }
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
  if (recordsHistory(options)) {
    const historyFile = path.join(root, HISTORY_FILE);
    appendHistory(historyFile, report);
    writeHistoryChart(historyFile, path.join(root, HISTORY_CHART));
    written.push(historyFile, path.join(root, HISTORY_CHART));
  }
  console.log(`\nStevedore benchmarks — ${report.machine.cpus} × ${report.machine.cpuModel}, ${bench ? `engine ${bench.engineVersion} (${bench.storageDriver})` : 'no engine (sections without the bench)'}, ${report.commit?.slice(0, 10) ?? 'no commit'}${report.dirty ? ' + local changes' : ''}${options.quick ? ' — QUICK RUN, figures not representative' : ''}\n`);
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
