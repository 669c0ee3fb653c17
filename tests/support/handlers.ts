/** A full handler table for router tests: the calls a test cares about, and the rest failing loudly if used. */
import { callNames } from '../../preload/api';
import type { CallHandlers } from '../../main/core/ipc/router';

export function handlersWith(partial: Partial<CallHandlers>): CallHandlers {
  const table: Record<string, unknown> = {};
  for (const name of callNames) {
    table[name] =
      partial[name] ??
      (() => {
        throw new Error(`${name} is not used by this test`);
      });
  }
  return table as CallHandlers;
}
