/**
 * The tray's state, assembled from the core services' own events (never a timer): running and queued pulls,
 * favourites and recents, stacks, the engine's connection and the clipboard. Listeners hear about a change
 * only when the menu, tooltip or title it produces would look different, so the shell rebuilds the native
 * menu exactly when there is something new to show.
 */
import type { EngineStatus, Library, PullView, StackView, UpdatesView } from '../../../preload/api';
import { ImageReferenceError, parseImageReference } from '../credentials/reference';
import { buildTrayMenu, trayTitle, trayTooltip, type TrayMenuItem, type TrayPull, type TrayStack, type TrayState } from './menu';

/** The parts of PullService the tray follows. */
interface TrayPullSource {
  list(): PullView[];
  onProgress(listener: (view: PullView) => void): () => void;
}

/** The parts of LibraryService the tray follows. */
interface TrayLibrarySource {
  get(): Library;
  onChange(listener: (library: Library) => void): () => void;
}

/** The parts of EngineConnection the tray follows. */
interface TrayEngineSource {
  readonly status: EngineStatus;
  onStatus(listener: (status: EngineStatus) => void): () => void;
}

/** The parts of StackService the tray follows (its change event carries container counts, so status too). */
export interface TrayStackSource {
  list(): Promise<StackView[]>;
  onChange(listener: (stacks: StackView[]) => void): () => void;
}

/** The parts of the updates service the tray follows (issue 14): main's view and its changes. */
export interface TrayUpdatesSource {
  list(): UpdatesView | Promise<UpdatesView>;
  onChange(listener: (view: UpdatesView) => void): () => void;
}

interface TrayEngineChoices {
  selected: string;
  choices: ReadonlyArray<{ id: string; label: string }>;
}

export interface TrayStateSourceOptions {
  pulls: TrayPullSource;
  library: TrayLibrarySource;
  engine: TrayEngineSource;
  /** Absent until the host has stacks; the Stacks submenu then says there are none. */
  stacks?: TrayStackSource;
  /** Absent where the host checks no updates; the menu then has no Updates item. */
  updates?: TrayUpdatesSource;
  /** The system clipboard's text (Electron's `clipboard.readText`, which is asynchronous); absent where there is none. */
  readClipboardText?: () => string | Promise<string>;
  /** Where a listener's error is reported; a broken listener must not stop the services that emitted. */
  onListenerError?: (error: unknown) => void;
  /** Main's engine choices (read again when the engine's status changes, not on every pull tick). */
  engineChoices?: () => TrayEngineChoices | Promise<TrayEngineChoices>;
}

export interface TraySnapshot {
  state: TrayState;
  menu: TrayMenuItem[];
  tooltip: string;
  /** The macOS menu-bar title; undefined when nothing runs. */
  title: string | undefined;
}

type SnapshotListener = (snapshot: TraySnapshot) => void;

const ACTIVE_PULL_STATES: ReadonlySet<PullView['state']> = new Set(['queued', 'checking', 'pulling']);
/** Longer than any reference the parser accepts; a clipboard holding a whole document is not parsed at all. */
const MAX_CLIPBOARD_REFERENCE_LENGTH = 1024;

export class TrayStateSource {
  private readonly listeners = new Set<SnapshotListener>();
  private readonly activePulls = new Map<string, TrayPull>();
  private library: Library = { favourites: [], recents: [] };
  private stacks: readonly StackView[] = [];
  private engineConnected = false;
  private engines: TrayState['engines'];
  private updatesAvailable = 0;
  private clipboardImage: string | undefined;
  private current: TraySnapshot;
  private fingerprint: string;
  private unsubscribers: Array<() => void> = [];
  /** Bumped by every stack change event, so a slower initial `list()` cannot overwrite a newer list. */
  private stackGeneration = 0;
  /** Bumped by every updates change event, so a slower initial `list()` cannot overwrite a newer view. */
  private updatesGeneration = 0;
  /** Bumped by every clipboard read, so only the latest read decides (reads are asynchronous). */
  private clipboardReads = 0;

