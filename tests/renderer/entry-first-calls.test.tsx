/**
 * The entry's first act is the window's first calls (renderer/main.tsx; issue 18, the Images cold load). In the
 * preview they leave as soon as the entry runs, when its socket is already open: before, the entry first read the
 * stored theme — a fresh page's first localStorage access, a synchronous round trip to the browser's storage — and
 * started the opened screen's chunk (the preload helper's DOM work), and the calls waited for both. Both still happen
 * in the same task, long before the app renders.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanUpAfterEntry, installRecordingBridge } from './entry-support';

/** What the entry did, in order. */
const order = vi.hoisted(() => [] as string[]);

vi.mock('../../renderer/navigation/screenModules', () => ({
  loadScreen: new Proxy(
    {},
    {
      get: (_screens, id) => () => {
        order.push(`screen chunk ${String(id)}`);
        return new Promise(() => undefined);
      },
    },
  ),
}));

afterEach(cleanUpAfterEntry);

describe("the entry's first calls", () => {
  it('leave before the entry reads the stored theme or starts the opened screen’s chunk', async () => {
    // The app itself loads in later tasks: the timers stay still, so only the entry's first task runs here.
    vi.useFakeTimers();
    window.location.hash = '#/images';
    document.body.innerHTML = '<div id="root"></div>';
    installRecordingBridge(order);
    vi.spyOn(window.localStorage, 'getItem').mockImplementation((key: string) => {
      order.push(`storage ${key}`);
      return null;
    });

    await import('../../renderer/main');

    expect(order).toContain('call images.list');
    expect(order).toContain('storage stevedore.theme');
    expect(order).toContain('screen chunk images');
    const lastCall = order.findLastIndex((entry) => entry.startsWith('call '));
    expect(order.slice(0, lastCall + 1).filter((entry) => !entry.startsWith('call ')), 'done before the last first call left').toEqual([]);
  });
});
