/**
 * Findings of a keyboard-only tour of the preview (Tab, Shift+Tab, Enter, Escape, Ctrl+1–5), each kept as a test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
