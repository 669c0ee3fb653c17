/**
 * The window's first calls leave before the app renders (issue 18, the Images cold load): main.tsx starts the stores
 * the shell and the opened screen read (renderer/boot.ts) before it loads and renders the app, and the app's
 * components find those stores already asking — one call each, not a second one from the render. The boot's own hold
 * on a store ends once the screen is shown, so a screen left behind stops following main as before.
 */
import { act, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { StevedoreBridge } from '../../preload/api';
import { App } from '../../renderer/App';
import { askBeforeRender, endBootHolds } from '../../renderer/boot';
import { startWorld } from './harness';

/** Counts the page's live subscriptions to each event. */
function countSubscriptions(world: { bridge: StevedoreBridge }) {
  const active = new Map<string, number>();
  const real = world.bridge;
  const bridge: StevedoreBridge = {
    invoke: (name, request) => real.invoke(name, request),
    on: (name, listener) => {
      active.set(name, (active.get(name) ?? 0) + 1);
      const unsubscribe = real.on(name, listener);
      return () => {
        active.set(name, (active.get(name) ?? 0) - 1);
        unsubscribe();
      };
    },
  };
  (window as { stevedore?: StevedoreBridge }).stevedore = bridge;
  return (name: string) => active.get(name) ?? 0;
}

const callsNamed = (calls: readonly string[], name: string) => calls.filter((call) => call === name).length;

afterEach(() => {
  // A test that renders nothing leaves the boot's holds: the next test's stores must start on its own bridge.
  endBootHolds();
  window.location.hash = '';
});

describe('the first calls leave before the app renders', { timeout: 60_000 }, () => {
  it('on #/images, the image list, the update view and the engine status are asked before any render, once each', async () => {
    window.location.hash = '#/images';
    const world = startWorld();
    askBeforeRender(window.location.hash);
    expect(world.calls).toEqual(expect.arrayContaining(['images.list', 'updates.list', 'engine.status']));

    render(<App />);
    // The engine of this world is not connected: the screen says so once both answers are in.
    // The screen's module loads when first opened (renderer/navigation/screenModules.ts): its first import here is slow.
    await screen.findByTestId('images-engine-disconnected', {}, { timeout: 15_000 });
    expect(callsNamed(world.calls, 'images.list')).toBe(1);
    expect(callsNamed(world.calls, 'updates.list')).toBe(1);
    expect(callsNamed(world.calls, 'engine.status')).toBe(1);
  });

  it('asks with them what the shell reads on every screen, the pulls and the app info, once each', async () => {
    // Asked by the shell's first render before, they were answered in the middle of the Images rows' render, and each
    // answer, an update above the transition's priority, made React throw that render away and start it again.
    window.location.hash = '#/images';
    const world = startWorld();
    askBeforeRender(window.location.hash);
    expect(world.calls).toEqual(expect.arrayContaining(['pulls.list', 'app.info']));

    render(<App />);
    await screen.findByTestId('images-engine-disconnected', {}, { timeout: 15_000 });
    expect(callsNamed(world.calls, 'pulls.list')).toBe(1);
    expect(callsNamed(world.calls, 'app.info')).toBe(1);
  });

  it('asks for no screen data the opened screen does not show', () => {
    window.location.hash = '#/settings';
    const world = startWorld();
    askBeforeRender(window.location.hash);
    expect(world.calls).not.toContain('images.list');
    expect(world.calls).toContain('updates.list');
  });

  it('lets go of a store once the screen is shown: leaving Images stops following the image list', async () => {
    window.location.hash = '#/images';
    const world = startWorld();
    const subscriptions = countSubscriptions(world);
    askBeforeRender(window.location.hash);
    expect(subscriptions('images.changed')).toBe(1);

    render(<App />);
    // The screen's module loads when first opened (renderer/navigation/screenModules.ts): its first import here is slow.
    await screen.findByTestId('images-engine-disconnected', {}, { timeout: 15_000 });
    act(() => {
      window.location.hash = '#/settings';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    await screen.findByTestId('screen-settings', {}, { timeout: 15_000 });
    await waitFor(() => expect(subscriptions('images.changed')).toBe(0));
    // The shell's own stores are still followed (the updates view, by the whole app).
    expect(subscriptions('updates.changed')).toBe(1);
  });
});
