/**
 * A picture of the tray menu for the README (docs/screenshots/tray-menu.png), drawn from exactly what the shell
 * hands Electron: the menu model for a realistic state, turned into an Electron menu template by the shell's own
 * `toMenuTemplate`, rendered as a native-looking menu in light and dark and photographed with Debian's Chromium.
 * The test reads the rendered menus back and compares them with the template, so a picture that drifts from
 * the model fails.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// toMenuTemplate lives in the shell, which imports electron; the double stands in (nothing else of it is used).
vi.mock('electron', () => import('../shell/electron-double'));

import { buildTrayMenu, trayTitle, type TrayState } from '../../main/core/tray/menu';
import { toMenuTemplate } from '../../main/tray';
import { launchHeadlessChromium } from '../../scripts/headless-chromium';

const root = path.resolve(import.meta.dirname, '../..');
const screenshotFile = path.join(root, 'docs', 'screenshots', 'tray-menu.png');

const state: TrayState = {
  favourites: ['nginx:1.27', 'ghcr.io/acme/api:2.4'],
  recents: [
    { image: 'postgres:16' },
    { image: 'nginx:1.27' },
    { image: 'ghcr.io/acme/worker:2.4', platform: 'linux/arm64' },
    { image: '127.0.0.1:5001/stevedore/small:1.0' },
    { image: 'redis:7.2' },
  ],
  pulls: [{ id: 'p1', familiar: 'ghcr.io/acme/api:2.4', state: 'pulling', percent: 42.3, bytesDone: 111_000_000, bytesTotal: 210_000_000 }],
  stacks: [
    { id: 'app:web', name: 'web', status: 'running', readOnly: false },
    { id: 'file:4f1c', name: 'billing', status: 'stopped', readOnly: false },
    { id: 'project:legacy', name: 'legacy', status: 'running', readOnly: true },
  ],
  clipboardImage: 'redis:7.2',
  engineConnected: true,
};

/** What a person sees of one menu item. */
interface ShownItem {
  label: string;
  enabled: boolean;
  separator: boolean;
  submenu: boolean;
}

function expectedItems(template: readonly MenuItemConstructorOptions[]): ShownItem[] {
  return template.map((item) => ({
    label: item.type === 'separator' ? '' : (item.label ?? ''),
    enabled: item.type !== 'separator' && item.enabled !== false,
    separator: item.type === 'separator',
    submenu: Array.isArray(item.submenu),
  }));
}

function submenuOf(template: readonly MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const submenu = template.find((item) => item.label === label)?.submenu;
  if (!Array.isArray(submenu)) throw new Error(`"${label}" has no submenu`);
  return submenu;
}

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One menu, with the submenus along `open` (labels) shown opened to the left, as they open from a tray menu. */
function renderMenu(template: readonly MenuItemConstructorOptions[], open: readonly string[], menuPath: string): string {
  const items = template.map((item) => {
    if (item.type === 'separator') return '<div class="separator" role="separator"></div>';
    const label = item.label ?? '';
    const enabled = item.enabled !== false;
    const submenu = Array.isArray(item.submenu) ? item.submenu : undefined;
    const opened = submenu !== undefined && open[0] === label;
    const classes = ['item', enabled ? '' : 'disabled', opened ? 'open' : ''].filter(Boolean).join(' ');
    return (
      `<div class="${classes}" role="menuitem" aria-disabled="${!enabled}" data-submenu="${submenu !== undefined}">` +
      `<span class="label">${escapeHtml(label)}</span>${submenu ? '<span class="arrow">›</span>' : ''}` +
      `${opened ? renderMenu(submenu, open.slice(1), `${menuPath}/${label}`) : ''}</div>`
    );
  });
  return `<div class="menu" role="menu" data-path="${escapeHtml(menuPath)}">${items.join('')}</div>`;
}

