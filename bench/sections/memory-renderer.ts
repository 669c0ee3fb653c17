/**
 * The memory section's renderer side (memory.ts), in a process of its own so the core's figures there are the
 * core's alone: the built renderer in headless Chromium through the preview (with its own core), left on a log view
 * following a 2,000 lines/s service for 10 minutes (30 s with --quick). Heap after a forced GC at its start and end,
 * the page's JS event listeners and the preview core's log streams before opening the view and after leaving it.
 *
 *   node --import tsx bench/sections/memory-renderer.ts --out=<rows.json> [--quick]
 *
 * Writes its rows as JSON to --out; logs like `npm run bench` on stderr. dist/ must be built (memory.ts sees to it).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireBench } from '../lib/bench-check';
import { startBenchBrowser } from '../lib/browser';
import type { BenchContext } from '../lib/context';
import { benchDocker } from '../lib/engine';
import { heapAfterGc, inPage, PAGE_METRICS_SCRIPT, pause } from '../lib/page-metrics';
import type { Row } from '../lib/report';
import { startLogFlood } from '../lib/scale-fixtures';
import { countRows, heapRow, withNote } from './memory';

const LOG_VIEW_MINUTES = 10;
const NAV = 'nav[aria-label="Main"]';
const LOG_PANEL = '[data-testid="logs-panel"]';

export async function rendererRows(context: BenchContext): Promise<Row[]> {
  const minutes = context.options.quick ? 0.5 : LOG_VIEW_MINUTES;
  const browser = await startBenchBrowser(context);
  try {
    const core = browser.preview.core;
    const flood = await startLogFlood(context.bench, core, 2000);
    try {
      const { context: pageContext, page } = await browser.newPage({ initScripts: [PAGE_METRICS_SCRIPT] });
      try {
        await page.goto(`${browser.preview.server.origin}/#/pull`);
        await inPage(page, `untilVisible(${JSON.stringify(NAV)}, 0, 60000)`);
        await pause(1000);
        const before = { ...(await heapAfterGc(page)), logStreams: core.stacks.logStreamCount() };
        await inPage(page, `navigate(${JSON.stringify(`#/stacks/${encodeURIComponent(flood.stackId)}`)}, ${JSON.stringify(LOG_PANEL)}, 30000)`);
        context.log(`memory: renderer on a following log view for ${minutes} min`);
        await pause(10_000);
        const start = await heapAfterGc(page);
        await pause(minutes * 60_000 - 10_000);
        const end = await heapAfterGc(page);
        await inPage(page, `navigate('#/pull', ${JSON.stringify(NAV)}, 30000)`);
        await pause(1000);
        const after = { ...(await heapAfterGc(page)), logStreams: core.stacks.logStreamCount() };
        return [
          heapRow('memory.renderer.logs.heap', `renderer following a 2,000 lines/s log for ${minutes} min: heap growth after GC`, start.heapBytes / 2 ** 20, end.heapBytes / 2 ** 20),
          { ...countRows('memory.renderer.logs', 'renderer, log view opened and left', before, after, 'listeners') },
          { ...countRows('memory.renderer.logs', 'core, log view opened and left', before, after, 'logStreams') },
        ].map((row) => (row.id.endsWith('.heap') ? withNote(row, `DOM nodes ${start.nodes} → ${end.nodes}`) : row));
      } finally {
        await pageContext.close();
      }
    } finally {
      await flood.remove();
    }
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const out = process.argv.find((arg) => arg.startsWith('--out='))?.slice('--out='.length);
  if (!out) throw new Error('usage: memory-renderer.ts --out=<rows.json> [--quick]');
  const bench = await requireBench();
  const startedMs = Date.now();
  const refuse = (what: string) => () => Promise.reject(new Error(`the renderer's process has no ${what}`));
  const context: BenchContext = {
    root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'),
    bench,
    options: { quick: process.argv.includes('--quick'), build: false, only: undefined },
    docker: benchDocker(bench),
    app: refuse('core of the benchmark'),
    cli: refuse('docker CLI'),
    built: () => Promise.resolve(),
    log: (message) => process.stderr.write(`[bench renderer +${Math.round((Date.now() - startedMs) / 1000)}s] ${message}\n`),
  };
  writeFileSync(out, JSON.stringify(await rendererRows(context)));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
