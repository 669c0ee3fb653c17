/**
 * Deploy end to end: the section's own eight-image stack (lib/seed.ts DEPLOY_VARIANTS, two registries), from nothing in the engine to every
 * service running, by Stevedore's deploy and by `docker compose up -d` (which pulls by itself) on the same engine,
 * alternately, with every layer of the stack removed before each run.
 *
 * Stevedore's time runs from `stacks.deploy` to its deploy reaching `done` (preflight, every pull with its own
 * credentials, then compose up); compose's is the wall time of `compose up -d`. After each run the services are
 * checked to be running, then the stack is taken down (not timed).
 */
import { alternate, type BenchContext } from '../lib/context';
import type { Row } from '../lib/report';
import { DEPLOY_VARIANTS, VARIANT_COUNT } from '../lib/seed';
import { openVariantStack } from '../lib/variant-stack';
import { median, round } from '../lib/stats';

export const DEPLOY_RATIO_TARGET = 1.0;
const PROJECT = 'stevedore-bench-deploy';

export async function benchDeploy(context: BenchContext): Promise<Row[]> {
  const rounds = context.options.quick ? 1 : 5;
  // Services that keep running (and stop at once on down): "all running" is what is timed.
  const { app, cli, file, stackId, removeImages, dispose } = await openVariantStack(context, 'deploy', PROJECT, DEPLOY_VARIANTS, { keepRunning: true });

  const appMs: number[] = [];
  const composeMs: number[] = [];

  // Asked of the engine itself: the app's stack status follows events and may not have seen the last start yet
  // when `compose up -d` returns (a full run failed on "svc8 is created" at load 14).
  const expectAllRunning = async (who: string) => {
    const containers = await context.docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${PROJECT}`] } });
    const notRunning = containers.filter((container) => container.State !== 'running');
    if (containers.length !== VARIANT_COUNT || notRunning.length > 0) {
      const named = notRunning.map((container) => `${container.Labels['com.docker.compose.service'] ?? container.Id.slice(0, 12)} is ${container.State}`);
      throw new Error(`after ${who}, ${named.join(', ') || `${containers.length} containers exist`}: not all ${VARIANT_COUNT} running`);
    }
  };
  const clean = async () => {
    await app.stacks.down(stackId, { volumes: false }).catch(() => undefined);
    await removeImages();
  };
  const viaApp = async (record: boolean) => {
    await clean();
    const start = process.hrtime.bigint();
    const deploy = await app.stacks.deploy(stackId);
    const final = await app.stacks.waitForDeploy(deploy.id);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (final.state !== 'done') throw new Error(`Stevedore's deploy ended ${final.state}: ${final.error?.title ?? ''} ${final.error?.cause ?? ''}`);
    await expectAllRunning("Stevedore's deploy");
    if (record) appMs.push(ms);
  };
  const viaCompose = async (record: boolean) => {
    await clean();
    const ms = await cli.timed(['compose', '-p', PROJECT, '-f', file, 'up', '-d', '--quiet-pull']);
    await expectAllRunning('docker compose up -d');
    if (record) composeMs.push(ms);
  };

  try {
    context.log('deploy: warm-up');
    await viaApp(false);
    await viaCompose(false);
    context.log(`deploy: ${rounds} alternating rounds`);
    await alternate(rounds, () => viaApp(true), () => viaCompose(true));
  } finally {
    await clean().catch(() => undefined);
    await dispose();
  }

  const app50 = median(appMs);
  const compose50 = median(composeMs);
  const perRound = appMs.map((ms, index) => ms / (composeMs[index] ?? Number.NaN));
  return [
    {
      id: 'deploy.stack8',
      section: 'deploy',
      label: `${VARIANT_COUNT}-image stack, nothing → all running`,
      value: round(app50 / compose50, 3),
      unit: '×',
      target: DEPLOY_RATIO_TARGET,
      comparison: { app: round(app50, 1), reference: round(compose50, 1), referenceName: 'docker compose up -d', unit: 'ms' },
      samples: { stevedoreMs: appMs.map((ms) => round(ms, 1)), composeUpMs: composeMs.map((ms) => round(ms, 1)) },
      notes: [
        `images on two registries (htpasswd and anonymous), every layer removed before each run; ` +
          `median of the per-round ratios ${round(median(perRound), 3)}; medians of ${rounds} alternating round${rounds === 1 ? '' : 's'}`,
      ],
    },
  ];
}
