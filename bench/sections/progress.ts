/**
 * The progress pipeline from the engine's bytes to what the renderer receives: the pull stream reader, the
 * per-layer aggregation, the throttle, the view, the event schema and JSON serialisation — all of it the real
 * code, inside a real PullService. Only the engine is replaced, by a stream that replays a synthetic pull of
 * 20 layers with fine-grained Downloading/Extracting updates (a chatty engine: newer Docker and Podman send far
 * more updates than Docker 20.10).
 *
 * Three figures: CPU time (user + system) per 10,000 engine events with the stream delivered as fast as the
 * pipeline takes it; that time as a ratio to `JSON.parse` of the same lines alone, in turns in the same run (the
 * time moves with the machine's speed from run to run, the ratio only with work per event added to the pipeline:
 * README "Benchmarks"); and the events sent to the renderer per second while the same pull arrives at a steady
 * 20,000 events/s.
 */
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { createEventPublisher } from '../../main/core/ipc/events';
import { PullService } from '../../main/core/pull/service';
import { eventChannel } from '../../preload/api';
import type { BenchContext } from '../lib/context';
import type { Row } from '../lib/report';
import { median, round } from '../lib/stats';

const LAYERS = 20;
const LAYER_BYTES = 50_000_000;
const DOWNLOAD_UPDATES = 2000;
const EXTRACT_UPDATES = 500;
const PACED_EVENTS_PER_SECOND = 20_000;

/** Engine messages of one pull, in the order Docker sends them: three downloads at a time, extraction in layer order. */
export function syntheticPullLines(downloadUpdates = DOWNLOAD_UPDATES, extractUpdates = EXTRACT_UPDATES): string[] {
  const ids = Array.from({ length: LAYERS }, (_, index) => `layer${String(index).padStart(7, '0')}`);
  const lines: string[] = [JSON.stringify({ status: 'Pulling from bench/synthetic', id: '1.0' })];
  const line = (status: string, id: string, current?: number) =>
    lines.push(JSON.stringify(current === undefined ? { status, progressDetail: {}, id } : { status, progressDetail: { current, total: LAYER_BYTES }, id, progress: `[==>   ] ${current}/${LAYER_BYTES}` }));
  for (const id of ids) line('Pulling fs layer', id);
  for (const id of ids.slice(3)) line('Waiting', id);
  for (let group = 0; group < LAYERS; group += 3) {
    const active = ids.slice(group, group + 3);
    for (let step = 1; step <= downloadUpdates; step += 1) {
      for (const id of active) line('Downloading', id, Math.round((LAYER_BYTES * step) / downloadUpdates));
    }
    for (const id of active) {
      line('Verifying Checksum', id);
      line('Download complete', id);
    }
  }
  for (const id of ids) {
    for (let step = 1; step <= extractUpdates; step += 1) line('Extracting', id, Math.round((LAYER_BYTES * step) / extractUpdates));
    line('Pull complete', id);
  }
  lines.push(JSON.stringify({ status: `Digest: sha256:${'a'.repeat(64)}` }));
  lines.push(JSON.stringify({ status: 'Status: Downloaded newer image for bench/synthetic:1.0' }));
  return lines;
}

/** A stand-in engine whose pull answers with `stream()`; everything after it is Stevedore's. */
function replayingDocker(stream: () => Readable): Docker {
  const fake = {
    pull: async () => stream(),
    getImage: () => ({ inspect: async () => ({ Id: `sha256:${'b'.repeat(64)}`, Size: LAYERS * LAYER_BYTES, RepoDigests: [] }) }),
  };
  return fake as unknown as Docker;
}

/** The engine's chunking: many lines per read, lines torn across reads. */
function chunked(lines: readonly string[], chunkBytes = 16 * 1024): Buffer[] {
  const whole = Buffer.from(`${lines.join('\n')}\n`);
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < whole.length; offset += chunkBytes) chunks.push(whole.subarray(offset, offset + chunkBytes));
  return chunks;
}

/** CPU time of parsing every line once, as the stream reader does: the floor of any pipeline over this stream. */
function parseCpuMs(lines: readonly string[]): number {
  const before = process.cpuUsage();
  for (const line of lines) JSON.parse(line);
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / 1000;
}

interface PipelineRun {
  cpuMs: number;
  wallMs: number;
  sent: number;
}