  constructor(private readonly options: TrayStateSourceOptions) {
    this.readAll();
    this.current = this.build();
    this.fingerprint = fingerprintOf(this.current);
  }

  get snapshot(): TraySnapshot {
    return this.current;
  }

  /** Follows the services' events; resolves once the clipboard and the stack list have been read. */
  async start(): Promise<void> {
    if (this.unsubscribers.length > 0) return;
    const { pulls, library, engine, stacks, updates } = this.options;
    this.unsubscribers = [
      pulls.onProgress((view) => this.pullChanged(view)),
      library.onChange((value) => {
        this.library = value;
        this.update();
      }),
      engine.onStatus((status) => {
        this.engineConnected = status.state === 'connected';
        this.readEngines();
        this.update();
      }),
    ];
    if (updates) {
      this.unsubscribers.push(
        updates.onChange((view) => {
          this.updatesGeneration += 1;
          this.updatesChanged(view);
        }),
      );
    }
    if (stacks) {
      this.unsubscribers.push(
        stacks.onChange((list) => {
          this.stackGeneration += 1;
          this.stacks = list;
          this.update();
        }),
      );
    }
    // Whatever happened before we subscribed.
    this.readAll();
    this.update({ readClipboard: false });
    const listStacks = async (): Promise<void> => {
      if (!stacks) return;
      const generation = this.stackGeneration;
      const list = await stacks.list().catch(() => undefined);
      if (list !== undefined && generation === this.stackGeneration) {
        this.stacks = list;
        this.update();
      }
    };
    const listUpdates = async (): Promise<void> => {
      if (!updates) return;
      const generation = this.updatesGeneration;
      const view = await Promise.resolve()
        .then(() => updates.list())
        .catch(() => undefined);
      if (view !== undefined && generation === this.updatesGeneration) this.updatesChanged(view);
    };
    await Promise.all([this.refreshClipboard(), listStacks(), listUpdates()]);
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
  }

