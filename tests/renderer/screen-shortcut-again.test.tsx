/**
 * Ctrl+1–5 for the screen already open: focus goes to its heading, as it does when the shortcut opens a screen
 * (screen-focus.test.tsx), instead of staying where it was.
 */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/App';
import { startWorld } from './harness';

afterEach(() => {
  window.location.hash = '';
});

const pressControl = (digit: number) => fireEvent.keyDown(document.activeElement ?? document.body, { key: String(digit), code: `Digit${digit}`, ctrlKey: true });

// The screen's module is transformed on its first import here, slow on a loaded machine: a generous limit.
describe('the shortcut of the screen already open', { timeout: 60_000 }, () => {
  it('moves focus to its heading, and Ctrl+3 then opens Images with its heading focused', async () => {
    window.location.hash = '#/registries';
    startWorld();
    render(<App />);
    const heading = await screen.findByRole('heading', { level: 1, name: 'Registries' });
    const link = screen.getByRole('link', { name: /Images/ });
    act(() => link.focus());
    expect(document.activeElement).toBe(link);

    pressControl(1);
    expect(window.location.hash).toBe('#/registries');
    expect(document.activeElement).toBe(heading);

    // Pressed again with focus on the heading already: it stays there.
    pressControl(1);
    expect(document.activeElement).toBe(heading);

    pressControl(3);
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Images'), { timeout: 15_000 });
  });
});
