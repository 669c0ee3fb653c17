/**
 * Keeping a live store followed while no component reads it (renderer/bridge/liveStore.ts `hold`): the boot's first
 * calls before the app renders (renderer/boot.ts), and the Images list kept a while after its screen is left
 * (renderer/screens/ImagesScreen.tsx). One feature for both.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveValueStore } from '../../renderer/bridge/liveValue';

/** A store over a value main answers when the test says, and an event the test raises. */
function storeWithMain() {
  const answers: Array<{ resolve: (value: string) => void; reject: (error: Error) => void }> = [];
  const listeners = new Set<(value: string) => void>();
  const store = new LiveValueStore<string>(
    'engine.status',
    () => new Promise<string>((resolve, reject) => answers.push({ resolve, reject })),
    (onValue) => {
      listeners.add(onValue);
      return () => listeners.delete(onValue);
    },
  );
  return {
    store,
    calls: () => answers.length,
    answer: async (index: number, value: string) => {
      answers[index]?.resolve(value);
      await Promise.resolve();
    },
    fail: async (index: number) => {
      answers[index]?.reject(new Error('main did not answer'));
      await Promise.resolve();
    },
    send: (value: string) => listeners.forEach((listener) => listener(value)),
    following: () => listeners.size > 0,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('holding a live store without a reader', () => {
  it('asks and follows while held, and stops when let go', async () => {
    const main = storeWithMain();
    const release = main.store.hold();
    expect(main.calls()).toBe(1);
    await main.answer(0, 'connected');
    main.send('disconnected');
    expect(main.store.getSnapshot()).toMatchObject({ status: 'live', value: 'disconnected' });
    release();
    expect(main.following()).toBe(false);
    expect(main.store.getSnapshot().status).toBe('loading');
    // Let go twice: nothing more happens.
    release();
    expect(main.following()).toBe(false);
  });

  it('a reader that arrived while it was held finds the value and keeps the store followed after the hold is let go', async () => {
    const main = storeWithMain();
    const release = main.store.hold();
    await main.answer(0, 'connected');
    const unsubscribe = main.store.subscribe(() => undefined);
    expect(main.store.getSnapshot()).toMatchObject({ status: 'live', value: 'connected' });
    release();
    expect(main.following()).toBe(true);
    expect(main.calls()).toBe(1);
    unsubscribe();
    expect(main.following()).toBe(false);
  });

  it('let go after a while: still followed until then, so a reader coming back meanwhile finds the value without asking again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const main = storeWithMain();
    const release = main.store.hold();
    await main.answer(0, 'connected');
    release({ afterMs: 60_000 });
    vi.advanceTimersByTime(59_000);
    main.send('disconnected');
    const unsubscribe = main.store.subscribe(() => undefined);
    expect(main.store.getSnapshot()).toMatchObject({ status: 'live', value: 'disconnected' });
    expect(main.calls()).toBe(1);
    unsubscribe();
    vi.advanceTimersByTime(1000);
    expect(main.following()).toBe(false);
  });

  it('a store with nothing to show (still asking, or failed) is let go at once, not after the while', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const main = storeWithMain();
    main.store.hold()({ afterMs: 60_000 });
    expect(main.following()).toBe(false);
    const release = main.store.hold();
    await main.fail(1);
    expect(main.store.getSnapshot().status).toBe('error');
    release({ afterMs: 60_000 });
    expect(main.following()).toBe(false);
  });
});
