import { onConnectionRestored } from './connection';

/**
 * What every live store shares (liveValue.ts, liveCollection.ts, livePatchedList.ts): it follows main only while
 * someone reads it — the first reader starts it (subscribe to the event, then ask), the last one to leave stops it —
 * and an answer to a start that was since abandoned is dropped. When the preview connection comes back after a drop
 * (events of the gap were lost) it follows and asks again, keeping what it shows until the answer.
 */
/** Lets go of a `hold`: now, or `afterMs` later when the store has something to show. */
export type HoldRelease = (options?: { afterMs: number }) => void;

export abstract class LiveStore<Snapshot extends { status: string }> {
  private readonly listeners = new Set<() => void>();
  private unsubscribeFromEvent: (() => void) | undefined;
  private stopFollowingRestore: (() => void) | undefined;
  /** Bumped on every start and stop, so an answer to an abandoned call is dropped. */
  private generation = 0;

  protected constructor(protected snapshot: Snapshot) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  };

  readonly getSnapshot = (): Snapshot => this.snapshot;

  /**
   * Keeps the store followed while no component reads it: the boot asks before the app renders (renderer/boot.ts),
   * and the Images list stays followed a while after its screen is left, so coming back shows its rows at once
   * (renderer/screens/ImagesScreen.tsx). A store with nothing to show (still asking, or failed) is let go at once
   * even when asked to wait: it asks again when next read, as it would anyway. Letting go twice does nothing.
   */
  readonly hold = (): HoldRelease => {
    const unsubscribe = this.subscribe(() => undefined);
    let held = true;
    const letGo = (): void => {
      if (!held) return;
      held = false;
      unsubscribe();
    };
    return (options) => {
      const shows = this.snapshot.status === 'live' || this.snapshot.status === 'stale';
      if (options !== undefined && shows) setTimeout(letGo, options.afterMs);
      else letGo();
    };
  };

  /** Asks again from the start, e.g. after the first answer failed. */
  readonly reload = (): void => {
    if (!this.watched) return;
    this.stop();
    this.start();
    this.emit();
  };

  protected get watched(): boolean {
    return this.listeners.size > 0;
  }

  /**
   * Subscribes to the event before asking (an event that arrives while the call is in flight is newer than its
   * answer). `current()` turns false once this start is abandoned. Returns what unsubscribes from the event.
   */
  protected abstract begin(current: () => boolean): () => void;

  /** Forgets what was followed; the snapshot goes back to loading. */
  protected abstract reset(): void;

  protected emit(): void {
    for (const listener of this.listeners) listener();
  }

  private start(): void {
    this.beginFollowing();
    this.stopFollowingRestore ??= onConnectionRestored(() => this.resync());
  }

  private beginFollowing(): void {
    const generation = ++this.generation;
    this.unsubscribeFromEvent = this.begin(() => generation === this.generation);
  }

  private stop(): void {
    this.endFollowing();
    this.stopFollowingRestore?.();
    this.stopFollowingRestore = undefined;
    this.reset();
  }

  private endFollowing(): void {
    this.generation++;
    this.unsubscribeFromEvent?.();
    this.unsubscribeFromEvent = undefined;
  }

  /** The connection came back: follow and ask again without resetting, so the view keeps its rows meanwhile. */
  private resync(): void {
    if (!this.watched) return;
    this.endFollowing();
    this.beginFollowing();
  }
}
