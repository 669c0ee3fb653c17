/** Options of {@link debounce}. */
export interface DebounceOptions {
  /** Quiet time: the action runs once calls stop arriving for this long. */
  waitMs: number;
  /** Longest a call may wait: under steady calls the action still runs at least this often. */
  maxWaitMs: number;
}

/**
 * Runs `action` once after calls stop arriving for `waitMs` (a pull emits several image events in a row), but never
 * later than `maxWaitMs` after the first call not yet served, so steady activity cannot keep a list stale forever.
 */
export function debounce(action: () => void, { waitMs, maxWaitMs }: DebounceOptions): (() => void) & { cancel(): void } {
  let quietTimer: NodeJS.Timeout | undefined;
  let deadlineTimer: NodeJS.Timeout | undefined;
  const cancel = () => {
    if (quietTimer) clearTimeout(quietTimer);
    if (deadlineTimer) clearTimeout(deadlineTimer);
    quietTimer = undefined;
    deadlineTimer = undefined;
  };
  const fire = () => {
    cancel();
    action();
  };
  const run = () => {
    if (quietTimer) clearTimeout(quietTimer);
    quietTimer = setTimeout(fire, waitMs);
    // The first call not yet served starts the deadline; later calls do not move it.
    deadlineTimer ??= setTimeout(fire, maxWaitMs);
  };
  return Object.assign(run, { cancel });
}
