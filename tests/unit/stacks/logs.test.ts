import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../main/core/engine/connection';
import { followServiceLogs, type LogLine } from '../../../main/core/stacks/logs';

const ID = 'c'.repeat(64);
const LABELS = { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web', name: 'shop-web-1' };

/**
 * An engine with one container of service `web` whose log already holds `history`. Every `logs` request answers
 * with a TTY stream that replays the log from `since` (or all of it), then stays open like `follow` does.
 * `inspect` waits for `releaseInspect`, so a test can decide what happens while a stream is being opened.
 */
function fakeEngine(history: { time: string; text: string }[]) {
  const streams: PassThrough[] = [];
  const logRequests: Record<string, unknown>[] = [];
  let releaseInspect!: () => void;
  const inspected = new Promise<void>((resolve) => (releaseInspect = resolve));
  let inspectCalls = 0;
  let onInspect: (() => void) | undefined;
  const docker = {
    listContainers: async () => [
      { Id: ID, Names: ['/shop-web-1'], Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' }, State: 'created', Status: 'Created', Ports: [], Created: 1 },
    ],
    getContainer: () => ({
      inspect: async () => {
        inspectCalls += 1;
        onInspect?.();
        await inspected;
        return { Config: { Tty: true } };
      },
      logs: async (request: Record<string, unknown>) => {
        logRequests.push(request);
        const since = typeof request.since === 'number' ? request.since : 0;
        const stream = new PassThrough();
        for (const line of history) if (Date.parse(line.time) / 1000 >= since) stream.write(`${line.time} ${line.text}\n`);
        streams.push(stream);
        return stream;
      },
    }),
    modem: { demuxStream: () => undefined },
  } as unknown as Docker;
  let engineListener: ((event: EngineEvent) => void) | undefined;
  return {
    docker,
    streams,
    logRequests,
    releaseInspect: () => releaseInspect(),
    inspectCalls: () => inspectCalls,
    whenInspecting: (callback: () => void) => (onInspect = callback),
    onEngineEvent: (listener: (event: EngineEvent) => void) => {
      engineListener = listener;
      return () => (engineListener = undefined);
    },
    emitStart: (time: number) => engineListener?.({ Type: 'container', Action: 'start', Actor: { ID, Attributes: LABELS }, time }),
  };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

async function settle(): Promise<void> {
  for (let round = 0; round < 10; round += 1) await tick();
}

describe('followServiceLogs', () => {
  it('shows each line once when the container starts while its log is being opened', async () => {
    // A deploy creates the container, the page opens its log, and the container starts before the log is open.
    const engine = fakeEngine([
      { time: '2026-01-01T10:00:00.100000000Z', text: 'line 1' },
      { time: '2026-01-01T10:00:01.100000000Z', text: 'line 2' },
    ]);
    const received: LogLine[] = [];
    engine.whenInspecting(() => engine.emitStart(Date.parse('2026-01-01T10:00:00Z') / 1000));
    const follower = followServiceLogs({
      docker: () => engine.docker,
      onEngineEvent: engine.onEngineEvent,
      project: 'shop',
      service: 'web',
      tail: 200,
      follow: true,
      onLines: (lines) => received.push(...lines),
      onEnd: () => undefined,
    });
    await settle();
    engine.releaseInspect();
    await settle();
    expect(received.map((line) => line.text)).toEqual(['line 1', 'line 2']);
    follower.stop();
  });

  it('after a restart, reads on from the last line shown without repeating it', async () => {
    const engine = fakeEngine([
      { time: '2026-01-01T10:00:00.100000000Z', text: 'line 1' },
      { time: '2026-01-01T10:00:05.250000000Z', text: 'line 2' },
    ]);
    engine.releaseInspect();
    const received: LogLine[] = [];
    const follower = followServiceLogs({
      docker: () => engine.docker,
      onEngineEvent: engine.onEngineEvent,
      project: 'shop',
      service: 'web',
      tail: 200,
      follow: true,
      onLines: (lines) => received.push(...lines),
      onEnd: () => undefined,
    });
    await settle();
    expect(received.map((line) => line.text)).toEqual(['line 1', 'line 2']);
    // The container stops (its stream ends) and starts again in the same second as its last line.
    engine.streams[0]?.end();
    await settle();
    engine.emitStart(Date.parse('2026-01-01T10:00:05Z') / 1000);
    await settle();
    expect(engine.logRequests).toHaveLength(2);
    engine.streams[1]?.write('2026-01-01T10:00:06.000000000Z line 3\n');
    await settle();
    // Lines close behind the last batch wait for the next one (LOG_BATCH_MS); stopping hands them over at once.
    follower.stop();
    expect(received.map((line) => line.text)).toEqual(['line 1', 'line 2', 'line 3']);
  });
});

describe('followServiceLogs resuming a view (the preview connection came back)', () => {
  it('sends only the lines after the last one the view shows per container, however many there are', async () => {
    const engine = fakeEngine([
      { time: '2026-01-01T10:00:00.100000000Z', text: 'line 1' },
      { time: '2026-01-01T10:00:01.100000000Z', text: 'line 2' },
      { time: '2026-01-01T10:00:01.5Z', text: 'line 3' },
      { time: '2026-01-01T10:00:02.1Z', text: 'line 4' },
    ]);
    engine.releaseInspect();
    const received: LogLine[] = [];
    const follower = followServiceLogs({
      docker: () => engine.docker,
      onEngineEvent: engine.onEngineEvent,
      project: 'shop',
      service: 'web',
      tail: 1,
      follow: true,
      after: [{ container: 'shop-web-1', time: '2026-01-01T10:00:01.1Z' }],
      onLines: (lines) => received.push(...lines),
      onEnd: () => undefined,
    });
    await settle();
    // Lines written while the view was away are all sent (no tail), the ones it shows are not sent again.
    expect(received.map((line) => line.text)).toEqual(['line 3', 'line 4']);
    expect(engine.logRequests[0]).toMatchObject({ since: Date.parse('2026-01-01T10:00:01Z') / 1000 });
    expect(engine.logRequests[0]).not.toHaveProperty('tail');
    follower.stop();
  });
});
