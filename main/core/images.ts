/**
 * Local images (pulls.md "Local images"): what the engine holds, with where each image came from, and removal
 * with errors that say which container is in the way.
 */
import type Docker from 'dockerode';
import type { ImagesUsage, ImageView } from '../../preload/api';
import { listEngine, type EngineLists } from './engine-lists';
import { DEFAULT_SORT, sortImages } from '../../shared/image-order';
import { StevedoreError } from './errors';
import { engineCallError, messageOf } from './failures';
import { isValidImageReference, parseImageReference } from './credentials/reference';

export interface ImageServiceOptions {
  docker: () => Docker;
  /** The engine endpoint to name when the engine cannot be reached. */
  engineEndpoint?: () => string | undefined;
  /** A listing of the engine shared with other views while current (engine-lists.ts); else one of its own. */
  lists?: () => Promise<EngineLists>;
}

/** What the engine prints for an image without a name. */
const UNNAMED = new Set(['<none>:<none>', '<none>@<none>']);
/** An image id, full or abbreviated as `docker images` prints it. */
const IMAGE_ID = /^(sha256:)?[a-f0-9]{12,64}$/;
const CONTAINER_ID_IN_MESSAGE = /container ([a-f0-9]{12,64})/;

export class ImageService {
  /** The engine's disk-use count running now, if any (`usage`). */
  private usageCount: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ImageServiceOptions) {}

  /** Every local image, newest first. */
  async list(): Promise<ImageView[]> {
    const lists = this.options.lists ?? (() => listEngine(this.options.docker()));
    return imageViews(await this.engine(lists));
  }

  /**
   * What the images really take on disk, as `docker system df -v` counts it: the engine's `LayersSize` (each layer
   * once, however many images share it), and of it the bytes in layers more than one image uses: the total less
   * every image's unique part.
   */
  usage(): Promise<ImagesUsage> {
    // The engine counts one at a time and refuses a second count while one runs ("a disk usage operation is already
    // running"): a count asked meanwhile (an event made the kept one stale, another window) starts after it.
    const counted = this.usageCount.then(() => this.countUsage());
    this.usageCount = counted.catch(() => undefined);
    return counted;
  }

  private async countUsage(): Promise<ImagesUsage> {
    const docker = this.options.docker();
    const df = (await this.engine(() => docker.df())) as { LayersSize?: number; Images?: Array<{ Id: string; Size: number; SharedSize: number }> | null };
    const uniqueBytes = (df.Images ?? []).reduce((sum, image) => sum + Math.max(0, image.Size - Math.max(0, image.SharedSize)), 0);
    const totalBytes = Math.max(0, df.LayersSize ?? 0);
    return { totalBytes, sharedBytes: Math.max(0, totalBytes - uniqueBytes) };
  }

  /**
   * Removes an image by id or by name. By name with several names, only that name goes (as `docker rmi` does).
   * Returns what the engine untagged and deleted.
   */
  async remove(idOrName: string, force = false): Promise<{ removed: string[] }> {
    const target = idOrName.trim();
    if (!IMAGE_ID.test(target) && !isValidImageReference(target)) {
      throw new StevedoreError('REFERENCE_INVALID', `'${target.slice(0, 80)}' is neither an image id nor an image name.`);
    }
    const docker = this.options.docker();
    try {
      const result = (await docker.getImage(target).remove({ force })) as Array<{ Untagged?: string; Deleted?: string }> | undefined;
      const removed: string[] = [];
      for (const entry of result ?? []) {
        if (entry.Untagged) removed.push(entry.Untagged);
        if (entry.Deleted) removed.push(entry.Deleted);
      }
      return { removed };
    } catch (error) {
      throw await this.removalError(docker, target, force, error);
    }
  }

  private async removalError(docker: Docker, target: string, force: boolean, error: unknown): Promise<StevedoreError> {
    const status = (error as { statusCode?: unknown }).statusCode;
    const message = messageOf(error);
    if (status === 404) return new StevedoreError('IMAGE_NOT_FOUND', `There is no local image '${target}'; it may have been removed already.`);
    if (status === 409) {
      const containerId = CONTAINER_ID_IN_MESSAGE.exec(message)?.[1];
      if (containerId !== undefined) {
        const container = await describeContainer(docker, containerId);
        const running = /running container/.test(message) || container.running;
        const advice = running
          ? `Stop and remove the container first${force ? '' : ' (removing with force does not stop a running container)'}.`
          : 'Remove the container first, or remove the image with force (the container keeps working, but loses its image name).';
        return new StevedoreError('IMAGE_IN_USE', `'${target}' is used by container ${container.label}. ${advice}`, { cause: error });
      }
      if (/dependent child images/.test(message)) {
        return new StevedoreError('IMAGE_IN_USE', `'${target}' has images built on top of it; remove those first. (${message})`, { cause: error });
      }
      if (/must be forced|referenced in multiple repositories/.test(message)) {
        return new StevedoreError('IMAGE_IN_USE', `'${target}' has several names; remove it by name, or with force to remove every name. (${message})`, { cause: error });
      }
      return new StevedoreError('IMAGE_IN_USE', `'${target}' could not be removed: ${message}`, { cause: error });
    }
    return this.engineError(error);
  }

  private async engine<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw this.engineError(error);
    }
  }

  private engineError(error: unknown): StevedoreError {
    return engineCallError(error, this.options.engineEndpoint?.());
  }
}

