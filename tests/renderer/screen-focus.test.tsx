/**
 * Switching screens moves focus to the new screen's heading (keyboard users start at its top, a screen reader
 * announces it), also now that each screen is loaded when first opened (issue 18: the boot's bundle): focus goes
 * to the screen's own heading once the screen is there, not to a placeholder that the screen then replaces.
 * The first screen of a launch leaves focus where the window puts it.
 */
import { act, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/App';
import { startWorld } from './harness';

function go(hash: string) {
  act(() => {
    window.location.hash = hash;
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  });
}

afterEach(() => {
  window.location.hash = '';
});

// Each screen's module is transformed on its first import here, slow on a loaded machine: a generous limit.
describe('focus when the screen changes', { timeout: 60_000 }, () => {
  it("gives the new screen's own heading focus once it is shown, and none on the first screen", async () => {
    window.location.hash = '#/registries';
    startWorld();
    render(<App />);
    const first = await screen.findByRole('heading', { level: 1, name: 'Registries' });
    expect(document.activeElement).not.toBe(first);

    for (const [hash, name] of [['#/settings', 'Settings'], ['#/images', 'Images'], ['#/registries', 'Registries']] as const) {
      go(hash);
      // Each screen's module loads when first opened (renderer/navigation/screenModules.ts): its first import here is slow.
      await waitFor(() => expect(document.activeElement?.textContent).toBe(name), { timeout: 15_000 });
      const heading = screen.getByRole('heading', { level: 1, name });
      expect(document.activeElement).toBe(heading);
      // The heading is the screen's own (its section holds the screen's content), and it keeps focus.
      expect(heading.closest('[data-testid]')?.getAttribute('data-testid')).toBe(`screen-${hash.slice(2)}`);
    }
  });
});
