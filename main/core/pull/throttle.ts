/**
 * Rate-limits one pull's updates to the renderer: the first change goes out at once (leading), changes during
 * the following interval are folded into one update at its end (trailing, on the clock's beat), and `finish` sends the final state
 * immediately and closes the throttle, so nothing can follow the final update.
 *
 * `emit` builds what it sends when it runs, so a trailing update always carries the latest state.
 */
export interface ThrottleTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const globalTimers: ThrottleTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const DEFAULT_THROTTLE_MS = 100;

export class UpdateThrottle {
  private lastEmitAt = Number.NEGATIVE_INFINITY;
  private timer: unknown;
  private closed = false;

  constructor(
    private readonly emit: () => void,
    private readonly intervalMs: number = DEFAULT_THROTTLE_MS,
    private readonly now: () => number = () => Date.now(),
    private readonly timers: ThrottleTimers = globalTimers,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Something changed: send it now, or at the end of the current interval — on the clock's beat of `intervalMs`, the
   * first at or after it, so every throttle of the same interval (six pulls at once) sends its trailing updates at
   * the same moments and a window takes them in one frame, not in one each (issue 15: six pulls with Images open).
   */
  changed(): void {
    if (this.closed || this.timer !== undefined) return;
    const now = this.now();
    const due = this.lastEmitAt + this.intervalMs;
    if (due <= now) {
      this.fire();
      return;
    }
    const beat = Math.ceil(due / this.intervalMs) * this.intervalMs;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      // Counted from the beat, not from when a busy event loop got here: the next one is on the next beat.
      if (!this.closed) this.fire(beat);
    }, beat - now);
  }

  /** Sends the final state now; later calls do nothing. */
  finish(): void {
    if (this.closed) return;
    this.cancelTimer();
    this.closed = true;
    this.emit();
  }

  /** Stops without a final update (the owner sends nothing more). */
  close(): void {
    this.cancelTimer();
    this.closed = true;
  }

  private fire(at = this.now()): void {
    this.lastEmitAt = at;
    this.emit();
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
