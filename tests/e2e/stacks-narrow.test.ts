/**
 * The stack list as a user sees it in a narrow window (800×600) and beside a stack's page (1280×800), from the
 * keyboard. Narrow, the list used to be a select ("Choose a stack…") above an empty page: no stack's state could be
 * seen without opening it, and the list's filter and compact layout were gone. Now the list fills the screen until a
 * stack is chosen; then its page shows under a picker that names it, with All stacks to go back. Beside a page, the
 * filter used to be squeezed to a few letters of its placeholder by the Compact list button, which looked the same
 * on and off.
 *
 * Stacks are saved only (never deployed), in this window's own data folder.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, type RunningApp } from './harness';

/** Six: the list offers its filter and compact layout from six stacks on (renderer/stacks/StackList.tsx). */
const NAMES = ['narrow-alpha', 'narrow-bravo', 'narrow-charlie', 'narrow-delta', 'narrow-echo', 'narrow-foxtrot'];

const rowLink = (page: Page, id: string) => page.locator(`.stack-row__link[href="#/stacks/${encodeURIComponent(id)}"]`);

/** What has the keyboard focus: its test id, else its text. */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.textContent?.trim() ?? '');

describe('stack list, narrow and wide', () => {
  let app: RunningApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await launchApp({ viewport: { width: 800, height: 600 } });
    const yaml = ['services:', '  web:', `    image: ${app.bench.images.small.anon}`, ''].join('\n');
    for (const name of NAMES) ids[name] = (await app.preview.core.stacks.create({ name, yaml })).stack.id;
  });
  afterAll(async () => {
    for (const id of Object.values(ids)) await app?.preview.core.stacks.delete(id).catch(() => undefined);
    await app?.close();
  });

  it('at 800×600 shows the list with each state until a stack is chosen, then its page under a picker, and back', { timeout: 60_000 }, async () => {
    const { page } = app;
    await page.evaluate(() => {
      window.location.hash = '#/stacks';
    });
    const charlie = ids['narrow-charlie'] ?? '';
    await expect.poll(() => rowLink(page, charlie).isVisible(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('stack-list-filter').isVisible()).toBe(true);
    expect(await page.getByTestId('stack-picker').count()).toBe(0);
    for (const name of NAMES) expect(await page.locator('.stack-row', { hasText: name }).getByText('Not deployed').isVisible()).toBe(true);

    // Chosen from the keyboard: the row goes with the list, and the focus goes to the picker that names the stack.
    await rowLink(page, charlie).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('stack-picker');
    expect(await page.getByTestId('stack-picker').inputValue()).toBe(charlie);
    expect(await rowLink(page, charlie).isVisible()).toBe(false);
    await expect.poll(() => page.locator('.stack-header__name').textContent(), { timeout: 20_000 }).toBe('narrow-charlie');

    // All stacks is the next stop, and brings the list back with the focus on the stack that was shown.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('stack-picker-all');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/stacks');
    await expect.poll(() => page.evaluate((href) => document.activeElement?.getAttribute('href') === href, `#/stacks/${encodeURIComponent(charlie)}`)).toBe(true);
    expect(await rowLink(page, charlie).isVisible()).toBe(true);
  });

  it('shows the Compact list toggle on while it is on (it looked the same on and off)', async () => {
    const { page } = app;
    const toggle = page.getByTestId('stack-list-compact');
    const look = () => toggle.evaluate((button) => `${getComputedStyle(button).backgroundColor} ${getComputedStyle(button).color}`);
    await toggle.focus();
    const off = await look();
    await page.keyboard.press('Space');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    // Polled: the button's colours change over a 120 ms transition (components/Button.css).
    await expect.poll(look).not.toBe(off);
    await page.keyboard.press('Space');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await expect.poll(look).toBe(off);
  });

  it('at 1280×800 keeps the list beside the page, its filter wide enough for its placeholder', { timeout: 60_000 }, async () => {
    const { page } = app;
    await page.setViewportSize({ width: 1280, height: 800 });
    const bravo = ids['narrow-bravo'] ?? '';
    await rowLink(page, bravo).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.stack-header__name').textContent(), { timeout: 20_000 }).toBe('narrow-bravo');
    // Beside the page the row stays, and so does the focus.
    expect(await rowLink(page, bravo).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(`#/stacks/${encodeURIComponent(bravo)}`);
    expect(await page.getByTestId('stack-picker').isVisible()).toBe(false);

    const fit = await page.getByTestId('stack-list-filter').evaluate((input: HTMLInputElement) => {
      const style = getComputedStyle(input);
      const context = document.createElement('canvas').getContext('2d');
      if (context === null) return { text: Number.NaN, room: Number.NaN };
      context.font = style.font;
      return { text: Math.ceil(context.measureText(input.placeholder).width), room: input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) };
    });
    expect(fit.text).toBeGreaterThan(0);
    expect(fit.room).toBeGreaterThanOrEqual(fit.text);
  });
});
