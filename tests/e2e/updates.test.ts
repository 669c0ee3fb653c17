/**
 * Updates end to end (issue 14), on the bench: a stack of two services from the anonymous registry runs; a new
 * build of one service's image is pushed under the same tag; "Check now" on the stack page finds it (badge, what
 * changed, newer tags); the Images screen marks the image; "Update stack" recreates only that service (its
 * container id changes, the other's does not) and shows the result per service. Screenshots for the README at
 * 1280×800 (light) and 800×600 (dark), with the stack update driven from the keyboard.
 */
import { randomUUID } from 'node:crypto';
import Docker from 'dockerode';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, screenshot, type RunningApp } from './harness';
import { pushLabelledCopy } from './push-image';

const RUN = randomUUID().slice(0, 8);
const STACK = `updates-${RUN}`;
const WEB_REPO = `stevedore/updates-e2e-web-${RUN}`;
const DB_REPO = `stevedore/updates-e2e-db-${RUN}`;

async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((next) => {
    window.location.hash = next;
  }, hash);
}

describe('Updates', () => {
  let app: RunningApp;
  let docker: Docker;
  let stackId = '';
  let webImage = '';
  let dbImage = '';

  const containerIds = async (): Promise<Record<string, string>> => {
    const containers = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${STACK}`] } });
    return Object.fromEntries(containers.map((container) => [container.Labels['com.docker.compose.service'] ?? '', container.Id]));
  };

  beforeAll(async () => {
    app = await launchApp({ viewport: { width: 1280, height: 800 } });
    const { anon } = app.bench.registries;
    docker = new Docker({ socketPath: app.bench.dockerHost.replace('unix://', '') });
    webImage = `${anon.address}/${WEB_REPO}:1.0`;
    dbImage = `${anon.address}/${DB_REPO}:16`;
    await pushLabelledCopy(anon.url, { repository: WEB_REPO, tag: '1.0', version: '1.0.0' });
    await pushLabelledCopy(anon.url, { repository: DB_REPO, tag: '16', version: '16.4' });
    // A newer tag of the same shape, there from the start (tag lists are cached for a minute, and the deploy's
    // pulls are checked as they end).
    await pushLabelledCopy(anon.url, { repository: WEB_REPO, tag: '1.1', version: '1.1.0' });
    const service = (image: string, text: string) => [`    image: ${image}`, '    init: true', `    command: ["sh", "-c", "while true; do echo ${text}; sleep 1; done"]`];
    const created = await app.preview.core.stacks.create({
      name: STACK,
      yaml: ['services:', '  web:', ...service(webImage, 'serving'), '  db:', ...service(dbImage, 'storing'), ''].join('\n'),
    });
    stackId = created.stack.id;
    const deploy = await app.preview.core.stacks.deploy(stackId);
    expect((await app.preview.core.stacks.waitForDeploy(deploy.id)).state).toBe('done');
    // A new build of web under the same tag.
    await pushLabelledCopy(anon.url, { repository: WEB_REPO, tag: '1.0', version: '1.0.1' });
  });

  afterAll(async () => {
    if (stackId) {
      await app?.preview.core.stacks.down(stackId, { volumes: true }).catch(() => undefined);
      await app?.preview.core.stacks.delete(stackId).catch(() => undefined);
    }
    for (const image of [webImage, dbImage]) if (image) await docker?.getImage(image).remove({ force: true }).catch(() => undefined);
    await app?.close();
  });

  it('finds the new build with Check now and marks the service and the image', async () => {
    const { page } = app;
    await go(page, `#/stacks/${encodeURIComponent(stackId)}`);
    const summary = page.getByTestId('stack-updates-summary');
    await expect.poll(() => summary.count(), { timeout: 20_000 }).toBe(1);
    await page.getByTestId('stack-updates-check').click();
    await expect.poll(() => summary.textContent(), { timeout: 60_000 }).toBe('1 service has an update');

    const webRow = page.locator('[data-testid="service-row"][data-service="web"]');
    await expect.poll(() => webRow.getByTestId('update-badge').textContent(), { timeout: 20_000 }).toBe('Update available');
    expect(await webRow.getByTestId('update-what-changed').textContent()).toMatch(/^1\.0\.0 → 1\.0\.1( \(built .+\))?$/);
    expect(await webRow.getByTestId('update-newer-tags').textContent()).toBe('newer tags: 1.1');
    const dbRow = page.locator('[data-testid="service-row"][data-service="db"]');
    expect(await dbRow.getByTestId('update-badge').count()).toBe(0);
    await page.getByTestId('stack-updates').scrollIntoViewIfNeeded();
    await screenshot(page, 'updates-stack');
    await webRow.scrollIntoViewIfNeeded();
    await screenshot(page, 'updates-services');

    await go(page, '#/images');
    await page.getByTestId('images-filter').fill(RUN);
    const imageRow = page.locator(`[data-testid="image-row"][data-tags~="${webImage}"]`);
    await expect.poll(() => imageRow.getByTestId('update-badge').textContent(), { timeout: 20_000 }).toBe('Update available');
    expect(await page.getByTestId('updates-summary').textContent()).toMatch(/^\d+ updates? · checked /);
    await screenshot(page, 'updates-images');
    await page.setViewportSize({ width: 800, height: 600 });
    // At 800×600 the row's actions stay in view: the table fits its card instead of scrolling sideways.
    const fitsItsCard = await imageRow.getByTestId('image-pull-again').evaluate((button) => {
      const scroller = button.closest('.images-card__scroll');
      if (scroller === null) return false;
      return button.getBoundingClientRect().right <= scroller.getBoundingClientRect().right && scroller.scrollWidth <= scroller.clientWidth;
    });
    expect(fitsItsCard).toBe(true);
    await screenshot(page, 'updates-images-800');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('updates the stack from the keyboard: only the changed service is recreated, with the result per service', async () => {
    const { page } = app;
    const before = await containerIds();
    expect(Object.keys(before).sort()).toEqual(['db', 'web']);
    await page.setViewportSize({ width: 800, height: 600 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await go(page, `#/stacks/${encodeURIComponent(stackId)}`);
    const update = page.getByTestId('stack-update');
    await expect.poll(() => update.count(), { timeout: 20_000 }).toBe(1);
    await page.getByTestId('stack-updates').scrollIntoViewIfNeeded();
    await screenshot(page, 'updates-stack-dark-800');
    await update.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('stack-update-dialog');
    await expect.poll(() => dialog.getByTestId('stack-update-plan').textContent(), { timeout: 10_000 }).toContain('1.0.0 → 1.0.1');
    await screenshot(page, 'updates-stack-dialog-dark');
    // Cancel has focus; Tab reaches "Update 1 service".
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Update 1 service');
    await page.keyboard.press('Enter');

    const result = dialog.getByTestId('stack-update-result');
    await expect.poll(() => result.count(), { timeout: 120_000 }).toBe(1);
    const outcomes = await result.getByTestId('stack-update-service').evaluateAll((rows) => Object.fromEntries(rows.map((row) => [row.getAttribute('data-service'), row.getAttribute('data-outcome')])));
    expect(outcomes.web).toBe('recreated');
    expect(outcomes.db === undefined || outcomes.db === 'unchanged').toBe(true);
    await screenshot(page, 'updates-stack-result-dark');

    const after = await containerIds();
    expect(after.web).not.toBe(before.web);
    expect(after.db).toBe(before.db);

    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => page.getByTestId('stack-updates-summary').textContent(), { timeout: 30_000 }).toBe('No updates found');
  });

  it('keeps the schedule and notifications in Settings', async () => {
    const { page } = app;
    await go(page, '#/settings');
    const card = page.getByTestId('settings-updates');
    await card.scrollIntoViewIfNeeded();
    await card.getByRole('radio', { name: 'Daily' }).check();
    await expect.poll(() => app.preview.core.settings.get('preferences').updateSchedule, { timeout: 10_000 }).toBe('daily');
    await expect.poll(() => card.getByTestId('settings-updates-next').count(), { timeout: 10_000 }).toBe(1);
    await screenshot(page, 'updates-settings');
    await card.getByRole('radio', { name: 'Off' }).check();
  });
});