function renderPage(template: readonly MenuItemConstructorOptions[], title: string): string {
  const icon = `data:image/png;base64,${readFileSync(path.join(root, 'build', 'icons', 'png', '32x32.png')).toString('base64')}`;
  const desktop = (theme: 'light' | 'dark', open: readonly string[]) => `
    <section class="desktop ${theme}" data-theme="${theme}">
      <div class="bar"><span class="clock">Tue 14:32</span><span class="tray"><img src="${icon}" alt="">${escapeHtml(title)}</span></div>
      <div class="anchor">${renderMenu(template, open, theme)}</div>
    </section>`;
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    * { box-sizing: border-box; }
    body { margin: 0; display: flex; font: 13px/1.2 'Liberation Sans', 'DejaVu Sans', sans-serif; }
    .desktop { position: relative; width: 620px; height: 320px; overflow: hidden; }
    .light { background: linear-gradient(160deg, #c9d8e6, #e9eef2); --menu: #f6f6f6; --text: #1d1d1f; --muted: #9a9a9e; --line: #dcdcdf; --hi: #2f6fde; --hi-text: #fff; --border: rgba(0,0,0,.14); }
    .dark { background: linear-gradient(160deg, #0c2d44, #15181d); --menu: #2b2d31; --text: #ececef; --muted: #7d7f86; --line: #414349; --hi: #3b78e7; --hi-text: #fff; --border: rgba(255,255,255,.12); }
    .bar { height: 28px; display: flex; justify-content: space-between; align-items: center; padding: 0 12px; background: rgba(20,22,26,.82); color: #f2f2f2; font-weight: bold; }
    .tray { display: flex; align-items: center; gap: 6px; padding: 2px 8px; border-radius: 5px; background: rgba(255,255,255,.18); font-variant-numeric: tabular-nums; }
    .tray img { width: 18px; height: 18px; }
    .anchor { position: absolute; top: 32px; right: 12px; }
    .menu { min-width: 236px; padding: 5px 0; background: var(--menu); color: var(--text); border: 1px solid var(--border); border-radius: 8px; box-shadow: 0 10px 28px rgba(0,0,0,.28); }
    .item { position: relative; display: flex; justify-content: space-between; align-items: center; gap: 18px; padding: 4px 14px; margin: 0 5px; border-radius: 4px; white-space: nowrap; }
    .item.disabled { color: var(--muted); }
    .item.open { background: var(--hi); color: var(--hi-text); }
    .item.open > .menu { color: var(--text); }
    .arrow { font-size: 15px; line-height: 13px; }
    .item > .menu { position: absolute; right: calc(100% + 6px); top: -6px; min-width: 140px; }
    .label { white-space: pre; }
    .separator { height: 1px; margin: 5px 10px; background: var(--line); }
  </style></head><body>${desktop('light', ['Quick pull'])}${desktop('dark', ['Stacks', 'web  ● running'])}</body></html>`;
}

/** The items of the menu at `menuPath`, as rendered (its own items only, not those of an opened submenu). */
async function shownItems(page: Page, menuPath: string): Promise<ShownItem[]> {
  return page.locator(`.menu[data-path="${menuPath}"]`).evaluate((menu) =>
    [...menu.children].map((child) => ({
      label: child.classList.contains('separator') ? '' : (child.querySelector(':scope > .label')?.textContent ?? ''),
      enabled: !child.classList.contains('separator') && child.getAttribute('aria-disabled') === 'false',
      separator: child.classList.contains('separator'),
      submenu: child.getAttribute('data-submenu') === 'true',
    })),
  );
}

describe('the tray menu, pictured', () => {
  const template = toMenuTemplate(buildTrayMenu(state), () => undefined);
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchHeadlessChromium();
    page = await browser.newPage({ viewport: { width: 1240, height: 320 }, deviceScaleFactor: 1 });
    await page.setContent(renderPage(template, trayTitle(state.pulls) ?? ''));
    await page.locator('.tray img').first().evaluate((image: HTMLImageElement) => image.decode());
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is the menu the shell builds for two favourites, recents, a pull at 42% and two stacks', () => {
    expect(expectedItems(template).map((item) => item.label)).toEqual([
      '1 pull · 42%',
      'ghcr.io/acme/api:2.4 — 42%',
      '',
      'Quick pull',
      'Pull redis:7.2 from clipboard',
      'Stacks',
      '',
      'Open Stevedore',
      'Quit Stevedore',
    ]);
    expect(submenuOf(template, 'Quick pull').map((item) => item.label ?? '---')).toEqual([
      'Favourites',
      'nginx:1.27',
      'ghcr.io/acme/api:2.4',
      '---',
      'Recent',
      'postgres:16',
      'ghcr.io/acme/worker:2.4  (linux/arm64)',
      '127.0.0.1:5001/stevedore/small:1.0',
      'redis:7.2',
    ]);
    expect(submenuOf(template, 'Stacks').map((item) => item.label)).toEqual(['web  ● running', 'billing  ○ stopped']);
  });

  it('renders every item of every opened menu as the template has it, in light and in dark', async () => {
    for (const theme of ['light', 'dark'] as const) expect(await shownItems(page, theme), theme).toEqual(expectedItems(template));
    expect(await shownItems(page, 'light/Quick pull')).toEqual(expectedItems(submenuOf(template, 'Quick pull')));
    expect(await shownItems(page, 'dark/Stacks')).toEqual(expectedItems(submenuOf(template, 'Stacks')));
    expect(await shownItems(page, 'dark/Stacks/web  ● running')).toEqual(expectedItems(submenuOf(submenuOf(template, 'Stacks'), 'web  ● running')));
    expect(await page.locator('.tray').first().textContent()).toBe('1 pull · 42%');
  });

  it('saves the picture for the README, dark really dark and light really light', async () => {
    const luminance = (theme: string) =>
      page.locator(`.menu[data-path="${theme}"]`).evaluate((menu) => {
        const [r = 0, g = 0, b = 0] = getComputedStyle(menu).backgroundColor.match(/\d+/g)?.map(Number) ?? [];
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      });
    expect(await luminance('light')).toBeGreaterThan(0.9);
    expect(await luminance('dark')).toBeLessThan(0.25);

    mkdirSync(path.dirname(screenshotFile), { recursive: true });
    await page.screenshot({ path: screenshotFile, fullPage: true });
    const picture = PNG.sync.read(readFileSync(screenshotFile));
    expect({ width: picture.width, height: picture.height }).toEqual({ width: 1240, height: 320 });
  });
});
