/**
 * For a pull that must really download: the engine must not hold any layer of the image, or the layer "Already
 * exists" and nothing is fetched. Removing the image by name is not enough when another image (another tag, the
 * bench's `large` image built on `small`) shares a layer, so this removes every image that holds any of the
 * layers, and the build cache. Used by the reliability suite and by `npm run bench`.
 */
import type Docker from 'dockerode';
import type { Bench } from '../../../env/bench';

/**
 * `among`: the only images that can hold the layers (full names, the engine's `reference` filter), for layers of a
 * caller's own (seeded bytes no other image has): only those are inspected, not every image in the engine (2,000
 * inspections once the ui benchmark's images are there). Without it, every image is a candidate.
 */
export async function removeImagesHoldingLayers(docker: Docker, diffIds: readonly string[], log: (message: string) => void = () => undefined, among?: readonly string[]): Promise<void> {
  // Other suites share the bench engine; a container of theirs may hold the image for a few seconds.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await removeOnce(docker, diffIds, among);
      return;
    } catch (error) {
      const inUse = /being used by (running|stopped) container|still holds/.test(error instanceof Error ? error.message : String(error));
      if (!inUse || attempt >= 30) {
        throw new Error(
          `could not clear the engine of the image's layers${inUse ? ' (containers of another suite keep using them: try again on a quiet bench)' : ''}: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
      if (attempt === 1) log('waiting for containers of another suite to release the image…');
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

/** The images that may hold the layers: those named in `among`, or every image. */
function candidates(docker: Docker, among: readonly string[] | undefined): Promise<Docker.ImageInfo[]> {
  return docker.listImages({ all: true, ...(among ? { filters: JSON.stringify({ reference: among }) } : {}) });
}

async function removeOnce(docker: Docker, diffIds: readonly string[], among: readonly string[] | undefined): Promise<void> {
  const wanted = new Set(diffIds);
  const images = await candidates(docker, among);
  const holders: Array<{ id: string; depth: number }> = [];
  for (const summary of images) {
    const layers = (await docker.getImage(summary.Id).inspect().catch(() => undefined))?.RootFS.Layers ?? [];
    if (layers.some((layer) => wanted.has(layer))) holders.push({ id: summary.Id, depth: layers.length });
  }
  // Children (more layers) first, so a parent is never refused for having dependants.
  holders.sort((a, b) => b.depth - a.depth);
  for (const { id } of holders) {
    await docker
      .getImage(id)
      .remove({ force: true })
      .catch((error: { statusCode?: number }) => {
        if (error.statusCode !== 404) throw error;
      });
  }
  // BuildKit's cache (a stack test that built FROM small, say) keeps its own reference to a layer, and then
  // removing every image still leaves the layer in the engine. The cache is only a cache: drop it.
  await pruneBuildCache(docker);
  const left = await layersPresent(docker, diffIds, among);
  if (left.length > 0) throw new Error(`the engine still holds ${left.length} of the layers after removing their images`);
}

/** Which of `diffIds` some image in the engine still has. */
export async function layersPresent(docker: Docker, diffIds: readonly string[], among?: readonly string[]): Promise<string[]> {
  const wanted = new Set(diffIds);
  const present = new Set<string>();
  for (const summary of await candidates(docker, among)) {
    const info = await docker.getImage(summary.Id).inspect().catch(() => undefined);
    for (const layer of info?.RootFS.Layers ?? []) if (wanted.has(layer)) present.add(layer);
  }
  return [...present];
}

/** `docker builder prune --all` (dockerode's pruneBuilder sends no options, so only dangling entries would go). */
function pruneBuildCache(docker: Docker): Promise<void> {
  const modem = docker.modem as unknown as {
    dial(options: object, callback: (error: unknown) => void): void;
  };
  return new Promise((resolve, reject) => {
    modem.dial({ path: '/build/prune?', method: 'POST', options: { all: true }, statusCodes: { 200: true, 500: 'server error' } }, (error) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(),
    );
  });
}

/** An image's layer diff ids as the plain registry describes it (registry API with the bench's credentials). */
export async function plainRegistryDiffIds(bench: Bench, reference: string): Promise<string[]> {
  const { plain } = bench.registries;
  const withoutHost = reference.slice(reference.indexOf('/') + 1);
  const colon = withoutHost.lastIndexOf(':');
  const [repository, tag] = [withoutHost.slice(0, colon), withoutHost.slice(colon + 1)];
  const headers = { Authorization: `Basic ${Buffer.from(`${plain.username}:${plain.password}`).toString('base64')}` };
  const manifestResponse = await fetch(`${plain.url}/v2/${repository}/manifests/${tag}`, {
    headers: { ...headers, Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
  });
  if (!manifestResponse.ok) throw new Error(`the plain registry has no ${repository}:${tag} (${manifestResponse.status})`);
  const manifest = (await manifestResponse.json()) as { config: { digest: string } };
  const configResponse = await fetch(`${plain.url}/v2/${repository}/blobs/${manifest.config.digest}`, { headers });
  if (!configResponse.ok) throw new Error(`the plain registry has no config for ${repository}:${tag} (${configResponse.status})`);
  return ((await configResponse.json()) as { rootfs: { diff_ids: string[] } }).rootfs.diff_ids;
}
