/**
 * Updates (issue 14): what main answers for updates.list, updates.check and updates.ignore, and the automatic
 * checks. The inventory (inventory.ts) is read from the engine and the stacks at each answer; the outcomes of the
 * checks (checker.ts) are kept per repository:tag with the local digests they were made against, so a pull that
 * brings the registry's image makes it up to date at once, before the re-check that follows the pull.
 */
import type Docker from 'dockerode';
import type { ImageUpdate, UpdatesChange, UpdatesList, UpdatesPosition, UpdatesView } from '../../../preload/api';
import { parseImageReference } from '../credentials/reference';
import { listEngine, type EngineLists } from '../engine-lists';
import { engineCallError } from '../failures';
import { VersionedDiff } from '../versioned-diff';
import type { SettingsDocument } from '../settings/document';
import type { SettingsStore } from '../settings/store';
import type { CheckOutcome, CheckRequest, UpdateChecker } from './checker';
import { buildInventory, ParsedNames, type InventoryEntry, type StackImageUse } from './inventory';
import { UpdateScheduler, type Timers } from './scheduler';

type Preferences = SettingsDocument['preferences'];

/**
 * What a window shows of an entry (renderer/updates/UpdateStatus.tsx): a badge for an update or a failed check, the
 * opt-out for an ignored image, newer tags, containers on an older image. Every other entry — not checked yet, up to
 * date, built here, pinned — shows nothing, and at 2,000 images they are nearly the whole view.
 */
export function hasSomethingToShow(entry: ImageUpdate): boolean {
  return entry.state === 'update-available' || entry.state === 'could-not-check' || entry.state === 'ignored' || entry.newerTags.length > 0 || entry.staleContainers.length > 0;
}

/**
 * What a window's check or opt-out is answered (preload/api.ts, UpdatesPositionSchema): the view's position and check
 * status. Its entries that changed have gone to every window in `updates.changed` already (`versioned` sends them
 * before any answer), and the whole view is hundreds of KB at 2,000 images.
 */
export function positionOf({ images: _images, ...position }: UpdatesList): UpdatesPosition {
  return position;
}

/** The view's order, by image name (as `localeCompare`, with one collator instead of one per comparison). */
const byName = new Intl.Collator();

/** Two lists of names, each in `byName` order, as one. */
function mergeByName(one: readonly string[], other: readonly string[]): string[] {
  const merged: string[] = [];
  let i = 0;
  let j = 0;
  while (i < one.length && j < other.length) merged.push(byName.compare(one[i] as string, other[j] as string) <= 0 ? (one[i++] as string) : (other[j++] as string));
  return [...merged, ...one.slice(i), ...other.slice(j)];
}

/** A scheduled check leaves a registry alone when it was asked this recently (by any check). */
export const MIN_REGISTRY_INTERVAL_MS = 30 * 60_000;

export interface UpdatesServiceOptions {
  docker: () => Docker;
  checker: UpdateChecker;
  /** Each stack service's image; `optedOut` for the compose label (the stack opt-out is applied here). */
  stackUses: () => Promise<StackImageUse[]>;
  settings: SettingsStore;
  /** Where the engine is, for the error when it cannot be reached. */
  engineEndpoint?: () => string | undefined;
  clock?: () => Date;
  /** For the schedule (tests run them by hand). */
  timers?: Timers;
}

interface KeptOutcome {
  outcome: CheckOutcome;
  /** The local digests the outcome was reached with. */
  localDigests: readonly string[];
}

/** One entry's view and what it was built from. */
interface BuiltView {
  entry: InventoryEntry;
  kept: KeptOutcome | undefined;
  ignored: boolean;
  view: ImageUpdate;
}

/** The view's entries and what they were built from. */
interface BuiltViews {
  inventory: Map<string, InventoryEntry>;
  ignoredImages: string;
  /** `outcomesChanged` when they were built. */
  outcomes: number;
  /** Each entry's view, by key, in the view's order. */
  views: Map<string, BuiltView>;
  /** The views of `views`, in its order: the list the versioned diff last took. */
  images: ImageUpdate[];
}

