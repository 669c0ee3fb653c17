/**
 * One image, pulled by Stevedore's pull service and by `docker pull`, alternately, with every layer of the image
 * removed from the engine before each run. Both send the plain registry's credentials (Stevedore from its stored
 * registry, the CLI from `docker login`). Stevedore's time runs from `pulls.start` to the final view, which
 * includes resolving credentials and inspecting the pulled image; the CLI's from spawning it to its exit.
 */
import { eventChannel } from '../../preload/api';
import type { PullView } from '../../preload/api';
import { alternate, type BenchContext } from '../lib/context';
import { plainRegistryDiffIds, removeImagesHoldingLayers } from '../lib/engine';
import type { Row } from '../lib/report';
import { median, round } from '../lib/stats';

export const PULL_RATIO_TARGET = 1.05;

interface Subject {
  id: string;
  label: string;
  image: string;
  rounds: number;
}

export async function benchSinglePulls(context: BenchContext): Promise<Row[]> {
  const { bench, options } = context;
  const subjects: Subject[] = [
    { id: 'pull.small', label: `small image (${bench.images.small.plain})`, image: bench.images.small.plain, rounds: options.quick ? 2 : 9 },
    {
      id: 'pull.large',
      label: `multi-layer image, ${Math.round(bench.images.largeBytes / 1e6)} MB in 7 layers`,
      image: bench.images.large,
      rounds: options.quick ? 1 : 5,
    },
  ];
  const rows: Row[] = [];
  for (const subject of subjects) rows.push(...(await benchOne(context, subject)));
  return rows;
}

async function benchOne(context: BenchContext, subject: Subject): Promise<Row[]> {
  const app = await context.app();
  const cli = await context.cli();
  const diffIds = await plainRegistryDiffIds(context.bench, subject.image);
  const progressChannel = eventChannel('pulls.progress');
  const appMs: number[] = [];
  const cliMs: number[] = [];
  const eventsPerSecond: number[] = [];
  const notes: string[] = [];

  const viaApp = async (record: boolean) => {
    await removeImagesHoldingLayers(context.docker, diffIds, context.log);
    app.sent.reset();
    const start = process.hrtime.bigint();
    const final = await app.core.pulls.waitFor(app.core.pulls.start({ image: subject.image }).id);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    checkPulled(final);
    if (!record) return;
    appMs.push(ms);
    eventsPerSecond.push(((app.sent.counts.get(progressChannel) ?? 0) * 1000) / ms);
  };
  const viaCli = async (record: boolean) => {
    await removeImagesHoldingLayers(context.docker, diffIds, context.log);
    const ms = await cli.timed(['pull', subject.image]);
    if (record) cliMs.push(ms);
  };

  // One unrecorded round warms the registry's files into the page cache and the engine's connections.
  context.log(`${subject.id}: warm-up`);
  await viaApp(false);
  await viaCli(false);
  context.log(`${subject.id}: ${subject.rounds} alternating rounds`);
  await alternate(subject.rounds, () => viaApp(true), () => viaCli(true));
  await removeImagesHoldingLayers(context.docker, diffIds, context.log);

  const app50 = median(appMs);
  const cli50 = median(cliMs);
  const perRound = appMs.map((ms, index) => ms / (cliMs[index] ?? Number.NaN));
  notes.push(`median of the per-round ratios ${round(median(perRound), 3)}; medians of ${subject.rounds} round${subject.rounds === 1 ? "" : "s"}; docker pull includes starting the CLI (~30–60 ms)`);
  const rows: Row[] = [
    {
      id: subject.id,
      section: 'single pull',
      label: subject.label,
      value: round(app50 / cli50, 3),
      unit: '×',
      target: PULL_RATIO_TARGET,
      comparison: { app: round(app50, 1), reference: round(cli50, 1), referenceName: 'docker pull', unit: 'ms' },
      samples: { stevedoreMs: appMs.map((ms) => round(ms, 1)), dockerPullMs: cliMs.map((ms) => round(ms, 1)) },
      notes,
    },
  ];
  if (subject.id === 'pull.large') {
    rows.push({
      id: 'progress.events-per-second.real-pull',
      section: 'progress',
      label: 'pulls.progress events to the renderer per second (real large pull)',
      value: round(median(eventsPerSecond), 1),
      unit: '/s',
      samples: { eventsPerSecond: eventsPerSecond.map((value) => round(value, 2)) },
    });
  }
  return rows;
}

function checkPulled(final: PullView): void {
  if (final.state !== 'done') throw new Error(`Stevedore's pull of ${final.image} ended ${final.state}: ${final.error?.code} ${final.error?.detail}`);
  // Every layer was removed beforehand; one that "already exists" would make the run measure less than a pull.
  const reused = final.layers.filter((layer) => layer.phase === 'exists');
  if (reused.length > 0) throw new Error(`${reused.length} layer(s) of ${final.image} were already in the engine: something else is using the bench engine`);
}
