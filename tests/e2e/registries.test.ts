import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, screenshot, type RunningApp } from './harness';

/** Everything the page holds as text, including what is typed into fields (which outerHTML leaves out). */
async function pageText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const values = [...document.querySelectorAll('input, textarea')].map((field) => (field as HTMLInputElement).value);
    return `${document.documentElement.outerHTML}\n${values.join('\n')}\n${JSON.stringify({ ...sessionStorage })}\n${JSON.stringify({ ...localStorage })}`;
  });
}

describe('Registries screen', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await launchApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('adds a registry, tests it, explains an image, and keeps it after a reload — without the secret ever reaching the page', async () => {
    const { page, bench } = app;
    const { plain } = bench.registries;
    // A first launch lands on Pull; with no registry yet it says where to add one.
    await page.getByTestId('screen-pull').waitFor();
    await page.getByTestId('no-registry-hint-add').click();
    await page.getByTestId('screen-registries').waitFor();
    await page.getByTestId('registry-add').first().click();

    const form = page.getByTestId('registry-form');
    await form.getByLabel('Name', { exact: true }).fill('Team registry');
    await form.getByLabel('Address', { exact: true }).fill(`http://${plain.address}/`);
    await form.getByLabel('Username', { exact: true }).fill(plain.username);
    await form.getByLabel('Password or token', { exact: true }).fill(plain.password);
    const patterns = form.getByRole('textbox', { name: 'Image Patterns' });
    await patterns.fill('stevedore/*');
    await patterns.press('Enter');
    await page.getByTestId('registry-save').click();
    await expect.poll(() => form.isVisible()).toBe(false);
    // The address was tidied as it was stored: the screen says what was saved.
    await expect.poll(() => page.getByTestId('registry-saved-note').textContent()).toContain(`as ${plain.address}`);

    const row = page.locator('[data-testid="registry-row"][data-registry-name="Team registry"]');
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.textContent()).toContain(plain.address);

    await row.getByTestId('registry-test').click();
    const result = row.getByTestId('registry-check-result');
    await expect.poll(() => result.getAttribute('data-ok'), { timeout: 20_000 }).toBe('true');

    await page.getByTestId('explain-image').fill(`${plain.address}/stevedore/small:1.0`);
    const source = page.getByTestId('explain-source');
    await expect.poll(() => source.textContent(), { timeout: 10_000 }).toContain('Team registry');
    await expect.poll(() => page.getByTestId('explain-panel').textContent()).toContain(`${plain.address}/stevedore/*`);
    await screenshot(page, 'registries-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'registries-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // While the password field is gone, nothing the page holds or received may contain the secret.
    expect(await pageText(page)).not.toContain(plain.password);

    await page.getByTestId('nav-pull').click();
    await page.getByTestId('screen-pull').waitFor();
    expect(await page.getByTestId('no-registry-hint').count()).toBe(0);

    await page.reload();
    await page.getByTestId('nav-registries').click();
    await expect.poll(() => page.locator('[data-testid="registry-row"][data-registry-name="Team registry"]').count()).toBe(1);
    await expect.poll(() => page.locator('[data-testid="registry-row"]').first().textContent()).toContain('stevedore/*');

    // Editing shows an empty secret field: the stored one never comes back, not even masked.
    await page.locator('[data-testid="registry-row"][data-registry-name="Team registry"]').getByTestId('registry-edit').click();
    await expect.poll(() => page.getByTestId('registry-form').getByLabel('Password or token', { exact: true }).inputValue()).toBe('');
    expect(await pageText(page)).not.toContain(plain.password);
    await page.keyboard.press('Escape');

    // The Pull screen's "Why?" link lands here with the image already explained.
    await page.goto(`${new URL(page.url()).origin}/#/registries/explain/${encodeURIComponent(`${plain.address}/stevedore/small:1.0`)}`);
    await expect.poll(() => page.getByTestId('explain-source').textContent(), { timeout: 10_000 }).toContain('Team registry');

    const everythingSent = JSON.stringify(app.outgoing);
    expect(app.outgoing.length).toBeGreaterThan(10);
    expect(everythingSent).toContain('Team registry');
    expect(everythingSent).not.toContain(plain.password);

    for (const file of readdirSync(app.dataDir)) {
      const content = readFileSync(path.join(app.dataDir, file), 'utf8');
      expect(content).not.toContain(plain.password);
      if (file === 'settings.json') expect(content).toContain('Team registry');
    }
  });

  it('asks before Esc discards a half-filled form, and not when nothing was typed', async () => {
    const { page } = app;
    await page.getByTestId('nav-registries').click();
    const form = page.getByTestId('registry-form');
    const confirm = page.getByTestId('discard-confirm');

    await page.getByTestId('registry-add').first().click();
    await page.keyboard.press('Escape');
    await expect.poll(() => form.isVisible()).toBe(false);
    expect(await confirm.isVisible()).toBe(false);

    await page.getByTestId('registry-add').first().click();
    await form.getByLabel('Name', { exact: true }).fill('Half done');
    await page.keyboard.press('Escape');
    await expect.poll(() => confirm.isVisible()).toBe(true);
    // The safe choice has focus: Enter keeps the form and what was typed.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Keep editing');
    await page.keyboard.press('Enter');
    await expect.poll(() => confirm.isVisible()).toBe(false);
    expect(await form.getByLabel('Name', { exact: true }).inputValue()).toBe('Half done');
    await page.keyboard.press('Escape');
    await page.getByTestId('discard-confirm-confirm').click();
    await expect.poll(() => form.isVisible()).toBe(false);
    // Focus goes back to the button that opened the form.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('registry-add');
  });

  it('moves focus to the new screen’s heading on Ctrl+1–5', async () => {
    const { page } = app;
    await page.getByTestId('nav-registries').click();
    await page.getByTestId('registry-add').first().focus();
    await page.keyboard.press('Control+3');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName + ' ' + document.activeElement?.textContent)).toBe('H1 Images');
    await page.keyboard.press('Control+1');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName + ' ' + document.activeElement?.textContent)).toBe('H1 Registries');
  });

  it('shows the right failure for wrong credentials', async () => {
    const { page, bench } = app;
    await page.getByTestId('nav-registries').click();
    await page.getByTestId('registry-add').first().click();
    const form = page.getByTestId('registry-form');
    await form.getByLabel('Name', { exact: true }).fill('Wrong password');
    await form.getByLabel('Address', { exact: true }).fill(bench.registries.plain.address);
    await form.getByLabel('Username', { exact: true }).fill(bench.registries.plain.username);
    await form.getByLabel('Password or token', { exact: true }).fill('definitely-wrong');
    await page.getByTestId('registry-save').click();
    const row = page.locator('[data-testid="registry-row"][data-registry-name="Wrong password"]');
    await expect.poll(() => row.count()).toBe(1);
    await row.getByTestId('registry-test').click();
    await expect.poll(() => row.getByTestId('registry-check-result').getAttribute('data-ok'), { timeout: 20_000 }).toBe('false');
    await expect.poll(() => row.getByTestId('registry-check-result').textContent()).toMatch(/did not accept the credentials/);
  });
});
