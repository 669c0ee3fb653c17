/**
 * Once the first screen is shown, the other screens' code loads in idle time, so the first switch to each does not
 * wait for its chunk (issue 15: opening a stack's logs from the Pull screen took 453 ms to paint in the bench,
 * against 187 ms before screens were loaded when first opened — most of it the Stacks chunk, fetched from a preview
 * busy with the log flood).
 */
import { act, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../renderer/App';
import type { ScreenId } from '../../renderer/navigation/route';
import { loadScreen } from '../../renderer/navigation/screenModules';
import { startWorld } from './harness';

afterEach(() => {
  window.location.hash = '';
  vi.restoreAllMocks();
});

describe('screens not yet opened', { timeout: 60_000 }, () => {
  it('have their code loaded after the first screen is shown, without being opened', async () => {
    const others: ScreenId[] = ['registries', 'images', 'stacks', 'settings'];
    const loads = others.map((id) => vi.spyOn(loadScreen, id));
    window.location.hash = '#/pull';
    startWorld();
    render(<App />);
    await screen.findByRole('heading', { level: 1, name: 'Pull' });
    // Each screen's module is transformed on its first import here, slow on a loaded machine.
    await waitFor(() => loads.forEach((load) => expect(load).toHaveBeenCalled()), { timeout: 30_000 });
    expect(window.location.hash).toBe('#/pull');
  });
});

describe('a screen whose code is loaded', { timeout: 60_000 }, () => {
  it('is shown at once when opened, not behind its loading frame', async () => {
    window.location.hash = '#/pull';
    startWorld();
    render(<App />);
    await screen.findByRole('heading', { level: 1, name: 'Pull' });
    await loadScreen.stacks();
    act(() => {
      window.location.hash = '#/stacks';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    // React.lazy would suspend on this first render and hold the screen behind its fallback for up to 300 ms.
    expect(screen.queryByTestId('screen-stacks-loading')).toBeNull();
    expect(screen.getByTestId('screen-stacks')).toBeTruthy();
  });
});
