import { act, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PullView, RegistryView } from '../../preload/api';
import { LiveCollectionStore, call, getBridge, useLiveValue } from '../../renderer/bridge';
import { startWorld } from './harness';

function RegistryNames() {
  const registries = useLiveValue('registries.list', 'registries.changed');
  if (registries.status === 'loading') return <p>loading</p>;
  if (registries.status === 'error') return <p role="alert">{registries.error.message}</p>;
  return (
    <ul aria-label="registries">
      {registries.value.map((registry: RegistryView) => (
        <li key={registry.id}>{registry.name}</li>
      ))}
    </ul>
  );
}

describe('live value store (ask once, then follow the event), over the real bridge and core', () => {
  it('shows the list main answers, then every change main publishes', async () => {
    const world = startWorld();
    await world.core.registries.add({ name: 'First', address: 'one.example.com', patterns: [], isDefault: false });
    render(<RegistryNames />);
    await waitFor(() => expect(screen.getByRole('list', { name: 'registries' }).textContent).toBe('First'));

    await act(async () => {
      await world.core.registries.add({ name: 'Second', address: 'two.example.com', patterns: [], isDefault: false });
    });
    await waitFor(() => expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['First', 'Second']));
    // One list call: the change came by event.
    expect(world.calls.filter((name) => name === 'registries.list')).toHaveLength(1);
  });
});

function pullView(id: string, state: PullView['state'], finishedAt?: string): PullView {
  return {
    id,
    image: `docker.io/library/${id}:latest`,
    familiar: `${id}:latest`,
    state,
    credential: { source: 'anonymous', summary: 'anonymous', reason: 'anonymous' },
    layers: [],
    bytesDone: 0,
    bytesTotal: 0,
    percent: 0,
    startedAt: '2026-01-01T00:00:00.000Z',
    ...(finishedAt ? { finishedAt } : {}),
    notes: [],
  };
}

describe('live collection store', () => {
  it('loads the list once, takes items that arrive by event, and keeps what arrange keeps', async () => {
    startWorld();
    const events: Array<(item: PullView) => void> = [];
    const store = new LiveCollectionStore<PullView>(
      'pulls.list',
      () => call('pulls.list'),
      (onItem) => {
        events.push(onItem);
        return getBridge().on('pulls.progress', onItem);
      },
      (items) => items.filter((item) => item.state !== 'cancelled'),
    );
    const seen: string[] = [];
    const unsubscribe = store.subscribe(() => seen.push(store.getSnapshot().status));
    await waitFor(() => expect(store.getSnapshot().status).toBe('live'));
    expect(store.getSnapshot().items).toEqual([]);

    events[0]?.(pullView('nginx', 'pulling'));
    events[0]?.(pullView('redis', 'cancelled', '2026-01-01T00:01:00.000Z'));
    expect(store.getSnapshot().items.map((item) => item.id)).toEqual(['nginx']);
    events[0]?.(pullView('nginx', 'done', '2026-01-01T00:02:00.000Z'));
    expect(store.getSnapshot().items.map((item) => item.state)).toEqual(['done']);

    unsubscribe();
    expect(store.getSnapshot()).toEqual({ status: 'loading', items: [], error: undefined });
    expect(seen).toContain('live');
  });

  it('says so when main cannot answer the list', async () => {
    startWorld();
    const store = new LiveCollectionStore<PullView>(
      'pulls.list',
      () => Promise.reject(new Error('main went away')),
      () => () => undefined,
    );
    const unsubscribe = store.subscribe(() => undefined);
    await waitFor(() => expect(store.getSnapshot().status).toBe('error'));
    expect(store.getSnapshot().error?.call).toBe('pulls.list');
    unsubscribe();
  });
});
