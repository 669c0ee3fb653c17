import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import type { CallName, CallResponse } from '../../preload/api';
import { call, toCallFailedError, type CallFailedError, type RequestArgs } from './call';

/**
 * What a view knows about one call. While reloading the same request, `value` keeps the last good answer so
 * the screen does not flash empty.
 */
export type CallState<T> = (
  | { status: 'loading'; value: T | undefined; error: undefined }
  | { status: 'success'; value: T; error: undefined }
  | { status: 'error'; value: T | undefined; error: CallFailedError }
) & {
  /** Asks again (same request). */
  reload: () => void;
};

interface Settled<T> {
  /** Request identity plus attempt number: an answer only counts for the request that asked for it. */
  key: string;
  requestKey: string;
  value: T | undefined;
  error: CallFailedError | undefined;
}

/**
 * Calls main when the component mounts and again whenever the request changes (compared by value).
 * `const info = useCall('app.info')`, `const explanation = useCall('registries.explain', { image })`.
 */
export function useCall<N extends CallName>(name: N, ...args: RequestArgs<N>): CallState<CallResponse<N>> {
  type Value = CallResponse<N>;
  const requestKey = `${name} ${JSON.stringify(args[0]) ?? ''}`;
  const [attempt, setAttempt] = useState(0);
  const key = `${requestKey}#${attempt}`;
  const [settled, setSettled] = useState<Settled<Value> | undefined>(undefined);

  // The latest request object is read when the effect runs; the effect itself re-runs only when its value changes.
  const ask = useEffectEvent(() => call(name, ...args));

  useEffect(() => {
    let current = true;
    ask().then(
      (value) => {
        if (current) setSettled({ key, requestKey, value, error: undefined });
      },
      (error: unknown) => {
        if (!current) return;
        setSettled((previous) => ({
          key,
          requestKey,
          value: previous?.requestKey === requestKey ? previous.value : undefined,
          error: toCallFailedError(name, error),
        }));
      },
    );
    return () => {
      current = false;
    };
  }, [key, requestKey, name]);

  const reload = useCallback(() => setAttempt((count) => count + 1), []);

  const sameRequest = settled?.requestKey === requestKey;
  if (settled && settled.key === key) {
    if (settled.error) return { status: 'error', value: settled.value, error: settled.error, reload };
    return { status: 'success', value: settled.value as Value, error: undefined, reload };
  }
  return { status: 'loading', value: sameRequest ? settled.value : undefined, error: undefined, reload };
}
