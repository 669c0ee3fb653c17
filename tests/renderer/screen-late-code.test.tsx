/**
 * A screen whose code arrives after the shell's first render (the opened screen's chunk is fetched beside the app's,
 * and a busy main process serves it late) is shown as soon as it is there. Under React.lazy and Suspense, React held
 * the screen behind its loading frame until 300 ms after that frame was shown (its throttle on revealing suspended
 * content): the first cold load of a bench run took 530 ms where the others took 280 (issue 18). A chunk that failed
 * to load stayed failed for Try again too: React.lazy keeps its first answer.
 */
import type { ComponentType } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ScreenProps } from '../../renderer/navigation/screenProps';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  window.location.hash = '';
  document.body.replaceChildren();
});

/** Lets React's own tasks (setImmediate here) run until `done()`, at most 2,000 of them. */
async function until(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 2000 && !done(); turn += 1) await new Promise((resolve) => setImmediate(resolve));
  expect(done()).toBe(true);
}

/**
 * The window's modules evaluated afresh with setTimeout held (React keeps the setTimeout it finds when evaluated): a
 * commit React puts off by a timer never comes, so what these tests see came without one.
 */
async function freshWindow() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  vi.resetModules();
  const { renderApp } = await import('../../renderer/renderApp');
  const { loadScreen } = await import('../../renderer/navigation/screenModules');
  const { SettingsScreen } = await import('../../renderer/screens/SettingsScreen');
  const { startWorld } = await import('./harness');
  const container = document.createElement('div');
  document.body.append(container);
  const shown = (testId: string) => () => container.querySelector(`[data-testid="${testId}"]`) !== null;
  return { renderApp: () => renderApp(container), container, loadScreen, SettingsScreen, startWorld, shown };
}

describe('a screen whose code is still on its way when the window first renders', { timeout: 60_000 }, () => {
  it('shows its loading frame, then the screen as soon as its code arrives', async () => {
    const window_ = await freshWindow();
    let arrive: (screen: ComponentType<ScreenProps>) => void = () => undefined;
    vi.spyOn(window_.loadScreen, 'settings').mockReturnValue(new Promise((resolve) => (arrive = resolve)));
    window.location.hash = '#/settings';
    window_.startWorld();
    window_.renderApp();
    await until(window_.shown('screen-settings-loading'));
    arrive(window_.SettingsScreen);
    await until(window_.shown('screen-settings'));
    expect(window_.shown('screen-settings-loading')()).toBe(false);
  });

  it("shows the screen's error card when its code cannot be loaded, and Try again loads it again", async () => {
    const window_ = await freshWindow();
    // Refused until Try again (StrictMode runs a mount's effects twice here, so a load may be asked twice per mount).
    let refusing = true;
    const load = vi
      .spyOn(window_.loadScreen, 'settings')
      .mockImplementation(() => (refusing ? Promise.reject(new Error('Failed to fetch dynamically imported module')) : Promise.resolve(window_.SettingsScreen)));
    window.location.hash = '#/settings';
    window_.startWorld();
    window_.renderApp();
    const tryAgain = () => [...window_.container.querySelectorAll('button')].find((button) => button.textContent === 'Try again');
    await until(() => tryAgain() !== undefined);
    expect(window_.container.textContent).toContain('The Settings screen failed');
    expect(window_.container.textContent).toContain('Failed to fetch dynamically imported module');
    const loadsBefore = load.mock.calls.length;
    refusing = false;
    tryAgain()?.click();
    await until(() => window_.shown('screen-settings')() && !window_.container.textContent?.includes('The Settings screen failed'));
    expect(load.mock.calls.length).toBeGreaterThan(loadsBefore);
  });
});
