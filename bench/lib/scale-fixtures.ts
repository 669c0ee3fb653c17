/**
 * What the scale benchmarks set up on the bench engine, each undone afterwards: thousands of distinct images on one
 * layer, many stacks, and a stack whose one service prints a log flood.
 */
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { StevedoreCore } from '../../main/core/app';
import type { Bench } from '../../tests/env/bench';
import { repositoryAndTag, tarEntry } from './seed';
import { RegistryClient, sha256 } from './registry';

const MANY_REPOSITORY = 'stevedore-bench/many';
/** Every image of the many-images fixture carries this label (its value: the image's number), so one prune removes them all. */
const MANY_LABEL = 'stevedore.bench.many';

/** Runs `work` over `items`, `width` at a time. */
export async function inBatches<T>(items: readonly T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let offset = 0; offset < items.length; offset += width) await Promise.all(items.slice(offset, offset + width).map(work));
}

/**
 * `count` distinct images (`stevedore-bench/many-N:1.0`), each the bench's small image with a label of its own, so
 * they share its one layer: the engine lists `count` images of ~1 MB using ~1 MB on disk, as a user's machine with
 * many builds of one base does. Built with one `docker load` of a generated archive (one layer file, `count`
 * configs; the engine stores the layer once), which takes seconds where `docker build`/`commit` per image takes
 * minutes; reused when a run left them there. `remove` deletes them with one prune by label.
 */
export async function loadManyImages(bench: Bench, docker: Docker, count: number): Promise<{ names: string[]; created: boolean; remove(): Promise<void> }> {
  const names = Array.from({ length: count }, (_, index) => `${MANY_REPOSITORY}-${String(index + 1).padStart(4, '0')}:1.0`);
  const remove = async () => {
    await docker.pruneImages({ filters: JSON.stringify({ label: [MANY_LABEL], dangling: ['false'] }) });
  };
  const present = await docker.listImages({ filters: JSON.stringify({ label: [MANY_LABEL] }) });
  if (present.length === count) return { names, created: false, remove };
  if (present.length > 0) await remove();

  const { plain } = bench.registries;
  const registry = new RegistryClient({ url: plain.url, username: plain.username, password: plain.password });
  const [repository, tag] = repositoryAndTag(bench.images.small.plain);
  const manifest = await registry.manifest(repository, tag);
  if (!manifest) throw new Error(`${bench.images.small.plain} is missing from the bench registry`);
  const baseConfig = await registry.config(repository, manifest);
  const layerFiles = manifest.layers.map((layer, index) => ({ name: `layer-${index}.tar.gz`, digest: layer.digest }));
  const entries: Buffer[] = [];
  for (const file of layerFiles) entries.push(tarEntry(file.name, await registry.blob(repository, file.digest)));
  // docker save's own layout (manifest.json naming each image's config and layer files), which docker load reads.
  const loadManifest = names.map((name, index) => {
    const baseContainerConfig = (baseConfig.config ?? {}) as { Labels?: Record<string, string> | null };
    const config = Buffer.from(JSON.stringify({ ...baseConfig, config: { ...baseContainerConfig, Labels: { ...baseContainerConfig.Labels, [MANY_LABEL]: String(index + 1) } } }));
    const configFile = `${sha256(config).slice('sha256:'.length)}.json`;
    entries.push(tarEntry(configFile, config));
    return { Config: configFile, RepoTags: [name], Layers: layerFiles.map((file) => file.name) };
  });
  entries.push(tarEntry('manifest.json', Buffer.from(JSON.stringify(loadManifest))), Buffer.alloc(1024));
  const output = await docker.loadImage(Readable.from([Buffer.concat(entries)]), { quiet: true });
  const answer = await streamText(output);
  // Each name, not the count: an image of an earlier fixture that a container still uses outlives the prune above.
  const loaded = new Set((await docker.listImages({ filters: JSON.stringify({ label: [MANY_LABEL] }) })).flatMap((image) => image.RepoTags ?? []));
  const missing = names.filter((name) => !loaded.has(name));
  if (missing.length > 0) throw new Error(`docker load made ${count - missing.length} of the ${count} images (missing ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}): ${answer.slice(0, 500)}`);
  return { names, created: true, remove };
}

function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}

/**
 * A stack of one service printing `linesPerSecond` numbered lines a second, deployed and running. Paced by the
 * clock (/proc/uptime, in hundredths of a second): every 50 ms it prints the lines due since it started, so slow
 * ticks do not lower the rate. (busybox's `seq` has no `-f`: the earlier `seq -f` loop printed only seq's usage
 * text, ~90 lines a second.) `remove` takes it down and deletes it.
 */
export async function startLogFlood(bench: Bench, core: StevedoreCore, linesPerSecond: number): Promise<{ stackId: string; remove(): Promise<void> }> {
  const script = [
    'read start _ </proc/uptime; start=${start%.*}${start#*.}; printed=0',
    'while :; do',
    '  read now _ </proc/uptime; now=${now%.*}${now#*.}',
    `  due=$(( (now - start) * ${linesPerSecond} / 100 ))`,
    '  if [ $due -gt $printed ]; then seq $((printed + 1)) $due | sed "s/.*/flood line &: the quick brown fox jumps over the lazy dog/"; printed=$due; fi',
    '  usleep 50000',
    'done',
  ]
    .join('\n')
    // Compose reads `$` as the start of a variable; `$$` is a literal one.
    .split('$')
    .join('$$');
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
