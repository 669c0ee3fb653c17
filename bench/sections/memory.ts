/**
 * Memory over time. The core, in this process on the bench engine, through 1,000 pull/remove cycles and 200
 * deploy/down cycles; the renderer left on a log view following a 2,000 lines/s service for 10 minutes. Each side:
 * heap after a forced GC at the start (after a warm-up) and at the end must not grow by more than 5 MB, and what
 * was opened must be closed again — the core's active handles (sockets, timers, child processes) and file
 * descriptors, its log streams, and the page's JS event listeners.
 *
 * The renderer's 10 minutes run alongside the core's pull cycles, not after them: the figures are amounts (bytes,
 * counts), not times, so running both at once changes none of them and saves 10 minutes of a full run. The preview
 * server and Chromium run in a process of their own (memory-renderer.ts), so the core's heap, handles and file
 * descriptors are this process's alone; that child starts after the core's first snapshot and has exited before its
 * last. (In this process, a first try left 5 handles and 6 descriptors of the preview's behind in the core's count.)
 *
 * `--quick` runs a few cycles and 30 s: it checks the benchmark works, its figures say nothing about leaks.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { BenchContext } from '../lib/context';
import { pause } from '../lib/page-metrics';
import type { Row } from '../lib/report';
import { MEMORY_VARIANTS, seedVariants, writeVariantStack } from '../lib/seed';
import { round } from '../lib/stats';

export const HEAP_GROWTH_TARGET_MB = 5;
const PULL_CYCLES = 1000;
const DEPLOY_CYCLES = 200;
/**
 * Longer than the core's debounce (1 s at most) plus one listing of the engine under load, and than the time an idle
 * connection stays in Node's global HTTP agent (dockerode's requests to the engine use it; Node 20 keeps them alive
 * 5 s): at exactly 5 s a snapshot could count a socket the agent still held idle, and a full run read one descriptor
 * "left over" after 1,000 pull cycles (session 11: quick runs with the socket list printed showed a socket there at
 * one snapshot and another at the next with 5 s, the same three sockets at every snapshot with 7 s).
 */
const SETTLE_MS = 2000 + Math.max(3000, (http.globalAgent as unknown as { options: { timeout?: number } }).options.timeout ?? 0);

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

export function countRows(prefix: string, what: string, start: CoreSnapshot | { listeners: number }, end: CoreSnapshot | { listeners: number }, key: 'handles' | 'fds' | 'logStreams' | 'listeners'): Row {
  const before = (start as Record<string, number>)[key] ?? Number.NaN;
  const after = (end as Record<string, number>)[key] ?? Number.NaN;
  return { id: `${prefix}.${key}`, section: 'memory', label: `${what}: ${key === 'fds' ? 'open file descriptors' : key === 'logStreams' ? 'open log streams' : key === 'handles' ? 'active handles' : 'JS event listeners'} at the end minus at the start`, value: after - before, unit: '', target: 0, notes: [`${before} at the start, ${after} at the end`] };
}

