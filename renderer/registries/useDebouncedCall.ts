import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import type { CallName, CallRequest, CallResponse } from '../../preload/api';
import { call, type CallFailedError, type RequestArgs } from '../bridge';
import { toCallFailedError } from '../bridge/call';

/**
 * What a view knows about a call it makes while the user types. `pending` keeps the last answer (value or
 * error), so results do not flash away between keystrokes.
 */
export type DebouncedCallState<T> = (
  | { status: 'idle'; value: undefined; error: undefined }
  | { status: 'pending'; value: T | undefined; error: CallFailedError | undefined }
  | { status: 'success'; value: T; error: undefined }
  | { status: 'error'; value: undefined; error: CallFailedError }
) & {
  /** Asks again now with the same request, e.g. when main says the data behind it changed. */
  reload: () => void;
};

interface Answer<T> {
  key: string;
  value: T | undefined;
  error: CallFailedError | undefined;
}

/**
 * Calls main once the request has stopped changing for `delayMs`. An undefined request means "nothing to ask"
 * (an empty field). Only the answer to the latest request is shown; older answers arriving late are dropped.
 */
export function useDebouncedCall<N extends CallName>(name: N, request: CallRequest<N> | undefined, delayMs: number): DebouncedCallState<CallResponse<N>> {
  type Value = CallResponse<N>;
  const requestKey = request === undefined ? undefined : JSON.stringify(request);
  const [attempt, setAttempt] = useState(0);
  const key = requestKey === undefined ? undefined : `${requestKey}#${attempt}`;
  const [answer, setAnswer] = useState<Answer<Value> | undefined>(undefined);
  // A reload should not wait for the debounce: the user is not typing.
  const skipDelay = useRef(false);

  const ask = useEffectEvent(() => call(name, ...([request] as RequestArgs<N>)));

  useEffect(() => {
    if (key === undefined) return;
    let current = true;
    const delay = skipDelay.current ? 0 : delayMs;
    skipDelay.current = false;
    const timer = window.setTimeout(
      () => {
        ask().then(
          (value) => {
            if (current) setAnswer({ key, value, error: undefined });
          },
          (error: unknown) => {
            if (current) setAnswer({ key, value: undefined, error: toCallFailedError(name, error) });
          },
        );
      },
      delay,
    );
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [key, name, delayMs]);

  const reload = useCallback(() => {
    skipDelay.current = true;
    setAttempt((count) => count + 1);
  }, []);

  if (key === undefined) return { status: 'idle', value: undefined, error: undefined, reload };
  if (answer?.key === key) {
    if (answer.error) return { status: 'error', value: undefined, error: answer.error, reload };
    return { status: 'success', value: answer.value as Value, error: undefined, reload };
  }
  return { status: 'pending', value: answer?.value, error: answer?.error, reload };
}
