import { useCallback } from 'react';
import type { EngineStatus } from '../../preload/api';
import type { CallFailedError } from './call';
import { liveValueStore, useLiveValue } from './liveValue';
import { useAction } from './useAction';

export interface EngineStatusState {
  /** Undefined until main first answers. */
  status: EngineStatus | undefined;
  /** `engine.status` itself failed: main did not answer (not the same as "the engine is down"). */
  error: CallFailedError | undefined;
  /** Asks main to try the engine now instead of at the next scheduled attempt. */
  reconnect: () => void;
  reconnecting: boolean;
  reconnectError: CallFailedError | undefined;
}

/** The engine connection: first from `engine.status`, then live from the `engine.status` event. */
export function useEngineStatus(): EngineStatusState {
  const live = useLiveValue('engine.status', 'engine.status');
  const reconnectAction = useAction('engine.reconnect');
  const { run } = reconnectAction;

  const reconnect = useCallback(() => {
    void run().then((result) => {
      const store = liveValueStore('engine.status', 'engine.status');
      // The event will say the same, but the button should not wait for it.
      if (result.ok) store.set(result.value);
      // Main did not answer: also ask for the status again, in case only that first answer was lost.
      else store.reload();
    });
  }, [run]);

  return {
    status: live.value,
    error: live.error,
    reconnect,
    reconnecting: reconnectAction.pending,
    reconnectError: reconnectAction.error,
  };
}
