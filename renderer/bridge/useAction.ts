import { useCallback, useRef, useState } from 'react';
import type { CallName, CallResponse } from '../../preload/api';
import { call, toCallFailedError, type CallFailedError, type RequestArgs } from './call';

export type ActionResult<T> = { ok: true; value: T } | { ok: false; error: CallFailedError };

export interface ActionState<N extends CallName> {
  /** Makes the call. Never rejects: failures come back as `{ ok: false }` and in `error`. */
  run: (...args: RequestArgs<N>) => Promise<ActionResult<CallResponse<N>>>;
  /** True while at least one run is in flight. */
  pending: boolean;
  /** The last run's failure, cleared when a run starts or succeeds. */
  error: CallFailedError | undefined;
  reset: () => void;
}

/**
 * A call made on demand (save, delete, retry) rather than on mount:
 * `const save = useAction('registries.save'); const result = await save.run(draft); if (result.ok) close();`
 */
export function useAction<N extends CallName>(name: N): ActionState<N> {
  const [inFlight, setInFlight] = useState(0);
  const [error, setError] = useState<CallFailedError | undefined>(undefined);
  // Only the latest run may set or clear the error; an older one finishing late must not hide a newer failure.
  const latestRun = useRef(0);

  const run = useCallback(
    async (...args: RequestArgs<N>): Promise<ActionResult<CallResponse<N>>> => {
      const runId = ++latestRun.current;
      setInFlight((count) => count + 1);
      setError(undefined);
      try {
        const value = await call(name, ...args);
        return { ok: true, value };
      } catch (thrown) {
        const failure = toCallFailedError(name, thrown);
        if (runId === latestRun.current) setError(failure);
        return { ok: false, error: failure };
      } finally {
        setInFlight((count) => count - 1);
      }
    },
    [name],
  );

  const reset = useCallback(() => setError(undefined), []);

  return { run, pending: inFlight > 0, error, reset };
}
