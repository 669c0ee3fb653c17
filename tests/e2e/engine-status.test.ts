import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, stopEngine } from '../env/bench';
import { launchApp, screenshot, type RunningApp } from './harness';

describe('engine status in the running app', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await launchApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows the private engine connected with its version, notices it stopping, and reconnects', async () => {
    const { page, bench } = app;
    const status = page.getByTestId('engine-status');
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 20_000 }).toBe('connected');
    await expect.poll(() => page.getByTestId('engine-version').textContent()).toContain(bench.engineVersion);

    await screenshot(page, 'app-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'app-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await stopEngine();
    // Noticed from the broken event stream, not from a poll: it must turn within a few seconds.
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('disconnected');
    const reason = await page.getByTestId('engine-reason').textContent();
    expect(reason).toContain(bench.dockerHost);
    await screenshot(page, 'engine-disconnected');

    await startEngine();
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 30_000 }).toBe('connected');
    await expect.poll(() => page.getByTestId('engine-version').textContent()).toContain(bench.engineVersion);
  });

  it('sends the page nothing but declared calls and events', () => {
    const channels = new Set(app.outgoing.flatMap((message) => (message.type === 'event' ? [message.channel] : [])));
    expect([...channels].sort()).toEqual(['stevedore:event:engine.status']);
  });
});
