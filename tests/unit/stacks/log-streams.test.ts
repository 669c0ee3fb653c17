/**
 * Log streams belong to the view that opened them: when that window or preview socket goes away, its streams end
 * (and only its), without any cap evicting streams of views still open.
 */
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { StackLogBatch } from '../../../preload/api';
import { LogStreams } from '../../../main/core/stacks/log-streams';

/** An engine with one container of service `web`; every logs request gets a stream that stays open, as with follow. */
function engine() {
  const streams: PassThrough[] = [];
  const docker = {
    listContainers: async () => [{ Id: 'c'.repeat(64), Names: ['/shop-web-1'], Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' }, State: 'running', Status: 'Up', Ports: [], Created: 1 }],
    getContainer: () => ({
      inspect: async () => ({ Config: { Tty: true } }),
      logs: async () => {
        const stream = new PassThrough();
        streams.push(stream);
        return stream;
      },
    }),
    modem: { demuxStream: () => undefined },
  } as unknown as Docker;
  return { docker, streams };
}

function start() {
  const fake = engine();
  const batches: StackLogBatch[] = [];
  const logs = new LogStreams({ docker: () => fake.docker, onEngineEvent: () => () => undefined, emit: (batch) => batches.push(batch) });
  return { logs, batches, fake };
}

describe('log streams tied to the view that opened them', () => {
  it('ends every stream of a window that went away, and only those', () => {
    const { logs } = start();
    const first = logs.follow('window-1', 'shop', 'web', { tail: 10, follow: true });
    logs.follow('window-1', 'shop', 'web', { tail: 10, follow: true });
    const other = logs.follow('socket-7', 'shop', 'web', { tail: 10, follow: true });
    expect(logs.count('window-1')).toBe(2);

    expect(logs.endOwner('window-1')).toBe(2);
    expect(logs.count('window-1')).toBe(0);
    expect(logs.count()).toBe(1);
    expect(logs.stop(first)).toBe(false);
    expect(logs.stop(other)).toBe(true);
  });

  it('keeps streams of open views however many there are (no cap evicts them)', () => {
    const { logs } = start();
    const ids = Array.from({ length: 40 }, () => logs.follow('window-1', 'shop', 'web', { tail: 0, follow: true }));
    expect(logs.count('window-1')).toBe(40);
    expect(ids.every((id) => logs.stop(id, 'window-1'))).toBe(true);
  });

  it('lets only the owner stop a stream', () => {
    const { logs } = start();
    const id = logs.follow('window-1', 'shop', 'web', { tail: 0, follow: true });
    expect(logs.stop(id, 'socket-7')).toBe(false);
    expect(logs.count()).toBe(1);
    expect(logs.stop(id, 'window-1')).toBe(true);
  });
});
