/**
 * A stack of eight images (see lib/seed.ts), pulled by Stevedore's deploy and by `docker compose pull` of the same
 * file, alternately, with every layer removed before each run.
 *
 * Stevedore's time runs from `stacks.deploy` to the last of the stack's pulls reaching its final state: that is
 * reading the file, the preflight (credentials and local images per service), finding compose, and every pull
 * with its own credentials. The deploy then goes on to `compose up`; that part is not timed (compose pull does
 * not start anything), and the stack is taken down again before the next run.
 */
import { parseImageReference } from '../../main/core/credentials/reference';
import type { PullView } from '../../preload/api';
import { alternate, type BenchContext } from '../lib/context';
import type { Row } from '../lib/report';
import { STACK_VARIANTS, VARIANT_COUNT, VARIANT_LAYER_BYTES } from '../lib/seed';
import { openVariantStack } from '../lib/variant-stack';
import { median, round } from '../lib/stats';

export const STACK_RATIO_TARGET = 1.0;
const PROJECT = 'stevedore-bench-stack';

export async function benchStackPull(context: BenchContext): Promise<Row[]> {
  const rounds = context.options.quick ? 1 : 7;
  const { app, cli, images, file, stackId, removeImages, dispose } = await openVariantStack(context, 'stack', PROJECT, STACK_VARIANTS, { keepRunning: false });
  const canonical = new Set(images.map((image) => parseImageReference(image.reference).canonical));

  const appMs: number[] = [];
  const composeMs: number[] = [];
  const notes: string[] = [];
  /** Per run: how many pulls found the shared base layer present (fetched once by whichever pull came first). */
  const sharedReported: number[] = [];

  const viaApp = async (record: boolean) => {
    await removeImages();
    const finals = new Map<string, PullView>();
    let allPulled!: () => void;
    const pulled = new Promise<void>((resolve) => (allPulled = resolve));
    let end = 0n;
    const unsubscribe = app.core.pulls.onProgress((view) => {
      if (!canonical.has(view.image) || !['done', 'failed', 'cancelled'].includes(view.state)) return;
      finals.set(view.image, view);
      if (finals.size === canonical.size) {
        end = process.hrtime.bigint();
        allPulled();
      }
    });
    const start = process.hrtime.bigint();
    try {
      const deploy = await app.stacks.deploy(stackId);
      const outcome = await Promise.race([pulled.then(() => undefined), app.stacks.waitForDeploy(deploy.id)]);
      if (outcome !== undefined) throw new Error(`the deploy ended (${outcome.state}) before all images were pulled: ${outcome.error?.title} ${outcome.error?.cause}`);
      const ms = Number(end - start) / 1e6;
      const failed = [...finals.values()].filter((view) => view.state !== 'done');
      if (failed.length > 0) throw new Error(`pulls failed in the deploy: ${failed.map((view) => `${view.image} ${view.error?.code}`).join(', ')}`);
      const reused = [...finals.values()].flatMap((view) => view.layers).filter((layer) => layer.phase === 'exists');
      // Each image's own layer was removed beforehand: finding one present means the run did not really pull.
      const ownLayers = new Set(images.map((image) => image.ownLayerShortId));
      if (reused.some((layer) => ownLayers.has(layer.id))) throw new Error('an image of the stack was already in the engine: something else is using the bench engine');
      const final = await app.stacks.waitForDeploy(deploy.id);
      if (final.state !== 'done') notes.push(`a deploy ended ${final.state} after its pulls: ${final.error?.title ?? ''}`);
      if (record) {
        appMs.push(ms);
        sharedReported.push(reused.length);
      }
    } finally {
      unsubscribe();
      await app.stacks.down(stackId, { volumes: false }).catch(() => undefined);
    }
  };
  const viaCompose = async (record: boolean) => {
    await removeImages();
    const ms = await cli.timed(['compose', '-p', PROJECT, '-f', file, 'pull']);
    if (record) composeMs.push(ms);
  };

  try {
    context.log('stack: warm-up');
    await viaApp(false);
    await viaCompose(false);
    context.log(`stack: ${rounds} alternating rounds`);
    await alternate(rounds, () => viaApp(true), () => viaCompose(true));
  } finally {
    await removeImages().catch(() => undefined);
    await dispose();
  }

  const app50 = median(appMs);
  const compose50 = median(composeMs);
  const perRound = appMs.map((ms, index) => ms / (composeMs[index] ?? Number.NaN));
  const unique = [...new Set(notes)];
  unique.push(
    `${VARIANT_COUNT} images on two registries (htpasswd and anonymous), each a shared 1 MB layer plus ${VARIANT_LAYER_BYTES / 2 ** 20} MiB of its own; ` +
      `Stevedore's deploy starting its pulls together, as compose does (past the pull limit of ${(await app.core.handlers['settings.get'](undefined)).maxConcurrentPulls}, which holds for user pulls); ` +
      `the shared layer is fetched once per run, as compose does (median ${median(sharedReported)} of ${VARIANT_COUNT} pulls found it present); ` +
      `median of the per-round ratios ${round(median(perRound), 3)}; medians of ${rounds} round${rounds === 1 ? '' : 's'}`,
  );
  return [
    {
      id: 'stack.pull8',
      section: 'stack',
      label: `${VARIANT_COUNT} images pulled by a deploy`,
      value: round(app50 / compose50, 3),
      unit: '×',
      target: STACK_RATIO_TARGET,
      comparison: { app: round(app50, 1), reference: round(compose50, 1), referenceName: 'docker compose pull', unit: 'ms' },
      samples: { stevedoreMs: appMs.map((ms) => round(ms, 1)), composePullMs: composeMs.map((ms) => round(ms, 1)) },
      notes: unique,
    },
  ];
}