export class UpdatesService {
  private readonly outcomes = new Map<string, KeptOutcome>();
  private readonly askedAt = new Map<string, number>();
  private readonly newUpdateListeners = new Set<(found: ImageUpdate[]) => void>();
  private readonly changeListeners = new Set<(view: UpdatesList) => void>();
  private readonly patchListeners = new Set<(change: UpdatesChange) => void>();
  /** The view as windows hold it: entries by image name at a version (preload/api.ts, UpdatesListSchema). */
  private readonly diff = new VersionedDiff<ImageUpdate>((entry) => entry.image);
  /** Bumped whenever `outcomes` changes: the entries built before are out of date. */
  private outcomesChanged = 0;
  /** The names this view's listings were parsed to (inventory.ts): its own, whatever other cores list. */
  private readonly parsedNames = new ParsedNames();
  /**
   * The inventory and entries last built, and what from. A window's updates.list from the listing main holds (and a
   * publish that found nothing new) gets the same entries, which the versioned diff then does not compare again:
   * at 2,000 images building and comparing them was most of the answer's cost.
   */
  private inventoryBuilt: { images: unknown; containers: unknown; uses: string; inventory: Map<string, InventoryEntry> } | undefined;
  /**
   * Each entry's view and what it was built from (inventory entry, kept outcome, opt-out). After a pull the inventory
   * keeps the objects of the entries that did not change (inventory.ts), so only the pulled image's view is built
   * again; the others stay the objects windows were sent, which the versioned diff takes as unchanged at once.
   */
  private viewsBuilt: BuiltViews | undefined;
  /** The check status last taken, as JSON: a change of it alone is a new version too. */
  private takenStatus: string | undefined;
  private running = 0;
  private lastCheckAt: string | undefined;
  private readonly clock: () => Date;
  readonly scheduler: UpdateScheduler;

  constructor(private readonly options: UpdatesServiceOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.scheduler = new UpdateScheduler({
      schedule: () => options.settings.get('preferences').updateSchedule,
      run: () => this.scheduledCheck(),
      now: () => this.clock().getTime(),
      onPlanned: () => void this.publish(),
      ...(options.timers === undefined ? {} : { timers: options.timers }),
    });
  }

  /**
   * `lists`: a listing of the engine shared with the Images screen's feed (engine-lists.ts), else one of its own.
   * `omitQuiet`: only the entries with something to show (hasSomethingToShow), at the same version as the whole view.
   */
  async list(lists?: () => Promise<EngineLists>, { omitQuiet = false }: { omitQuiet?: boolean } = {}): Promise<UpdatesList> {
    const view = this.versioned(this.viewOf(await this.inventory(lists)), true);
    return omitQuiet ? { ...view, images: view.images.filter(hasSomethingToShow) } : view;
  }

  /**
   * "Check now": every image, one image (`nginx:1.25`), or the images of one stack. `lists`: the listing shared with
   * the views (engine-lists.ts), else one of its own.
   */
  async check(target: { image?: string; stackId?: string } = {}, lists?: () => Promise<EngineLists>): Promise<UpdatesList> {
    const key = target.image === undefined ? undefined : parseImageReference(target.image).familiarReference;
    await this.run((entry) => (key === undefined || entry.key === key) && (target.stackId === undefined || entry.usedBy.some((use) => use.stackId === target.stackId)), lists);
    return this.list(lists);
  }

  /**
   * After a pull of `image` ends (or a deploy's pulls, given together): the new local digests are compared again, in
   * one check. `lists`: the listing shared with the views (engine-lists.ts), so a deploy's eight finished pulls do not
   * list the engine sixteen times (~0.5 s each at 2,000 images).
   */
  async recheck(image: string | readonly string[], lists?: () => Promise<EngineLists>): Promise<void> {
    const keys = new Set((typeof image === 'string' ? [image] : image).map((pulled) => parseImageReference(pulled).familiarReference));
    for (const key of keys) this.outcomes.delete(key);
    this.outcomesChanged += 1;
    await this.run((entry) => keys.has(entry.key), lists);
  }

  /** An opt-out (or its end), stored in settings. `lists`: as for `check`. */
  async ignore(target: { image?: string; stackId?: string; ignore: boolean }, lists?: () => Promise<EngineLists>): Promise<UpdatesList> {
    const toggle = (list: string[], value: string | undefined) => (value === undefined ? list : target.ignore ? [...new Set([...list, value])] : list.filter((entry) => entry !== value));
    const image = target.image === undefined ? undefined : parseImageReference(target.image).familiarReference;
    await this.options.settings.update('preferences', (current) => {
      const value = { ...current, updatesIgnoredImages: toggle(current.updatesIgnoredImages, image), updatesIgnoredStacks: toggle(current.updatesIgnoredStacks, target.stackId) };
      return { value, result: undefined };
    });
    const view = await this.list(lists);
    this.emit(view);
    return view;
  }

