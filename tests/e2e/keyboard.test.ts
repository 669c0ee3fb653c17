/**
 * Findings of a keyboard-only tour of the preview (Tab, Shift+Tab, Enter, Escape, Ctrl+1–5), each kept as a test.
 */
import Docker from 'dockerode';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManyImages } from '../../bench/lib/scale-fixtures';
import { launchApp, type RunningApp } from './harness';

/** WCAG's contrast ratio of two `rgb()`/`rgba()` colours as getComputedStyle gives them (alpha ignored: opaque here). */
function contrast(first: string, second: string): number {
  const luminance = (color: string): number => {
    const [r, g, b] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((part) => {
      const channel = Number(part) / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
  };
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** What has focus, as a short name: its test id, else its tag and text. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return element?.dataset.testid ?? `${element?.tagName.toLowerCase() ?? 'none'} ${element?.textContent?.trim().slice(0, 30) ?? ''}`;
  });
}

/** The focused row's place (aria-rowindex, the header row is 1), whether it is wholly in the scroller's view, and its ring. */
function focusedRow(page: Page): Promise<{ place: number; inView: boolean; outline: string; ring: string; background: string } | undefined> {
  return page.evaluate(() => {
    const row = document.activeElement;
    if (!(row instanceof HTMLTableRowElement)) return undefined;
    const view = (document.getElementById('main') as HTMLElement).getBoundingClientRect();
    const box = row.getBoundingClientRect();
    const style = getComputedStyle(row);
    return {
      place: Number(row.getAttribute('aria-rowindex')),
      // To the pixel: rows with collapsed borders sit on half pixels (a row scrolled to the bottom ends at 800.5 of 800).
      inView: Math.round(box.top) >= view.top && Math.floor(box.bottom) <= view.bottom,
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
      ring: style.outlineColor,
      background: getComputedStyle(row.cells[0] as Element).backgroundColor,
    };
  });
}

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

  it('marks the chosen option of a segmented control (Theme) with 3:1 against its track, in both themes', async () => {
    const { page } = app;
    await page.keyboard.press('Control+5');
    const theme = page.locator('.segmented').first();
    await theme.waitFor();
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      // The chosen face's own colour and its outline's, each against the track it sits in (WCAG 1.4.11).
      const colors = await theme.evaluate((control) => {
        const track = getComputedStyle(control.querySelector('.segmented__options') as Element).backgroundColor;
        const chosen = getComputedStyle(control.querySelector('.segmented__radio:checked + .segmented__face') as Element);
        const outline = /inset/.test(chosen.boxShadow) ? (chosen.boxShadow.match(/rgba?\([^)]*\)(?=[^,]*inset)/)?.[0] ?? '') : '';
        return { track, marks: [chosen.backgroundColor, outline].filter((color) => color !== '') };
      });
      const best = Math.max(...colors.marks.map((mark) => contrast(mark, colors.track)));
      expect({ colorScheme, best: Math.round(best * 10) / 10 >= 3 }).toEqual({ colorScheme, best: true });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('keeps a gap between the paragraphs of an empty state (empty Registries)', async () => {
    const { page } = app;
    await page.keyboard.press('Control+1');
    const empty = page.getByTestId('registries-empty');
    await empty.waitFor();
    const gaps = await empty.evaluate((state) => {
      const paragraphs = Array.from(state.querySelectorAll('.empty-state__body > p'));
      return paragraphs.slice(1).map((paragraph, index) => Math.round(paragraph.getBoundingClientRect().top - (paragraphs[index] as Element).getBoundingClientRect().bottom));
    });
    expect(gaps.length).toBeGreaterThan(0);
    // var(--space-1): the paragraphs ran together as one block of text.
    expect(gaps).toEqual(gaps.map(() => 8));
  });

  it('tabs past 2,000 images in one stop for the rows, moves among them with the arrows, and rings the focused row at 3:1', async () => {
    const { page, bench } = app;
    // The bench's 2,000 images (reused when the bench left them there; removed afterwards only if made here).
    const docker = new Docker({ socketPath: bench.dockerHost.replace('unix://', '') });
    const many = await loadManyImages(bench, docker, 2000);
    try {
      // Pressed until the app is there to hear it (a screen's shortcut pressed again only focuses its heading).
      await expect
        .poll(async () => {
          await page.keyboard.press('Control+3');
          return page.evaluate(() => window.location.hash);
        })
        .toBe('#/images');
      const table = page.getByTestId('images-table');
      await expect.poll(async () => Number(await table.getAttribute('aria-rowcount').catch(() => '0')), { timeout: 60_000 }).toBeGreaterThan(2000);
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Images');
      // The bench's other images are listed too: the last row's place is the table's row count.
      const rowCount = Number(await table.getAttribute('aria-rowcount'));

      // From the heading, Tab until focus has been in the table and left it: the table's stops are counted.
      const inTable: string[] = [];
      for (let press = 0; press < 30; press += 1) {
        await page.keyboard.press('Tab');
        const inside = await table.evaluate((element) => element.contains(document.activeElement));
        if (inside) inTable.push(await focusedName(page));
        else if (inTable.length > 0) break;
      }
      expect(inTable).toEqual(['images-sort-name', 'images-sort-size', 'images-sort-created', 'image-row']);

      // Back into the rows, then down and across them: the row moved to is rendered, focused and scrolled into view.
      await page.keyboard.press('Shift+Tab');
      expect((await focusedRow(page))?.place).toBe(2);
      await page.keyboard.press('End');
      await expect.poll(async () => (await focusedRow(page))?.inView).toBe(true);
      expect((await focusedRow(page))?.place).toBe(rowCount);
      await page.keyboard.press('PageUp');
      await expect.poll(async () => (await focusedRow(page))?.inView).toBe(true);
      expect((await focusedRow(page))?.place).toBeLessThan(rowCount - 1);
      await page.keyboard.press('Home');
      // Down past the bottom of the view scrolls by the row, as a file list does, not half a page at a time.
      const scrollTop = () => page.evaluate(() => (document.getElementById('main') as HTMLElement).scrollTop);
      const steps: number[] = [];
      let before = await scrollTop();
      // Two views' worth of rows: the view scrolls on the later presses.
      for (let press = 0; press < 40; press += 1) {
        await page.keyboard.press('ArrowDown');
        const after = await scrollTop();
        steps.push(after - before);
        before = after;
        expect((await focusedRow(page))?.inView).toBe(true);
      }
      // The rows scrolled into view are the bench's many images, one line each: a step is at most one of them.
      const rowHeight = await page.evaluate(() => (document.activeElement as HTMLElement).getBoundingClientRect().height);
      expect(steps.filter((step) => step > 0).length).toBeGreaterThan(5);
      expect(Math.max(...steps)).toBeLessThanOrEqual(Math.ceil(rowHeight));
      await page.keyboard.press('Home');
      await page.keyboard.press('ArrowDown');
      await expect.poll(async () => (await focusedRow(page))?.inView).toBe(true);
      expect((await focusedRow(page))?.place).toBe(3);
      await page.keyboard.press('ArrowRight');
      expect(await focusedName(page)).toBe('image-pull-again');
      await page.keyboard.press('ArrowLeft');

      // The ring: the shared focus colour, 2 px, at 3:1 against the focused row in both themes (WCAG 2.4.11, 1.4.11).
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        const row = await focusedRow(page);
        expect(row?.outline).toBe('solid 2px');
        const ratio = contrast(row?.ring ?? '', row?.background ?? '');
        expect({ colorScheme, ratio: Math.round(ratio * 10) / 10 >= 3 }).toEqual({ colorScheme, ratio: true });
      }

      // The shortcut of the screen already open takes focus to its heading, as opening it does.
      await page.keyboard.press('Control+3');
      expect(await page.evaluate(() => document.activeElement?.tagName + ' ' + document.activeElement?.textContent)).toBe('H1 Images');
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
      if (many.created) await many.remove();
    }
  });
});
