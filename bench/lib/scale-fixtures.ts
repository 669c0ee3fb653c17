/**
 * What the scale benchmarks set up on the bench engine, each undone afterwards: thousands of image names on one
 * image's layers, many stacks, and a stack whose one service prints a log flood.
 */
import type Docker from 'dockerode';
import type { StevedoreCore } from '../../main/core/app';
import type { Bench } from '../../tests/env/bench';
import { seedVariants, type VariantSet } from './seed';

const MANY_REPOSITORY = 'stevedore-bench/many';

/** Runs `work` over `items`, `width` at a time. */
export async function inBatches<T>(items: readonly T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let offset = 0; offset < items.length; offset += width) await Promise.all(items.slice(offset, offset + width).map(work));
}

function pull(docker: Docker, reference: string, auth: { username: string; password: string; serveraddress: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.pull(reference, { authconfig: auth }, (error: Error | null, stream?: NodeJS.ReadableStream) => {
      if (error || !stream) return reject(error ?? new Error(`no pull stream for ${reference}`));
      docker.modem.followProgress(stream, (failure: Error | null) => (failure ? reject(failure) : resolve()));
    });
  });
}

/** An image of its own (the bench's small image plus 64 KiB), so removing it by id touches no other suite's image. */
const MANY_BASE: VariantSet = { repositoryPrefix: 'stevedore-bench/many-base', contentLabel: 'stevedore-bench-many-base', count: 1, layerBytes: 64 * 1024 };

/**
 * `count` names (`stevedore-bench/many-N:1.0`) on one image of the benchmark's own: the engine lists `count`
 * images sharing their layers. `remove` deletes that image by id with every name at once (one engine call:
 * untagging 2,000 names one by one took minutes on the bench).
 */
export async function tagManyImages(bench: Bench, docker: Docker, count: number): Promise<{ names: string[]; remove(): Promise<void> }> {
  const [base] = await seedVariants(bench, MANY_BASE);
  if (!base) throw new Error('the many-names base image was not seeded');
  const { plain } = bench.registries;
  await pull(docker, base.reference, { username: plain.username, password: plain.password, serveraddress: plain.address });
  const image = docker.getImage(base.reference);
  const { Id: id } = await image.inspect();
  const names = Array.from({ length: count }, (_, index) => `${MANY_REPOSITORY}-${String(index + 1).padStart(4, '0')}:1.0`);
  await inBatches(names, 16, (name) => {
    const colon = name.lastIndexOf(':');
    return image.tag({ repo: name.slice(0, colon), tag: name.slice(colon + 1) });
  });
  // Already gone is fine: another suite's clean-up may remove every image holding the bench's small layer.
  const remove = () =>
    docker
      .getImage(id)
      .remove({ force: true })
      .then(
        () => undefined,
        (error: { statusCode?: number }) => {
          if (error.statusCode !== 404) throw error;
        },
      );
  return { names, remove };
}

/**
 * A stack of one service printing `linesPerSecond` numbered lines a second (in batches of a tenth of that every
 * 100 ms, busybox's `usleep`), deployed and running. `remove` takes it down and deletes it.
 */
export async function startLogFlood(bench: Bench, core: StevedoreCore, linesPerSecond: number): Promise<{ stackId: string; remove(): Promise<void> }> {
  const perTick = Math.max(1, Math.round(linesPerSecond / 10));
  const script = `i=0; while :; do seq -f "flood line %g: the quick brown fox jumps over the lazy dog" $((i+1)) $((i+${perTick})); i=$((i+${perTick})); usleep 100000; done`;
  const yaml = [
    'name: stevedore-bench-log-flood',
    'services:',
    '  flood:',
    `    image: ${bench.images.small.anon}`,
    `    command: ["sh", "-c", ${JSON.stringify(script)}]`,
    '    stop_signal: SIGKILL',
    '',
  ].join('\n');
  const { stack } = await core.stacks.create({ name: 'bench-log-flood', yaml });
  const remove = async () => {
    await core.stacks.down(stack.id, { volumes: false }).catch(() => undefined);
    await core.stacks.delete(stack.id).catch(() => undefined);
  };
  try {
    const deploy = await core.stacks.deploy(stack.id);
    const final = await core.stacks.waitForDeploy(deploy.id);
    if (final.state !== 'done') throw new Error(`the log-flood stack did not deploy (${final.state}): ${final.error?.title ?? ''} ${final.error?.cause ?? ''}`);
  } catch (error) {
    await remove();
    throw error;
  }
  return { stackId: stack.id, remove };
}

/** `count` saved stacks (not deployed), each a small two-service file. */
export async function createStacks(bench: Bench, core: StevedoreCore, count: number): Promise<{ remove(): Promise<void> }> {
  const ids: string[] = [];
  for (let index = 1; index <= count; index += 1) {
    const yaml = `name: bench-stack-${index}\nservices:\n  web:\n    image: ${bench.images.small.anon}\n    command: ["httpd", "-f"]\n  worker:\n    image: ${bench.images.small.anon}\n    command: ["sleep", "86400"]\n`;
    ids.push((await core.stacks.create({ name: `bench-stack-${String(index).padStart(3, '0')}`, yaml })).stack.id);
  }
  return { remove: () => inBatches(ids, 8, (id) => core.stacks.delete(id).catch(() => undefined)) };
}