  /** Called with each new snapshot, only when the menu, tooltip or title would change. */
  onChange(listener: SnapshotListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Reads the clipboard again (the shell calls this as the menu opens, where the platform says so). Resolves true
   * when that changed the menu; never rejects.
   */
  async refreshClipboard(): Promise<boolean> {
    const read = this.options.readClipboardText;
    if (!read) return false;
    const sequence = ++this.clipboardReads;
    let text: string | undefined;
    try {
      text = await read();
    } catch {
      // A clipboard that cannot be read right now simply holds nothing to pull.
      text = undefined;
    }
    if (sequence !== this.clipboardReads) return false;
    this.clipboardImage = imageFromClipboard(text);
    return this.update({ readClipboard: false });
  }

  /** A stack's display name, from the last list the stacks service sent. */
  stackName(stackId: string): string | undefined {
    return this.stacks.find((stack) => stack.id === stackId)?.name;
  }

  private updatesChanged(view: UpdatesView): void {
    this.updatesAvailable = countUpdates(view);
    this.update({ readClipboard: false });
  }

  private pullChanged(view: PullView): void {
    const known = this.activePulls.has(view.id);
    if (ACTIVE_PULL_STATES.has(view.state)) this.activePulls.set(view.id, toTrayPull(view));
    else this.activePulls.delete(view.id);
    // Progress of a pull already shown changes numbers only; reading the clipboard ten times a second for it
    // would be wasted work (on X11 each read is a round trip to the clipboard's owner).
    const progressOnly = known && this.activePulls.has(view.id);
    this.update({ readClipboard: !progressOnly });
  }

  private readAll(): void {
    const { pulls, library, engine } = this.options;
    this.activePulls.clear();
    for (const view of pulls.list()) if (ACTIVE_PULL_STATES.has(view.state)) this.activePulls.set(view.id, toTrayPull(view));
    this.library = library.get();
    this.engineConnected = engine.status.state === 'connected';
    this.readEngines();
  }

  private readEngines(): void {
    const keep = (engines: TrayEngineChoices | undefined): void => {
      this.engines = engines && { selected: engines.selected, choices: engines.choices.map(({ id, label }) => ({ id, label })) };
    };
    try {
      const answer = this.options.engineChoices?.();
      if (answer instanceof Promise) {
        answer.then(
          (engines) => {
            keep(engines);
            this.update({ readClipboard: false });
          },
          () => keep(undefined),
        );
      } else {
        keep(answer);
      }
    } catch {
      keep(undefined); // Discovery failing leaves the submenu out; Settings says why.
    }
  }

  /** Rebuilds the snapshot and tells listeners when it looks different. True when it did. */
  private update(options: { readClipboard: boolean } = { readClipboard: true }): boolean {
    // Linux tray menus (AppIndicator) announce nothing when they open, so every other change is also a chance
    // to bring the clipboard item up to date (it follows as a second update if the clipboard changed); a click
    // re-checks the clipboard anyway.
    if (options.readClipboard) void this.refreshClipboard();
    const next = this.build();
    const fingerprint = fingerprintOf(next);
    if (fingerprint === this.fingerprint) return false;
    this.current = next;
    this.fingerprint = fingerprint;
    for (const listener of [...this.listeners]) {
      try {
        listener(next);
      } catch (error) {
        (this.options.onListenerError ?? ((failure: unknown) => console.error('A tray listener failed:', failure)))(error);
      }
    }
    return true;
  }

  private build(): TraySnapshot {
    const state: TrayState = {
      ...(this.engines ? { engines: this.engines } : {}),
      favourites: [...this.library.favourites],
      recents: this.library.recents.map((recent) => (recent.platform ? { image: recent.image, platform: recent.platform } : { image: recent.image })),
      pulls: [...this.activePulls.values()],
      stacks: this.stacks.map((stack) => toTrayStack(stack, this.engineConnected)),
      engineConnected: this.engineConnected,
    };
    if (this.updatesAvailable > 0) state.updates = this.updatesAvailable;
    if (this.clipboardImage !== undefined) state.clipboardImage = this.clipboardImage;
    return { state, menu: buildTrayMenu(state), tooltip: trayTooltip(state), title: trayTitle(state.pulls) };
  }

}

/**
 * The image the clipboard names, in the form docker prints it (`nginx:latest`), or undefined when its text is
 * not exactly one valid image reference. The one reference parser decides; surrounding whitespace (a copied
 * line's newline) is ignored.
 */
export function imageFromClipboard(text: string | undefined): string | undefined {
  if (text === undefined || text.length > MAX_CLIPBOARD_REFERENCE_LENGTH) return undefined;
  try {
    return parseImageReference(text).familiarReference;
  } catch (error) {
    if (error instanceof ImageReferenceError) return undefined;
    throw error;
  }
}

/** Images main found a newer build for; each entry is one repository:tag, however many stacks use it. */
function countUpdates(view: UpdatesView): number {
  return view.images.filter((image) => image.state === 'update-available').length;
}

function toTrayPull(view: PullView): TrayPull {
  return { id: view.id, familiar: view.familiar, state: view.state, percent: view.percent, bytesDone: view.bytesDone, bytesTotal: view.bytesTotal };
}

function toTrayStack(stack: StackView, engineConnected: boolean): TrayStack {
  // Without the engine the container counts are only what was last seen; the menu should not vouch for them.
  const status: TrayStack['status'] = !engineConnected || stack.state === 'not-deployed' ? 'unknown' : stack.state;
  return { id: stack.id, name: stack.name, status, readOnly: stack.readOnly };
}

function fingerprintOf(snapshot: TraySnapshot): string {
  return JSON.stringify([snapshot.menu, snapshot.tooltip, snapshot.title]);
}
