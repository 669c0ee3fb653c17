/**
 * The window's first render yields to the page's other tasks (issue 18, the Images cold load): rendered as one task,
 * the shell with the Images screen and its first rows was a task of 90–170 ms in a cold-load trace, the longest of the
 * load. As a transition React renders it in slices of about 5 ms, and the page's other tasks (the first calls'
 * answers arriving, a frame) run between them.
 */
import { waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScreen } from '../../renderer/navigation/screenModules';
import { renderApp } from '../../renderer/renderApp';
import { startWorld } from './harness';

let stopTicking = (): void => undefined;
afterEach(() => {
  stopTicking();
  window.location.hash = '';
  document.body.replaceChildren();
});

describe('the window', { timeout: 60_000 }, () => {
  it('renders in slices: other tasks run between the start of its first render and its commit', async () => {
    // Its code loaded first, so the screen is part of that render (a screen loading shows a small frame instead).
    await loadScreen.settings();
    window.location.hash = '#/settings';
    startWorld();
    const order: string[] = [];
    // The first render reads the bridge first of all (App's BridgeGate): that read marks its start.
    const bridge = window.stevedore;
    Object.defineProperty(window, 'stevedore', {
      configurable: true,
      get: () => {
        if (!order.includes('render')) order.push('render');
        return bridge;
      },
    });
    const container = document.createElement('div');
    document.body.append(container);
    new MutationObserver(() => order.push('commit')).observe(container, { childList: true });
    // A task after each task, as the page's other work would be (React schedules its own with setImmediate here).
    let ticking = true;
    const tick = (): void => {
      if (!ticking) return;
      order.push('task');
      setImmediate(tick);
    };
    stopTicking = () => {
      ticking = false;
    };
    setImmediate(tick);

    renderApp(container);
    await waitFor(() => expect(order).toContain('commit'), { timeout: 30_000 });
    stopTicking();
    const betweenRenderAndCommit = order.slice(order.indexOf('render'), order.indexOf('commit')).filter((entry) => entry === 'task');
    expect(betweenRenderAndCommit.length).toBeGreaterThan(0);
    expect(container.querySelector('[data-testid="screen-settings"]')).not.toBeNull();
  });
});
