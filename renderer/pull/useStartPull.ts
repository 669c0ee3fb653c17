import { useCallback } from 'react';
import type { PullRequest } from '../../preload/api';
import { useAction } from '../bridge';
import { pullStore } from './pullStore';

/** `pulls.start`, with the answer put into the shared pull list at once (before its first progress event). */
export function useStartPull() {
  const action = useAction('pulls.start');
  const { run } = action;
  const start = useCallback(
    async (request: PullRequest) => {
      const result = await run(request);
      if (result.ok) pullStore.addStarted(result.value);
      return result;
    },
    [run],
  );
  return { start, pending: action.pending, error: action.error };
}
