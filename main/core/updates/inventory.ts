/**
 * What there is to check (issue 14, item 1): every tagged local image that names a registry repository, and every
 * image a stack's service uses, keyed by repository:tag (familiar form, `nginx:1.25`), with the local side read
 * from the engine's image list (repo digests of that repository, version label, created) and the containers still
 * running an older image of that name ("running an older image" until recreated).
 */
import type { ImageSide } from '../../../preload/api';
import { sameRow } from '../../../shared/same-row';
import { parseImageReference, type ImageReference } from '../credentials/reference';
import { PROJECT_LABEL, SERVICE_LABEL } from '../stacks/status';

/** The fields of the engine's image list this uses (`GET /images/json`). */
export interface EngineImage {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Created: number;
  Labels?: Record<string, string> | null;
}

/** The fields of the engine's container list this uses (`GET /containers/json?all=1`). */
export interface EngineContainer {
  Id: string;
  Names?: string[] | null;
  Image: string;
  ImageID: string;
  Labels?: Record<string, string> | null;
}

/** One service of one stack and the image it names (as compose would pull it). */
export interface StackImageUse {
  stackId: string;
  project: string;
  service: string;
  image: string;
  /** The service has the label `dev.stevedore.updates: "false"`, or the user stopped checking the stack. */
  optedOut: boolean;
}

export interface InventoryEntry {
  key: string;
  reference: ImageReference;
  /** The engine's repo digests for this repository (any of them matching the registry means up to date). */
  localDigests: string[];
  local?: ImageSide;
  /** The image the name points at now, when it is on the engine. */
  localImageId?: string;
  imageIds: string[];
  usedBy: Array<{ stackId: string; service: string }>;
  /** How many of usedBy opted out (label or stack). */
  optedOutUses: number;
  staleContainers: Array<{ id: string; name: string; stackId?: string; service?: string }>;
}

const VERSION_LABEL = 'org.opencontainers.image.version';
const CREATED_LABEL = 'org.opencontainers.image.created';

function parsed(name: string): ImageReference | undefined {
  try {
    return parseImageReference(name);
  } catch {
    return undefined;
  }
}

/**
 * The names parsed for the listings last built, by name: the view is built again for each new listing of the engine
 * (after every pull's end), which differs from the one before by the few images that pull or removal changed, and a
 * reference parse per name was most of the view's cost at 2,000 images. Kept to the names of the last two listings
 * (a name gone from the engine is forgotten); parsed references are only read, so views share them. One per updates
 * view (updates/service.ts): two cores in one process list different engines, and neither may push the other's
 * names out.
 */
export class ParsedNames {
  private newest = new Map<string, ImageReference | undefined>();
  private before = new Map<string, ImageReference | undefined>();
  private ofListing: { images: readonly EngineImage[]; parse: (name: string) => ImageReference | undefined } | undefined;

  /** The parser of one listing's names: the same for the same listing, and new names are parsed once. */
  parserFor(images: readonly EngineImage[]): (name: string) => ImageReference | undefined {
    if (this.ofListing?.images === images) return this.ofListing.parse;
    const { newest, before } = this;
    const names = new Map<string, ImageReference | undefined>();
    this.newest = names;
    this.before = newest;
    const parse = (name: string): ImageReference | undefined => {
      if (names.has(name)) return names.get(name);
      const reference = newest.has(name) ? newest.get(name) : before.has(name) ? before.get(name) : parsed(name);
      names.set(name, reference);
      return reference;
    };
    this.ofListing = { images, parse };
    return parse;
  }
}

/**
 * `previous`: the inventory built from the listing before. An entry equal to its entry there is that object, so the
 * view built from it (updates/service.ts) is kept too: after a pull only the pulled image's entry is new.
 * `names`: the names parsed for the listings before (by default none).
 */
export function buildInventory(
  images: readonly EngineImage[],
  containers: readonly EngineContainer[],
  uses: readonly StackImageUse[],
  previous?: ReadonlyMap<string, InventoryEntry>,
  names: ParsedNames = new ParsedNames(),
): Map<string, InventoryEntry> {
  const parseName = names.parserFor(images);
  const entries = new Map<string, InventoryEntry>();
  const entryFor = (reference: ImageReference): InventoryEntry => {
    const key = reference.familiarReference;
    let entry = entries.get(key);
    if (entry === undefined) {
      entry = { key, reference, localDigests: [], imageIds: [], usedBy: [], optedOutUses: 0, staleContainers: [] };
      entries.set(key, entry);
    }
    return entry;
  };

  for (const image of images) {
    const digests = (image.RepoDigests ?? []).map(parseName).filter((reference): reference is ImageReference => reference?.digest !== undefined);
    for (const tag of image.RepoTags ?? []) {
      const reference = parseName(tag);
      if (reference === undefined || reference.digest !== undefined) continue;
      const entry = entryFor(reference);
      entry.localImageId = image.Id;
      if (!entry.imageIds.includes(image.Id)) entry.imageIds.push(image.Id);
      entry.localDigests = digests.filter((candidate) => candidate.name === reference.name).map((candidate) => candidate.digest as string);
      const labels = image.Labels ?? {};
      const created = labels[CREATED_LABEL] !== undefined && !Number.isNaN(Date.parse(labels[CREATED_LABEL])) ? new Date(labels[CREATED_LABEL]).toISOString() : new Date(image.Created * 1000).toISOString();
      entry.local = {
        ...(entry.localDigests[0] === undefined ? {} : { digest: entry.localDigests[0] }),
        ...(labels[VERSION_LABEL] === undefined ? {} : { version: labels[VERSION_LABEL] }),
        created,
      };
    }
  }

  const useByService = new Map<string, { key: string; stackId: string }>();
  for (const use of uses) {
    const reference = parseName(use.image);
    if (reference === undefined) continue;
    const entry = entryFor(reference);
    entry.usedBy.push({ stackId: use.stackId, service: use.service });
    if (use.optedOut) entry.optedOutUses += 1;
    useByService.set(JSON.stringify([use.project, use.service]), { key: entry.key, stackId: use.stackId });
  }

  for (const container of containers) {
    const labels = container.Labels ?? {};
    const project = labels[PROJECT_LABEL];
    const service = labels[SERVICE_LABEL];
    const stackUse = project !== undefined && service !== undefined ? useByService.get(JSON.stringify([project, service])) : undefined;
    // A container keeps its image after the tag moves on; the engine then lists the image id as its `Image`.
    const key = stackUse?.key ?? parseName(container.Image)?.familiarReference;
    const entry = key === undefined ? undefined : entries.get(key);
    if (entry?.localImageId === undefined || container.ImageID === entry.localImageId) continue;
    entry.staleContainers.push({
      id: container.Id,
      name: (container.Names?.[0] ?? container.Id.slice(0, 12)).replace(/^\//, ''),
      ...(stackUse === undefined ? {} : { stackId: stackUse.stackId }),
      ...(service === undefined || stackUse === undefined ? {} : { service }),
    });
  }
  if (previous !== undefined) {
    for (const [key, entry] of entries) {
      const before = previous.get(key);
      if (before !== undefined && sameRow(before, entry)) entries.set(key, before);
    }
  }
  return entries;
}
