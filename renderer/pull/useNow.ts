import { useSyncExternalStore } from 'react';

/**
 * The current time for relative labels ("3 minutes ago"), shared by every reader and refreshed every 30 s
 * while anyone reads it: reading the clock during render would make rendering impure.
 */
const TICK_MS = 30_000;
let now = Date.now();
const listeners = new Set<() => void>();
let timer: number | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = window.setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      window.clearInterval(timer);
      timer = undefined;
    }
  };
}

const getNow = (): number => now;

export function useNow(): number {
  return useSyncExternalStore(subscribe, getNow);
}
