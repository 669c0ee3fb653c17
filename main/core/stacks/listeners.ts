/** The stack service's event listeners: one broken view must not stop the others. */

export type Listener<T> = (value: T) => void;

export function subscribe<T>(set: Set<Listener<T>>, listener: Listener<T>): () => void {
  set.add(listener);
  return () => set.delete(listener);
}

export function emit<T>(set: Set<Listener<T>>, value: T): void {
  for (const listener of [...set]) {
    try {
      listener(value);
    } catch {
      // One broken view must not stop the others.
    }
  }
}
