import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { followServiceLogs, LOG_BATCH_MS, type LogLine } from '../../../main/core/stacks/logs';

/** One TTY container of service `web` whose followed log is `stream`. */
function engineWith(stream: PassThrough): Docker {
  return {
    listContainers: async () => [
      { Id: 'c'.repeat(64), Names: ['/shop-web-1'], Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' }, State: 'running', Status: 'Up', Ports: [], Created: 1 },
    ],
    getContainer: () => ({ inspect: async () => ({ Config: { Tty: true } }), logs: async () => stream }),
    modem: { demuxStream: () => undefined },
  } as unknown as Docker;
}

/** Lets streams and promises move on (real microtasks and nextTicks; timers are fake). */
async function settle(): Promise<void> {
  for (let round = 0; round < 20; round += 1) await Promise.resolve();
  await new Promise<void>((resolve) => process.nextTick(resolve));
  for (let round = 0; round < 20; round += 1) await Promise.resolve();
}

describe('followServiceLogs batching (a log flood is not one event per line)', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  it(`sends lines written one millisecond apart at most once per ${'~'}50 ms, every line once and in order`, async () => {
    const stream = new PassThrough();
    const batches: LogLine[][] = [];
    const follower = followServiceLogs({
      docker: () => engineWith(stream),
      onEngineEvent: () => () => undefined,
      project: 'shop',
      service: 'web',
      tail: 0,
      follow: true,
      onLines: (lines) => batches.push(lines),
      onEnd: () => undefined,
    });
    await settle();
    // 200 ms of a service printing 10 lines each millisecond.
    let written = 0;
    for (let ms = 0; ms < 200; ms += 1) {
      for (let line = 0; line < 10; line += 1) stream.write(`2026-01-01T10:00:00.${String(written).padStart(9, '0')}Z line ${written++}\n`);
      await settle();
      await vi.advanceTimersByTimeAsync(1);
    }
    await vi.advanceTimersByTimeAsync(LOG_BATCH_MS * 2);
    await settle();
    expect(LOG_BATCH_MS).toBeGreaterThanOrEqual(40);
    expect(batches.length).toBeLessThanOrEqual(200 / LOG_BATCH_MS + 2);
    expect(batches.flat().map((line) => line.text)).toEqual(Array.from({ length: written }, (_, index) => `line ${index}`));
    follower.stop();
  });
});