  /** The view changed (a check started or ended, an opt-out, images or containers changed): the whole view, in main. */
  onChange(listener: (view: UpdatesList) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** What changed since the version before, for the windows (`updates.changed`); sent before any answer that follows it. */
  onPatch(listener: (change: UpdatesChange) => void): () => void {
    this.patchListeners.add(listener);
    return () => this.patchListeners.delete(listener);
  }

  /** A scheduled check found updates not known before, and the user asked to be told (updateNotifications). */
  onNewUpdates(listener: (found: ImageUpdate[]) => void): () => void {
    this.newUpdateListeners.add(listener);
    return () => this.newUpdateListeners.delete(listener);
  }

  start(): void {
    this.scheduler.plan();
  }

  stop(): void {
    this.scheduler.stop();
  }

  /** Sends the view (after image or container changes, or a schedule change). */
  async publish(lists?: () => Promise<EngineLists>): Promise<void> {
    try {
      this.emit(this.versioned(this.viewOf(await this.inventory(lists)), false));
    } catch {
      // The engine went away; its status event says so, and the next change publishes again.
    }
  }

  private async scheduledCheck(): Promise<{ problems: boolean }> {
    const before = new Set([...this.outcomes].filter(([, kept]) => kept.outcome.state === 'update-available').map(([key]) => key));
    const now = this.clock().getTime();
    const checked = await this.run((entry) => now - (this.askedAt.get(entry.reference.host) ?? -Infinity) >= MIN_REGISTRY_INTERVAL_MS);
    const view = await this.list();
    const found = view.images.filter((image) => image.state === 'update-available' && !before.has(image.image));
    if (found.length > 0 && this.options.settings.get('preferences').updateNotifications) for (const listener of this.newUpdateListeners) listener(found);
    return { problems: [...checked.values()].some((outcome) => outcome.state === 'could-not-check') };
  }

  private async run(wanted: (entry: InventoryEntry) => boolean, lists?: () => Promise<EngineLists>): Promise<Map<string, CheckOutcome>> {
    const inventory = await this.inventory(lists);
    const preferences = this.options.settings.get('preferences');
    const entries = [...inventory.values()].filter((entry) => !this.ignored(entry, preferences) && this.checkable(entry) && wanted(entry));
    if (entries.length === 0) return new Map();
    this.running += 1;
    await this.publishView(inventory);
    try {
      const requests: CheckRequest[] = entries.map((entry) => ({ reference: entry.reference, localDigests: entry.localDigests }));
      const outcomes = await this.options.checker.checkAll(requests);
      const at = this.clock();
      for (const entry of entries) {
        const outcome = outcomes.get(entry.key);
        if (outcome === undefined) continue;
        this.outcomes.set(entry.key, { outcome, localDigests: entry.localDigests });
        this.outcomesChanged += 1;
        this.askedAt.set(entry.reference.host, at.getTime());
      }
      this.lastCheckAt = at.toISOString();
      return outcomes;
    } finally {
      this.running -= 1;
      await this.publish(lists);
    }
  }

  private async publishView(inventory: Map<string, InventoryEntry>): Promise<void> {
    this.emit(this.versioned(this.viewOf(inventory), false));
  }

  private emit(view: UpdatesList): void {
    for (const listener of this.changeListeners) listener(view);
  }

  /**
   * The view at its version; what changed since the version before is sent to the windows first. `answering`: the
   * view answers a call, so the first one (no window holds a version yet) needs no word of its own.
   */
  private versioned(view: UpdatesView, answering: boolean): UpdatesList {
    const { images, ...status } = view;
    const statusNow = JSON.stringify(status);
    const statusChanged = this.takenStatus !== undefined && this.takenStatus !== statusNow;
    this.takenStatus = statusNow;
    const difference = this.diff.take(images, statusChanged);
    const position = { feed: this.diff.feed, version: this.diff.version };
    const change =
      difference.kind === 'changed' ? { changed: difference.changed, removed: difference.removed } : difference.kind === 'first' && !answering ? { changed: [], removed: [] } : undefined;
    if (change !== undefined) for (const listener of this.patchListeners) listener({ ...position, ...status, ...change });
    return { ...position, ...view };
  }

  /** A stack image that is not on the engine yet has nothing to compare: the deploy pulls the current one. */
  private checkable(entry: InventoryEntry): boolean {
    return entry.localImageId !== undefined || entry.reference.digest !== undefined;
  }

  /** `preferences`: read once per view by the caller (each read copies them; a view has an entry per image). */
  private ignored(entry: InventoryEntry, preferences: Preferences): boolean {
    if (preferences.updatesIgnoredImages.includes(entry.key)) return true;
    // Used only by stack services that opted out (stack or compose label): those stacks asked not to be checked.
    return entry.usedBy.length > 0 && entry.optedOutUses === entry.usedBy.length;
  }

  private async inventory(lists: () => Promise<EngineLists> = () => listEngine(this.options.docker())): Promise<Map<string, InventoryEntry>> {
    const ignoredStacks = new Set(this.options.settings.get('preferences').updatesIgnoredStacks);
    const [{ images, containers }, uses] = await Promise.all([lists(), this.options.stackUses()]).catch((error: unknown) => {
      throw engineCallError(error, this.options.engineEndpoint?.());
    });
    const usesNow = uses.map((use) => ({ ...use, optedOut: use.optedOut || ignoredStacks.has(use.stackId) }));
    const usesKey = JSON.stringify(usesNow);
    const built = this.inventoryBuilt;
    // A listing is never changed once taken (engine-lists.ts hands out the one it holds, or a new one).
    if (built !== undefined && built.images === images && built.containers === containers && built.uses === usesKey) return built.inventory;
    const inventory = buildInventory(images, containers, usesNow, built?.inventory, this.parsedNames);
    this.inventoryBuilt = { images, containers, uses: usesKey, inventory };
    return inventory;
  }

  private viewOf(inventory: Map<string, InventoryEntry>): UpdatesView {
    const preferences = this.options.settings.get('preferences');
    const ignoredImages = JSON.stringify(preferences.updatesIgnoredImages);
    const built = this.viewsBuilt;
    const images =
      built !== undefined && built.inventory === inventory && built.ignoredImages === ignoredImages && built.outcomes === this.outcomesChanged
        ? built.images
        : this.entryViews(inventory, preferences, ignoredImages);
    const next = this.scheduler.nextAt;
    return {
      checking: this.running > 0,
      ...(this.lastCheckAt === undefined ? {} : { lastCheckAt: this.lastCheckAt }),
      ...(next === undefined ? {} : { nextCheckAt: next.toISOString() }),
      images,
    };
  }

  /**
   * The view's entries in the order windows show them, each built again only when what it is built from changed;
   * kept as `viewsBuilt`. `ignoredImages`: the opt-outs as JSON, what `viewsBuilt` records they were built with.
   */
  private entryViews(inventory: Map<string, InventoryEntry>, preferences: Preferences, ignoredImages: string): ImageUpdate[] {
    const before = this.viewsBuilt?.views ?? new Map<string, BuiltView>();
    const views = new Map<string, BuiltView>();
    for (const entry of inventory.values()) {
      if (entry.localImageId === undefined && entry.usedBy.length === 0) continue;
      const kept = this.outcomes.get(entry.key);
      const ignored = this.ignored(entry, preferences);
      const built = before.get(entry.key);
      views.set(entry.key, built !== undefined && built.entry === entry && built.kept === kept && built.ignored === ignored ? built : { entry, kept, ignored, view: this.imageView(entry, kept, ignored) });
    }
    // The names kept keep their order and new ones are merged in (a sort of 2,000 names by collation for each view
    // was a share of its cost; a pull adds one name).
    const kept = [...before.keys()].filter((key) => views.has(key));
    const added = [...views.keys()].filter((key) => !before.has(key)).sort(byName.compare);
    const order = added.length === 0 ? kept : mergeByName(kept, added);
    const ordered = new Map(order.map((key) => [key, views.get(key) as BuiltView]));
    const images = [...ordered.values()].map((built) => built.view);
    this.viewsBuilt = { inventory, ignoredImages, outcomes: this.outcomesChanged, views: ordered, images };
    return images;
  }

  private imageView(entry: InventoryEntry, kept: KeptOutcome | undefined, ignored: boolean): ImageUpdate {
    const base = {
      image: entry.key,
      ...(entry.local === undefined ? {} : { local: entry.local }),
      imageIds: entry.imageIds,
      usedBy: entry.usedBy,
      staleContainers: entry.staleContainers,
    };
    if (ignored) return { ...base, state: 'ignored', newerTags: [] };
    if (entry.reference.digest !== undefined) return { ...base, state: 'pinned', newerTags: [] };
    if (entry.localImageId !== undefined && entry.localDigests.length === 0) return { ...base, state: 'built-locally', newerTags: [] };
    if (kept === undefined) return { ...base, state: 'not-checked', newerTags: [] };
    const { outcome } = kept;
    const view: ImageUpdate = { ...base, state: outcome.state, newerTags: outcome.newerTags, checkedAt: outcome.checkedAt };
    if (outcome.problem !== undefined) view.problem = outcome.problem;
    if (outcome.remote !== undefined) view.remote = outcome.remote;
    // Pulled (or removed) since the check: the registry's digest decides again against what the engine holds now.
    const remoteDigest = outcome.remote?.digest;
    if (remoteDigest !== undefined && (outcome.state === 'up-to-date' || outcome.state === 'update-available')) {
      view.state = entry.localDigests.includes(remoteDigest) ? 'up-to-date' : 'update-available';
    }
    return view;
  }
}
