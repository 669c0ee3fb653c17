/**
 * The built renderer: its JavaScript gzipped (what a user's window loads), and the time from navigation to the
 * app shell's navigation being visible, in headless Chromium, served by the real preview server with the real
 * core behind it. Every load uses a fresh browser context (no cache), and the time is read inside the page
 * (`performance.now()` at the first DOM change or animation frame at which the nav is visible and has a size), so
 * Playwright's own round trips are not counted.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { startBenchBrowser } from '../lib/browser';
import type { BenchContext } from '../lib/context';
import type { Row } from '../lib/report';
import { median, round } from '../lib/stats';

const NAV_SELECTOR = 'nav[aria-label="Main"]';

/**
 * Runs in the page before the app: records `performance.now()` when the nav is first visible with a size, checked
 * on every DOM change and every frame (the nav may exist before the styles give it a size). Plain text, not a
 * function: tsx's transform would put helpers the page does not have into a serialised function.
 */
const NAV_WATCH_SCRIPT = `(() => {
  const check = () => {
    if (window.__navVisibleAt !== undefined) return;
    const nav = document.querySelector(${JSON.stringify(NAV_SELECTOR)});
    if (!nav || !nav.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return;
    const box = nav.getBoundingClientRect();
    if (box.width > 0 && box.height > 0) window.__navVisibleAt = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
  const everyFrame = () => {
    check();
    if (window.__navVisibleAt === undefined) requestAnimationFrame(everyFrame);
  };
  requestAnimationFrame(everyFrame);
})();`;

export async function benchRenderer(context: BenchContext): Promise<Row[]> {
  await context.built();
  const rendererDir = path.join(context.root, 'dist/renderer');
  return [...sizeRows(rendererDir), await firstRenderRow(context)];
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

function sizeRows(rendererDir: string): Row[] {
  const files = filesUnder(rendererDir);
  const measure = (extension: string) => {
    const matching = files.filter((file) => file.endsWith(extension));
    return {
      files: matching.length,
      raw: matching.reduce((sum, file) => sum + statSync(file).size, 0),
      gzipped: matching.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0),
    };
  };
  const js = measure('.js');
  const css = measure('.css');
  if (js.files === 0) throw new Error(`no JavaScript in ${rendererDir}: run npm run build`);
  return [
    {
      id: 'renderer.js-gzip',
      section: 'renderer',
      label: `JavaScript, gzipped (${js.files} file${js.files === 1 ? '' : 's'})`,
      value: round(js.gzipped / 1024, 1),
      unit: 'KiB',
      samples: { rawBytes: [js.raw], gzippedBytes: [js.gzipped], cssRawBytes: [css.raw], cssGzippedBytes: [css.gzipped] },
      notes: [`${round(js.raw / 1024, 1)} KiB before compression; CSS ${round(css.gzipped / 1024, 1)} KiB gzipped (gzip -9)`],
    },
  ];
}

async function firstRenderRow(context: BenchContext): Promise<Row> {
  const loads = context.options.quick ? 3 : 15;
  const started = await startBenchBrowser(context);
  const times: number[] = [];
  try {
    for (let load = 0; load <= loads; load += 1) {
      const { context: pageContext, page } = await started.newPage({ initScripts: [NAV_WATCH_SCRIPT] });
      await page.goto(`${started.preview.server.origin}/`);
      await page.locator(NAV_SELECTOR).waitFor({ state: 'visible', timeout: 30_000 });
      // Polled with evaluate: waitForFunction compiles its predicate in the page, which the app's CSP forbids.
      let at: number | undefined;
      for (let poll = 0; poll < 200 && at === undefined; poll += 1) {
        at = await page.evaluate(() => (window as unknown as { __navVisibleAt?: number }).__navVisibleAt);
        if (at === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await pageContext.close();
      if (at === undefined) throw new Error('the nav became visible without the page noticing');
      // The first load warms the server's files and Chromium's process; it is not counted.
      if (load > 0) times.push(at);
    }
  } finally {
    await started.close();
  }
  return {
    id: 'renderer.first-render',
    section: 'renderer',
    label: `time to first render (nav visible), headless Chromium, median of ${loads}`,
    value: round(median(times), 1),
    unit: 'ms',
    samples: { ms: times.map((ms) => round(ms, 1)) },
    notes: [`from navigation start, served by the preview server on loopback; fastest ${round(Math.min(...times), 1)} ms, slowest ${round(Math.max(...times), 1)} ms`],
  };
}
