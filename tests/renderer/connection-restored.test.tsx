/**
 * The preview's socket dropped and is open again (`connection.restored`, raised by the WebSocket transport): events
 * of the gap were lost and main ended the page's log streams, so live stores ask again and an open log view follows
 * again from the last line it shows, each line once; a log view that cannot follow again says so.
 */
import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallName, CallRequest, RegistryView, StackLogBatch, StevedoreBridge } from '../../preload/api';
import { useLiveValue } from '../../renderer/bridge';
import { useLogStream } from '../../renderer/stacks/useLogStream';
import { startWorld } from './harness';

/** Wraps the world's bridge: while offline no event reaches the page; `restore()` raises connection.restored. */
function withDroppableConnection(real: StevedoreBridge) {
  let offline = false;
  const restoredListeners = new Set<() => void>();
  const bridge: StevedoreBridge = {
    invoke: (name, request) => real.invoke(name, request),
    on: (name, listener) => {
      if (name === 'connection.restored') {
        const restored = () => (listener as (payload: object) => void)({});
        restoredListeners.add(restored);
        return () => restoredListeners.delete(restored);
      }
      return real.on(name, (payload) => {
        if (!offline) listener(payload);
      });
    },
  };
  (window as { stevedore?: StevedoreBridge }).stevedore = bridge;
  return {
    drop: () => (offline = true),
    restore: () => {
      offline = false;
      for (const listener of restoredListeners) listener();
    },
  };
}

function RegistryNames() {
  const registries = useLiveValue('registries.list', 'registries.changed');
  if (registries.status !== 'live') return <p>{registries.status}</p>;
  return <ul aria-label="registries">{registries.value.map((registry: RegistryView) => <li key={registry.id}>{registry.name}</li>)}</ul>;
}

afterEach(() => {
  delete (window as { stevedore?: StevedoreBridge }).stevedore;
});

describe('after the preview connection came back', () => {
  it('a live store asks main again, so a change made during the gap shows', async () => {
    const world = startWorld();
    const connection = withDroppableConnection(world.bridge);
    await world.core.registries.add({ name: 'First', address: 'one.example.com', patterns: [], isDefault: false });
    render(<RegistryNames />);
    await waitFor(() => expect(screen.getByRole('list', { name: 'registries' }).textContent).toBe('First'));
    connection.drop();
    await act(async () => {
      await world.core.registries.add({ name: 'Second', address: 'two.example.com', patterns: [], isDefault: false });
    });
    expect(screen.getByRole('list', { name: 'registries' }).textContent).toBe('First');
    act(() => connection.restore());
    await waitFor(() => expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['First', 'Second']));
  });
});

/** A bridge for the log calls: records each stacks.logs.follow request and answers with the next stream id. */
function logBridge(answers: Array<'ok' | 'fail'>) {
  const follows: Array<CallRequest<'stacks.logs.follow'>> = [];
  let logListener: ((batch: StackLogBatch) => void) | undefined;
  const restoredListeners = new Set<() => void>();
  const bridge = {
    invoke: async (name: CallName, request: unknown) => {
      if (name !== 'stacks.logs.follow') return { ok: true, value: { stopped: true } };
      follows.push(request as CallRequest<'stacks.logs.follow'>);
      if (answers[follows.length - 1] === 'fail') return { ok: false, error: { code: 'ENGINE_UNREACHABLE', message: 'The engine did not answer.' } };
      return { ok: true, value: { streamId: `stream-${follows.length}` } };
    },
    on: (name: string, listener: (payload: never) => void) => {
      if (name === 'connection.restored') {
        const restored = () => listener({} as never);
        restoredListeners.add(restored);
        return () => restoredListeners.delete(restored);
      }
      logListener = listener as (batch: StackLogBatch) => void;
      return () => (logListener = undefined);
    },
  } as unknown as StevedoreBridge;
  (window as { stevedore?: StevedoreBridge }).stevedore = bridge;
  return {
    follows,
    send: (batch: StackLogBatch) => logListener?.(batch),
    restore: () => restoredListeners.forEach((listener) => listener()),
  };
}

const request = { stackId: 'shop', service: 'web', tail: 100, follow: true };
const settle = () => act(async () => new Promise<void>((resolve) => setTimeout(resolve, 30)));

describe('an open log view after the preview connection came back', () => {
  it('follows again from the last line it shows per container, and shows the new stream’s lines once', async () => {
    const bridge = logBridge(['ok', 'ok']);
    const { result } = renderHook(() => useLogStream(request));
    await settle();
    bridge.send({ streamId: 'stream-1', lines: [
      { container: 'shop-web-1', stream: 'stdout', text: 'one', time: '2026-01-01T10:00:01.1Z' },
      { container: 'shop-web-2', stream: 'stdout', text: 'two', time: '2026-01-01T10:00:02.2Z' },
      { container: 'shop-web-1', stream: 'stdout', text: 'three', time: '2026-01-01T10:00:03.3Z' },
    ] });
    await settle();
    act(() => bridge.restore());
    await settle();
    expect(bridge.follows).toHaveLength(2);
    expect(bridge.follows[1]).toEqual({
      id: 'shop',
      service: 'web',
      tail: 100,
      follow: true,
      after: [
        { container: 'shop-web-1', time: '2026-01-01T10:00:03.3Z' },
        { container: 'shop-web-2', time: '2026-01-01T10:00:02.2Z' },
      ],
    });
    bridge.send({ streamId: 'stream-2', lines: [{ container: 'shop-web-1', stream: 'stdout', text: 'four', time: '2026-01-01T10:00:04.4Z' }] });
    await settle();
    expect(Array.from({ length: result.current.lines.length }, (_, index) => result.current.lines.at(index)?.text)).toEqual(['one', 'two', 'three', 'four']);
    expect(result.current.ended).toBe(false);
  });

  it('says so when it cannot follow again', async () => {
    const bridge = logBridge(['ok', 'fail']);
    const { result } = renderHook(() => useLogStream(request));
    await settle();
    bridge.send({ streamId: 'stream-1', lines: [{ container: 'shop-web-1', stream: 'stdout', text: 'one', time: '2026-01-01T10:00:01.1Z' }] });
    await settle();
    act(() => bridge.restore());
    await settle();
    expect(Array.from({ length: result.current.lines.length }, (_, index) => result.current.lines.at(index)?.text)).toEqual(['one']);
    expect(result.current.ended).toBe(true);
    expect(result.current.error).toMatch(/could not follow again: The engine did not answer/);
  });

  it('does not follow again a view that had already ended (not following, or stopped)', async () => {
    const bridge = logBridge(['ok', 'ok']);
    renderHook(() => useLogStream(request));
    await settle();
    bridge.send({ streamId: 'stream-1', lines: [], ended: true });
    await settle();
    act(() => bridge.restore());
    await settle();
    expect(bridge.follows).toHaveLength(1);
  });
});