export async function benchMemory(context: BenchContext): Promise<Row[]> {
  await context.built();
  return coreRows(context, async () => {
    try {
      return await rendererRowsInChild(context);
    } catch (error) {
      // The core's figures still count; the renderer's missing one shows as not met, with why.
      context.log(`memory: renderer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return [{ id: 'memory.renderer.failed', section: 'memory', label: 'renderer on a following log view', value: Number.NaN, unit: 'MB', target: HEAP_GROWTH_TARGET_MB, notes: [`FAILED: ${error instanceof Error ? error.message : String(error)}`] }];
    }
  });
}

/** The renderer's figures from a process of their own (memory-renderer.ts), so the core's stay the core's alone. */
async function rendererRowsInChild(context: BenchContext): Promise<Row[]> {
  const folder = mkdtempSync(path.join(tmpdir(), 'stevedore-bench-memory-renderer-'));
  const out = path.join(folder, 'rows.json');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(context.root, 'bench/sections/memory-renderer.ts'), `--out=${out}`, ...(context.options.quick ? ['--quick'] : [])], { cwd: context.root, stdio: ['ignore', 'inherit', 'inherit'] });
      child.on('error', reject);
      child.on('exit', resolve);
    });
    if (code !== 0) throw new Error(`the renderer's process exited with ${code} (its log above says why)`);
    return JSON.parse(readFileSync(out, 'utf8')) as Row[];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The core's cycles; `alongside` (the renderer's log view) runs during the pull cycles, between their snapshots. */
async function coreRows(context: BenchContext, alongside: () => Promise<Row[]>): Promise<Row[]> {
  const quick = context.options.quick;
  const pullCycles = quick ? 20 : PULL_CYCLES;
  const deployCycles = quick ? 3 : DEPLOY_CYCLES;
  const app = await context.app();
  const gc = forcedGc();
  const snapshot = async (): Promise<CoreSnapshot> => {
    // The engine's events from the last cycle make the core list the engine once more (engine-lists.ts: 250 ms
    // quiet, 1 s at most, then the listing itself, seconds at 2,000 images under load): a snapshot taken before or
    // during that listing holds it or not by chance (~12 MB at 2,000 images in a quick run). Let it finish first.
    await pause(SETTLE_MS);
    for (let round = 0; round < 3; round += 1) {
      gc();
      await pause(50);
    }
    const internal = process as unknown as { _getActiveHandles(): unknown[] };
    return { heapMb: process.memoryUsage().heapUsed / 2 ** 20, handles: internal._getActiveHandles().length, fds: readdirSync('/proc/self/fd').length, logStreams: app.stacks.logStreamCount() };
  };
  // Every pull and removal makes the core list the engine's images again (engine-lists.ts): their number is part of a cycle's cost.
  const engineImages = (await context.docker.listImages()).length;
  const [image] = (await seedVariants(context.bench, MEMORY_VARIANTS)).filter((seeded) => seeded.registry === 'anon');
  if (!image) throw new Error('no variant on the anonymous registry');
  const folder = mkdtempSync(path.join(tmpdir(), 'stevedore-bench-memory-'));
  const pullCycle = async () => {
    const final = await app.core.pulls.waitFor(app.core.pulls.start({ image: image.reference }).id);
    if (final.state !== 'done') throw new Error(`a pull in the cycles ended ${final.state}: ${final.error?.code ?? ''}`);
    await app.core.handlers['images.remove']({ id: final.imageId ?? image.reference, force: false });
  };
  try {
    context.log(`memory: core, ${pullCycles} pull/remove cycles, the renderer's log view alongside`);
    for (let cycle = 0; cycle < 5; cycle += 1) await pullCycle();
    const pullStart = await snapshot();
    const pullStartedMs = Date.now();
    const renderer = alongside();
    let rendererRowsDone: Row[];
    let pullCycleMs = Number.NaN;
    try {
      for (let cycle = 0; cycle < pullCycles; cycle += 1) {
        await pullCycle();
        if (cycle % 100 === 99) context.log(`memory: ${cycle + 1} pull cycles, ${round((Date.now() - pullStartedMs) / (cycle + 1), 0)} ms each`);
      }
      pullCycleMs = (Date.now() - pullStartedMs) / pullCycles;
    } finally {
      // Closed before the last snapshot whatever happened: it lives in this process.
      rendererRowsDone = await renderer;
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
      const deployStartedMs = Date.now();
      for (let cycle = 0; cycle < deployCycles; cycle += 1) {
        await deployCycle();
        if (cycle % 20 === 19) context.log(`memory: ${cycle + 1} deploy cycles, ${round((Date.now() - deployStartedMs) / (cycle + 1), 0)} ms each`);
      }
      const deployEnd = await snapshot();
      const deployCycleMs = (Date.now() - deployStartedMs) / deployCycles;
      return [
        withNote(heapRow('memory.core.pulls.heap', `core, ${pullCycles.toLocaleString('en')} pull/remove cycles: heap growth after GC`, pullStart.heapMb, pullEnd.heapMb), `about ${round(pullCycleMs, 0)} ms a cycle, the renderer's log view running alongside; ${engineImages} images in the engine at the start`),
        countRows('memory.core.pulls', 'core, pull cycles', pullStart, pullEnd, 'handles'),
        countRows('memory.core.pulls', 'core, pull cycles', pullStart, pullEnd, 'fds'),
        withNote(heapRow('memory.core.deploys.heap', `core, ${deployCycles} deploy/down cycles: heap growth after GC`, deployStart.heapMb, deployEnd.heapMb), `about ${round(deployCycleMs, 0)} ms a cycle`),
        countRows('memory.core.deploys', 'core, deploy cycles', deployStart, deployEnd, 'handles'),
        countRows('memory.core.deploys', 'core, deploy cycles', deployStart, deployEnd, 'fds'),
        ...rendererRowsDone,
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

export function withNote(row: Row, note: string): Row {
  return { ...row, notes: [...(row.notes ?? []), note] };
}

export function heapRow(id: string, label: string, startMb: number, endMb: number): Row {
  return { id, section: 'memory', label, value: round(endMb - startMb, 2), unit: 'MB', target: HEAP_GROWTH_TARGET_MB, notes: [`${round(startMb, 1)} MB at the start, ${round(endMb, 1)} MB at the end`] };
}
