/**
 * Findings of a keyboard-only tour of the preview (Tab, Shift+Tab, Enter, Escape, Ctrl+1–5), each kept as a test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, type RunningApp } from './harness';

describe('keyboard only', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await launchApp({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('closes the sidebar’s engine details once Tab leaves them, so they never cover what has focus', async () => {
    const { page } = app;
    const status = page.getByTestId('engine-status');
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 20_000 }).toBe('connected');
    await page.keyboard.press('Control+5');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Settings');
    const summary = status.locator('.engine-status__summary');
    const details = page.getByRole('group', { name: 'Engine details' });

    // Shift+Tab from the screen's heading reaches the indicator, the last stop of the sidebar.
    await page.keyboard.press('Shift+Tab');
    expect(await summary.evaluate((button) => button === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    expect(await summary.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => details.isVisible()).toBe(true);

    // On into the screen: the details close behind.
    await page.keyboard.press('Tab');
    expect(await status.evaluate((indicator) => indicator.contains(document.activeElement))).toBe(false);
    expect(await summary.getAttribute('aria-expanded')).toBe('false');
    expect(await details.isVisible()).toBe(false);

    // Back with Shift+Tab they stay closed until asked again; Escape closes them and leaves focus on the button.
    await page.keyboard.press('Shift+Tab');
    expect(await summary.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    expect(await summary.getAttribute('aria-expanded')).toBe('false');
    expect(await summary.evaluate((button) => button === document.activeElement)).toBe(true);
  });
});
