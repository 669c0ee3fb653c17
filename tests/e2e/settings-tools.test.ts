/** Settings → Tools in the running app: where main found docker and Compose, at the smallest supported window. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, screenshot, type RunningApp } from './harness';

describe('Settings → Tools', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await launchApp({ viewport: { width: 800, height: 600 } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows the docker CLI, the Compose plugin with its version and the Docker config main uses', async () => {
    const { page, bench } = app;
    // The bench records Debian's package version (2.26.1-4); compose itself says 2.26.1.
    const composeVersion = /^\d+\.\d+\.\d+/.exec(bench.composeVersion)?.[0] ?? bench.composeVersion;
    await page.getByRole('link', { name: 'Settings' }).click();
    const tools = page.getByTestId('settings-tools');
    await expect.poll(() => tools.getByTestId('settings-tools-compose').textContent(), { timeout: 20_000 }).toContain(composeVersion);
    expect(await tools.getByTestId('settings-tools-compose').textContent()).toContain('docker compose (CLI plugin)');
    expect(await tools.getByTestId('settings-tools-docker').textContent()).toMatch(/^found ?\/\S+\/docker$/);
    expect(await tools.getByTestId('settings-tools-config').textContent()).toContain(path.join(bench.dockerConfigDir, 'config.json'));

    // Asked again from the keyboard, the answer is the same; the card never makes the page scroll sideways.
    await tools.getByRole('button', { name: 'Check again' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => tools.getByTestId('settings-tools-compose').textContent()).toContain(composeVersion);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);

    await tools.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-tools');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'settings-tools-dark');
  });
});
