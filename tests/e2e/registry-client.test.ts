/**
 * The registry client in the Pull screen, against the bench: tags suggested from the token registry for a stored
 * registry with carol's credentials, a tag's platforms under the image field, and a pull through the 429 proxy
 * showing the rate-limit card with the time pulls are possible again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenRegistry } from '../env/bench';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { launchApp, screenshot, type RunningApp } from './harness';

describe('registry client in the Pull screen', () => {
  let app: RunningApp;
  let proxy: FaultProxy;

  beforeAll(async () => {
    app = await launchApp();
    const token = tokenRegistry(app.bench);
    await app.preview.core.registries.add({
      name: 'Team (carol)',
      address: token.address,
      username: token.users.carol.username,
      secret: token.users.carol.password,
      patterns: ['team/**'],
      isDefault: false,
    });
    proxy = await startFaultProxy({ listenHost: '127.0.0.1', target: app.bench.registries.anon.address, fault: { kind: 'rate-limit', remaining: 0, limit: 100, windowSeconds: 21600 } });
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.close();
  });

  it("suggests the token registry's tags for carol and describes the chosen tag", async () => {
    const { page } = app;
    const token = tokenRegistry(app.bench);
    await page.getByTestId('nav-pull').click();
    await page.getByTestId('pull-image').fill(`${token.address}/team/app:`);
    const option = page.getByRole('option', { name: /^1\.0/ });
    await expect.poll(() => option.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await screenshot(page, 'pull-tag-suggestions');
    await option.first().click();
    expect(await page.getByTestId('pull-image').inputValue()).toBe(`${token.address}/team/app:1.0`);
    await expect.poll(() => page.getByTestId('remote-image').textContent(), { timeout: 15_000 }).toContain('linux/amd64');
    expect(await page.getByTestId('remote-image').textContent()).toMatch(/to download/);
    await screenshot(page, 'pull-remote-inspect');
  });

  it('shows the rate-limit card with the time pulls are possible again', async () => {
    const { page } = app;
    await page.getByTestId('nav-pull').click();
    await page.getByTestId('pull-image').fill(`${proxy.address}/stevedore/small:1.0`);
    await page.getByTestId('pull-submit').click();
    await expect.poll(() => page.getByTestId('pull-error').count(), { timeout: 60_000 }).toBe(1);
    expect(await page.getByTestId('pull-error').textContent()).toMatch(/RATE_LIMITED|rate limit|too many/i);
    await expect.poll(() => page.getByTestId('rate-limit-reset').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('rate-limit').textContent()).toContain('0 of 100 pulls left');
    expect(await page.getByTestId('rate-limit-add-credentials').getAttribute('href')).toBe(`#/registries/add/${encodeURIComponent(proxy.address)}`);
    await screenshot(page, 'pull-rate-limited');
  });
});