function registryOf(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  try {
    return parseImageReference(name).host;
  } catch {
    // The engine holds a name our parser refuses (another tool's convention); show no registry rather than fail.
    return undefined;
  }
}

async function describeContainer(docker: Docker, id: string): Promise<{ label: string; running: boolean }> {
  try {
    const info = await docker.getContainer(id).inspect();
    const name = info.Name.replace(/^\//, '');
    return { label: `“${name}” (${id.slice(0, 12)}, ${info.State.Status})`, running: info.State.Running };
  } catch {
    return { label: id.slice(0, 12), running: false };
  }
}

/** Rows derived from each listing still held (engine-lists.ts keeps one until an engine event). */
const viewsOfListing = new WeakMap<EngineLists, ImageView[]>();

/**
 * The Images screen's rows from one listing of the engine (engine-lists.ts), in the screen's default order. Derived
 * once per listing (a reference parse per image, ~20 ms at 2,000 images): every window's images.list from the listing
 * main holds, and the feed's refresh from it, get the same rows.
 */
export function imageViews(lists: EngineLists): ImageView[] {
  let views = viewsOfListing.get(lists);
  if (views === undefined) {
    views = deriveImageViews(lists);
    viewsOfListing.set(lists, views);
  }
  return views;
}

function deriveImageViews({ images, containers }: EngineLists): ImageView[] {
  // Engines before API 1.42 report -1 containers per image unless asked for disk usage; counting ourselves is cheaper.
  const containersByImage = new Map<string, number>();
  for (const container of containers) containersByImage.set(container.ImageID, (containersByImage.get(container.ImageID) ?? 0) + 1);
  const views = images.map((image): ImageView => {
    const tags = (image.RepoTags ?? []).filter((tag) => !UNNAMED.has(tag));
    const digests = (image.RepoDigests ?? []).filter((digest) => !UNNAMED.has(digest));
    const view: ImageView = {
      id: image.Id,
      tags,
      digests,
      sizeBytes: image.Size,
      createdAt: new Date(image.Created * 1000).toISOString(),
      containers: containersByImage.get(image.Id) ?? 0,
    };
    const registry = registryOf(tags[0] ?? digests[0]);
    if (registry !== undefined) view.registry = registry;
    return view;
  });
  // In the Images screen's default order, so its first sort of what arrives is a pass over one sorted run.
  return sortImages(views, DEFAULT_SORT);
}