async function runPipeline(stream: () => Readable): Promise<PipelineRun> {
  let sent = 0;
  const channel = eventChannel('pulls.progress');
  const publisher = createEventPublisher(() => [
    {
      send(name, payload) {
        if (name === channel) sent += 1;
        JSON.stringify(payload);
      },
    },
  ]);
  const service = new PullService({
    docker: () => replayingDocker(stream),
    resolve: async () => ({ explanation: { source: 'anonymous', summary: 'Anonymous (benchmark).', reason: 'Anonymous (benchmark).' } }),
    maxConcurrent: () => 3,
  });
  service.onProgress((view) => publisher.publish('pulls.progress', view));
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  const final = await service.waitFor(service.start({ image: 'bench.invalid/synthetic:1.0' }).id);
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  if (final.state !== 'done') throw new Error(`the replayed pull ended ${final.state}: ${final.error?.detail}`);
  return { cpuMs: (cpu.user + cpu.system) / 1000, wallMs, sent };
}

export async function benchProgressPipeline(context: BenchContext): Promise<Row[]> {
  const lines = syntheticPullLines();
  const events = lines.length;
  const chunks = chunked(lines);
  const fast = () => Readable.from(chunks, { objectMode: false });

  await runPipeline(fast); // JIT warm-up
  parseCpuMs(lines);
  const runs: PipelineRun[] = [];
  const parseRuns: number[] = [];
  for (let index = 0; index < (context.options.quick ? 2 : 7); index += 1) {
    parseRuns.push(parseCpuMs(lines));
    runs.push(await runPipeline(fast));
  }
  const cpuPer10k = runs.map((run) => (run.cpuMs * 10_000) / events);
  const parsePer10k = parseRuns.map((cpuMs) => (cpuMs * 10_000) / events);

  context.log(`progress: paced replay at ${PACED_EVENTS_PER_SECOND} events/s`);
  // Every 10 ms the next 1/100 s worth of lines: a steady flow, like a fast registry's.
  const perTick = PACED_EVENTS_PER_SECOND / 100;
  const ticks: Buffer[] = [];
  for (let offset = 0; offset < lines.length; offset += perTick) ticks.push(Buffer.from(`${lines.slice(offset, offset + perTick).join('\n')}\n`));
  const pacedRun = await runPipeline(() => {
    let next = 0;
    return new Readable({
      read() {
        setTimeout(() => this.push(next < ticks.length ? ticks[next++] : null), 10);
      },
    });
  });

  return [
    {
      id: 'progress.cpu-per-10k',
      section: 'progress',
      label: `CPU time per 10,000 engine events (${events.toLocaleString('en')}-event pull, unthrottled input)`,
      value: round(median(cpuPer10k), 2),
      unit: 'ms',
      samples: { cpuMsPer10k: cpuPer10k.map((value) => round(value, 2)), eventsPerRenderedUpdate: runs.map((run) => round(events / Math.max(1, run.sent), 0)) },
      notes: [`${round(median(runs.map((run) => (events * 1000) / run.wallMs)) / 1000, 0)}k engine events/s through the whole pipeline on one core`],
    },
    {
      id: 'progress.cpu-vs-parse',
      section: 'progress',
      label: 'CPU time of the pipeline ÷ JSON.parse of the same lines alone (medians, in turns in the same run)',
      value: round(median(cpuPer10k) / median(parsePer10k), 2),
      unit: '×',
      comparison: { app: round(median(cpuPer10k), 2), reference: round(median(parsePer10k), 2), referenceName: 'JSON.parse alone', unit: 'ms' },
      samples: { parseCpuMsPer10k: parsePer10k.map((value) => round(value, 2)) },
      notes: ['CPU per 10,000 engine events; the engine\'s lines are parsed whatever the app does, so what is above 1× is the pipeline\'s own work per event'],
    },
    {
      id: 'progress.events-per-second.paced',
      section: 'progress',
      label: `pulls.progress events to the renderer per second (engine sending ${PACED_EVENTS_PER_SECOND.toLocaleString('en')}/s)`,
      value: round((pacedRun.sent * 1000) / pacedRun.wallMs, 1),
      unit: '/s',
      target: 11,
      samples: { sent: [pacedRun.sent], wallMs: [round(pacedRun.wallMs, 0)], cpuMs: [round(pacedRun.cpuMs, 1)] },
      notes: ['pulls.md: at most ~10 updates a second per pull, and always the final state'],
    },
  ];
}
