/**
 * The Images table as a user sees it at 800×600, the smallest window the app supports, at 1024×700 and at 1280×800:
 * an image with two names of a typical length (a registry host, a namespace, a repository and a tag, ~48 characters)
 * shows each name on at most two lines, every cell holds its text without spilling into the next, the row's actions stay in the
 * card with names a screen reader and a tooltip give, and button labels keep their letters whole.
 *
 * The names are added by this test to a bench image (tags only: the image and its other names are left alone).
 */
import Docker from 'dockerode';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, type RunningApp } from './harness';

// Short, so the names are as long as typical ones and not longer: this run's only.
const RUN = `${process.pid.toString(36).slice(-3)}${Date.now().toString(36).slice(-3)}`;

async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((next) => {
    window.location.hash = next;
  }, hash);
}

/** Lines of text in one name chip: its content height over its line height. */
function nameLines(chip: Locator): Promise<number> {
  return chip.evaluate((element) => {
    const style = getComputedStyle(element);
    const content = element.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    return Math.round(content / parseFloat(style.lineHeight));
  });
}

/** Cells of the row whose content is wider than the cell (text running into the next column or cut off). */
function overflowingCells(row: Locator): Promise<string[]> {
  return row.locator('td').evaluateAll((cells) =>
    cells.filter((cell) => cell.getBoundingClientRect().width > 0 && cell.scrollWidth > cell.clientWidth).map((cell) => `${cell.className}: ${cell.textContent ?? ''}`),
  );
}

/** How far below the first name's text each other cell's text starts, in whole pixels. */
function firstLineTops(row: Locator): Promise<Record<'id' | 'size' | 'created', number>> {
  return row.evaluate((element) => {
    const textTop = (node: Element) => {
      const range = document.createRange();
      range.selectNodeContents(node);
      return range.getClientRects()[0]?.top ?? Number.NaN;
    };
    const cells = element.querySelectorAll('td');
    const name = textTop(element.querySelector('li.image-tag') ?? element);
    const from = (cell: Element | undefined) => (cell === undefined ? Number.NaN : Math.round(textTop(cell) - name));
    return { id: from(cells[1]), size: from(cells[2]), created: from(cells[3]) };
  });
}

