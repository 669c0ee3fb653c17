/**
 * Memory over time. The core, in this process on the bench engine, through 1,000 pull/remove cycles and 200
 * deploy/down cycles; the renderer left on a log view following a 2,000 lines/s service for 10 minutes. Each side:
 * heap after a forced GC at the start (after a warm-up) and at the end must not grow by more than 5 MB, and what
 * was opened must be closed again — the core's active handles (sockets, timers, child processes) and file
 * descriptors, its log streams, and the page's JS event listeners.
 *
 * `--quick` runs a few cycles and 30 s: it checks the benchmark works, its figures say nothing about leaks.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startBenchBrowser } from '../lib/browser';
import type { BenchContext } from '../lib/context';
import { heapAfterGc, inPage, PAGE_METRICS_SCRIPT, pause } from '../lib/page-metrics';
import type { Row } from '../lib/report';
import { startLogFlood } from '../lib/scale-fixtures';
import { MEMORY_VARIANTS, seedVariants, writeVariantStack } from '../lib/seed';
import { round } from '../lib/stats';

export const HEAP_GROWTH_TARGET_MB = 5;
const PULL_CYCLES = 1000;
const DEPLOY_CYCLES = 200;
const LOG_VIEW_MINUTES = 10;
const NAV = 'nav[aria-label="Main"]';
const LOG_PANEL = '[data-testid="logs-panel"]';

/** Node's own GC, reachable without starting node with --expose-gc. */
function forcedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

interface CoreSnapshot {
  heapMb: number;
  handles: number;
  fds: number;
  logStreams: number;
}

function countRows(prefix: string, what: string, start: CoreSnapshot | { listeners: number }, end: CoreSnapshot | { listeners: number }, key: 'handles' | 'fds' | 'logStreams' | 'listeners'): Row {
  const before = (start as Record<string, number>)[key] ?? Number.NaN;
  const after = (end as Record<string, number>)[key] ?? Number.NaN;
  return { id: `${prefix}.${key}`, section: 'memory', label: `${what}: ${key === 'fds' ? 'open file descriptors' : key === 'logStreams' ? 'open log streams' : key === 'handles' ? 'active handles' : 'JS event listeners'} at the end minus at the start`, value: after - before, unit: '', target: 0, notes: [`${before} at the start, ${after} at the end`] };
}

export async function benchMemory(context: BenchContext): Promise<Row[]> {
  return [...(await coreRows(context)), ...(await rendererRows(context))];
}

async function coreRows(context: BenchContext): Promise<Row[]> {
  const quick = context.options.quick;
  const pullCycles = quick ? 20 : PULL_CYCLES;
  const deployCycles = quick ? 3 : DEPLOY_CYCLES;
  const app = await context.app();
  const gc = forcedGc();
  const snapshot = async (): Promise<CoreSnapshot> => {
    for (let round = 0; round < 3; round += 1) {
      gc();
      await pause(50);
    }
    const internal = process as unknown as { _getActiveHandles(): unknown[] };
    return { heapMb: process.memoryUsage().heapUsed / 2 ** 20, handles: internal._getActiveHandles().length, fds: readdirSync('/proc/self/fd').length, logStreams: app.stacks.logStreamCount() };
  };
  const [image] = (await seedVariants(context.bench, MEMORY_VARIANTS)).filter((seeded) => seeded.registry === 'anon');
  if (!image) throw new Error('no variant on the anonymous registry');
  const folder = mkdtempSync(path.join(tmpdir(), 'stevedore-bench-memory-'));
  const pullCycle = async () => {
    const final = await app.core.pulls.waitFor(app.core.pulls.start({ image: image.reference }).id);
    if (final.state !== 'done') throw new Error(`a pull in the cycles ended ${final.state}: ${final.error?.code ?? ''}`);
    await app.core.handlers['images.remove']({ id: final.imageId ?? image.reference, force: false });
  };
  try {
    context.log(`memory: core, ${pullCycles} pull/remove cycles`);
    for (let cycle = 0; cycle < 5; cycle += 1) await pullCycle();
    const pullStart = await snapshot();
    for (let cycle = 0; cycle < pullCycles; cycle += 1) {
      await pullCycle();
      if (cycle % 100 === 99) context.log(`memory: ${cycle + 1} pull cycles`);
    }
    const pullEnd = await snapshot();

    context.log(`memory: core, ${deployCycles} deploy/down cycles`);
    app.setComposeSource(writeVariantStack(folder, 'stevedore-bench-memory', [image], { keepRunning: true }));
    const opened = await app.stacks.open();
    if (!opened) throw new Error('the stack service did not open the memory benchmark compose file');
    const deployCycle = async () => {
      const final = await app.stacks.waitForDeploy((await app.stacks.deploy(opened.id)).id);
      if (final.state !== 'done') throw new Error(`a deploy in the cycles ended ${final.state}: ${final.error?.title ?? ''}`);
      const down = await app.stacks.down(opened.id, { volumes: false });
      const left = down.status.services.filter((service) => service.containers.length > 0);
      if (left.length > 0) throw new Error(`a down in the cycles left containers: ${left.map((service) => service.service).join(', ')}`);
    };
    try {
      for (let cycle = 0; cycle < 3; cycle += 1) await deployCycle();
      const deployStart = await snapshot();
      for (let cycle = 0; cycle < deployCycles; cycle += 1) {
        await deployCycle();
        if (cycle % 20 === 19) context.log(`memory: ${cycle + 1} deploy cycles`);
      }
      const deployEnd = await snapshot();
      return [
        heapRow('memory.core.pulls.heap', `core, ${pullCycles.toLocaleString('en')} pull/remove cycles: heap growth after GC`, pullStart.heapMb, pullEnd.heapMb),
        countRows('memory.core.pulls', 'core, pull cycles', pullStart, pullEnd, 'handles'),
        countRows('memory.core.pulls', 'core, pull cycles', pullStart, pullEnd, 'fds'),
        heapRow('memory.core.deploys.heap', `core, ${deployCycles} deploy/down cycles: heap growth after GC`, deployStart.heapMb, deployEnd.heapMb),
        countRows('memory.core.deploys', 'core, deploy cycles', deployStart, deployEnd, 'handles'),
        countRows('memory.core.deploys', 'core, deploy cycles', deployStart, deployEnd, 'fds'),
      ];
    } finally {
      await app.stacks.down(opened.id, { volumes: false }).catch(() => undefined);
      await app.stacks.delete(opened.id).catch(() => undefined);
    }
  } finally {
    await Promise.resolve(app.core.handlers['images.remove']({ id: image.reference, force: true })).catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
  }
}

function heapRow(id: string, label: string, startMb: number, endMb: number): Row {
  return { id, section: 'memory', label, value: round(endMb - startMb, 2), unit: 'MB', target: HEAP_GROWTH_TARGET_MB, notes: [`${round(startMb, 1)} MB at the start, ${round(endMb, 1)} MB at the end`] };
}

async function rendererRows(context: BenchContext): Promise<Row[]> {
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
        ].map((row) => (row.id.endsWith('.heap') ? { ...row, notes: [...(row.notes ?? []), `DOM nodes ${start.nodes} → ${end.nodes}`] } : row));
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
