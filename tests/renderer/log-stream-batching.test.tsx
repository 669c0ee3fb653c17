import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StackLogBatch, StevedoreBridge } from '../../preload/api';
import { useLogStream } from '../../renderer/stacks/useLogStream';

/** A bridge that answers the log calls and lets the test send `stacks.log` events. */
function installBridge() {
  let listener: ((batch: StackLogBatch) => void) | undefined;
  const bridge = {
    invoke: async (name: string) => ({ ok: true, value: name === 'stacks.logs.follow' ? { streamId: 'stream-1' } : { stopped: true } }),
    on: (event: string, callback: (batch: StackLogBatch) => void) => {
      // The view also follows the preview's reconnects (connection.restored); none happens here.
      if (event !== 'stacks.log') return () => undefined;
      listener = callback;
      return () => (listener = undefined);
    },
  } as unknown as StevedoreBridge;
  (window as { stevedore?: StevedoreBridge }).stevedore = bridge;
  return { send: (batch: StackLogBatch) => listener?.(batch) };
}

/** Each bridge event arrives in a task of its own, as IPC messages do. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.useRealTimers();
  delete (window as { stevedore?: StevedoreBridge }).stevedore;
});

describe('useLogStream batching (a log flood renders once per frame, not once per event)', () => {
  it('applies every event that arrived before a frame in one render, keeping every line in order', async () => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame'] });
    const bridge = installBridge();
    let renders = 0;
    const { result } = renderHook(() => {
      renders += 1;
      return useLogStream({ stackId: 'shop', service: 'web', tail: 100, follow: true });
    });
    await act(async () => {
      await nextTask();
    });
    const before = renders;
    // Outside act(), as in the app: React renders after each task that set state.
    const actEnvironment = (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT;
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
    for (let event = 0; event < 30; event += 1) {
      bridge.send({ streamId: 'stream-1', lines: [{ container: 'web-1', stream: 'stdout', text: `line ${event}` }] });
      await nextTask();
      await nextTask();
    }
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = actEnvironment;
    expect(renders - before).toBeLessThanOrEqual(1);
    act(() => vi.advanceTimersToNextFrame());
    expect(renders - before).toBeLessThanOrEqual(2);
    expect(Array.from({ length: result.current.lines.length }, (_, index) => result.current.lines.at(index)?.text)).toEqual(Array.from({ length: 30 }, (_, index) => `line ${index}`));
  });
});