describe('Images table at 800×600 and 1280×800', () => {
  let app: RunningApp;
  let docker: Docker;
  let names: string[] = [];

  beforeAll(async () => {
    app = await launchApp({ viewport: { width: 800, height: 600 } });
    const { bench } = app;
    docker = new Docker({ socketPath: bench.dockerHost.replace('unix://', '') });
    const source = bench.images.small.anon;
    await new Promise<void>((resolve, reject) => {
      docker.pull(source, {}, (error: Error | null, stream?: NodeJS.ReadableStream) => {
        if (error || !stream) return reject(error ?? new Error('no pull stream'));
        docker.modem.followProgress(stream, (failure: Error | null) => (failure ? reject(failure) : resolve()));
      });
    });
    names = [`${bench.registries.anon.address}/stevedore-e2e/narrow-${RUN}:latest`, `ghcr.io/stevedore-e2e/platform/api-${RUN}:v2.14`];
    for (const name of names) {
      const colon = name.lastIndexOf(':');
      await docker.getImage(source).tag({ repo: name.slice(0, colon), tag: name.slice(colon + 1) });
    }
  });

  afterAll(async () => {
    // Untags only (no force): the bench image keeps its own name.
    for (const name of names) await docker?.getImage(name).remove().catch(() => undefined);
    await app?.close();
  });

  const rowOfThisRun = (page: Page) => page.locator(`[data-testid="image-row"][data-tags~="${names[0]}"]`);

  it('at 800×600: each typical name on at most two lines, every cell holding its text, the actions in the card with their names', async () => {
    const { page } = app;
    await go(page, '#/images');
    await page.getByTestId('images-filter').fill(RUN);
    const row = rowOfThisRun(page);
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);

    // The screen's description keeps a readable line beside (or above) the header's actions.
    const description = page.getByTestId('screen-images').locator('.screen__description');
    expect(await description.evaluate((element) => Math.round(element.clientHeight / parseFloat(getComputedStyle(element).lineHeight)))).toBeLessThanOrEqual(2);

    // A row of several names: the ID, size and date stay on the first name's line, beside the actions at the top.
    // (Within 2 px: the fonts differ, so their glyph boxes do by a pixel.)
    const tops = await firstLineTops(row);
    expect(Object.values(tops).every((offset) => Math.abs(offset) <= 2), JSON.stringify(tops)).toBe(true);

    for (const name of names) {
      const chip = row.locator('li.image-tag', { hasText: name });
      expect(await chip.count()).toBe(1);
      expect(await nameLines(chip), name).toBeLessThanOrEqual(2);
    }
    expect(await overflowingCells(row)).toEqual([]);

    // The ID is still there, whole: 12 hex characters.
    expect(await row.getByTestId('image-id').textContent()).toMatch(/^[0-9a-f]{12}$/);

    // The actions: inside the card (no sideways scroll), each with a name and a tooltip even when drawn as an icon.
    const pullAgain = row.getByTestId('image-pull-again');
    const remove = row.getByTestId('image-remove');
    const firstName = (await row.getAttribute('data-tags'))?.split(' ')[0] ?? '';
    expect(await pullAgain.getAttribute('aria-label')).toBe(`Pull again: ${firstName}`);
    expect(await pullAgain.getAttribute('title')).toBe(`Pull ${firstName} again to update it`);
    expect(await remove.getAttribute('aria-label')).toBe(`Remove ${firstName}`);
    expect(await remove.getAttribute('title')).toBe(`Remove ${firstName}`);
    const fitsItsCard = await remove.evaluate((button) => {
      const scroller = button.closest('.images-card__scroll');
      if (scroller === null) return false;
      return button.getBoundingClientRect().right <= scroller.getBoundingClientRect().right && scroller.scrollWidth <= scroller.clientWidth;
    });
    expect(fitsItsCard).toBe(true);
  });

  it('at 1024×700, where the sidebar is wide again (the names had 26 px, a character a line), the row holds its text too', async () => {
    const { page } = app;
    await page.setViewportSize({ width: 1024, height: 700 });
    const row = rowOfThisRun(page);
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    for (const name of names) expect(await nameLines(row.locator('li.image-tag', { hasText: name })), name).toBeLessThanOrEqual(2);
    expect(await overflowingCells(row)).toEqual([]);
    await page.setViewportSize({ width: 800, height: 600 });
  });

  it('at 1280×800: the same row holds its text too, and "Pull again" is spelled out', async () => {
    const { page } = app;
    await page.setViewportSize({ width: 1280, height: 800 });
    const row = rowOfThisRun(page);
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    for (const name of names) expect(await nameLines(row.locator('li.image-tag', { hasText: name })), name).toBeLessThanOrEqual(2);
    expect(await overflowingCells(row)).toEqual([]);
    expect(await row.getByTestId('image-pull-again').innerText()).toBe('Pull again');
    await page.setViewportSize({ width: 800, height: 600 });
  });

  it('button labels have room for their letters’ descenders ("Pull again" read "Pull aqain")', async () => {
    const { page } = app;
    const cut = await page.locator('.button__label').evaluateAll((labels) => {
      const context = document.createElement('canvas').getContext('2d');
      if (context === null) return ['no canvas'];
      return labels
        .filter((label) => label.getBoundingClientRect().height > 0)
        .flatMap((label) => {
          const style = getComputedStyle(label);
          context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          const metrics = context.measureText(label.textContent ?? '');
          const fontHeight = metrics.fontBoundingBoxAscent + metrics.fontBoundingBoxDescent;
          return label.clientHeight + 0.5 < fontHeight ? [`${label.textContent ?? ''}: ${label.clientHeight} px box for ${fontHeight.toFixed(1)} px of font`] : [];
        });
    });
    expect(cut).toEqual([]);
  });
});
