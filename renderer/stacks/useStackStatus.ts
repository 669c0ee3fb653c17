import { useEffect, useState } from 'react';
import type { StackStatus } from '../../preload/api';
import { call, getBridge, type CallFailedError } from '../bridge';
import { toCallFailedError } from '../bridge/call';

export interface StackStatusState {
  status: StackStatus | undefined;
  error: CallFailedError | undefined;
  /** Takes a status main answered another call with (stop, start, down). */
  set: (status: StackStatus) => void;
}

/**
 * One stack's containers per service: asked once, then followed through `stacks.status`, which main sends from
 * the engine's own events (no polling). Mount it under a `key` of the stack id: it does not reset itself.
 */
export function useStackStatus(stackId: string): StackStatusState {
  const [status, setStatus] = useState<StackStatus | undefined>(undefined);
  const [error, setError] = useState<CallFailedError | undefined>(undefined);

  useEffect(() => {
    let current = true;
    let eventSeen = false;
    // Subscribe before asking: an event that arrives while the call is in flight is newer than its answer.
    const unsubscribe = getBridge().on('stacks.status', (next) => {
      if (next.stackId !== stackId) return;
      eventSeen = true;
      setStatus(next);
      setError(undefined);
    });
    call('stacks.status', { id: stackId }).then(
      (first) => {
        if (current && !eventSeen) setStatus(first);
      },
      (failure: unknown) => {
        if (current && !eventSeen) setError(toCallFailedError('stacks.status', failure));
      },
    );
    return () => {
      current = false;
      unsubscribe();
    };
  }, [stackId]);

  return { status, error, set: setStatus };
}
