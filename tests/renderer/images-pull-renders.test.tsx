/**
 * The Images screen while pulls run (issue 15: six large pulls at once with 2,000 images listed). Each pull sends
 * ~10 progress updates a second; the list and its table render again only for a pull a row shows — a pull of an
 * image not listed yet (what the six pulls are) renders neither. Renders of the table are counted.
 */
import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImageView, PullView, StevedoreBridge } from '../../preload/api';
import { ImageList } from '../../renderer/images/ImageList';
import type * as ImageTableModule from '../../renderer/images/ImageTable';
import { pullView } from './pull-view';

const tableRenders = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../renderer/images/ImageTable', async (importOriginal) => {
  const real = await importOriginal<typeof ImageTableModule>();
  return {
    ...real,
    ImageTable: (props: ImageTableModule.ImageTableProps) => {
      tableRenders.count += 1;
      return real.ImageTable(props);
    },
  };
});

const image = (name: string): ImageView => ({ id: `sha256:${name.padEnd(64, '0')}`, tags: [`${name}:1`], digests: [], sizeBytes: 1000, createdAt: '2026-11-29T12:00:00.000Z' });
const images = [image('alpha'), image('bravo')];
const pulling = (name: string, percent: number): PullView => pullView(name, { state: 'pulling', percent, bytesDone: percent, bytesTotal: 100 });

/** A bridge with no pulls listed; `progress` raises `pulls.progress` as main does, one pull per event. */
function installBridge() {
  const listeners = new Set<(view: PullView) => void>();
  const bridge = {
    invoke: async (name: string) => {
      if (name === 'pulls.list') return { ok: true, value: [] };
      if (name === 'images.usage') return { ok: true, value: { totalBytes: 2000, sharedBytes: 0 } };
      throw new Error(`unexpected call ${name}`);
    },
    on: (event: string, listener: (view: PullView) => void) => {
      if (event === 'connection.restored') return () => undefined;
      if (event !== 'pulls.progress') throw new Error(`unexpected event ${event}`);
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as StevedoreBridge;
  (window as { stevedore?: StevedoreBridge }).stevedore = bridge;
  return { progress: (view: PullView) => act(() => listeners.forEach((listener) => listener(view))) };
}

afterEach(() => {
  delete (window as { stevedore?: StevedoreBridge }).stevedore;
});

describe('Images list while pulls run', () => {
  it('progress of pulls of images not listed renders neither the list nor its table', async () => {
    const bridge = installBridge();
    render(<ImageList images={images} onListAgain={() => undefined} />);
    await act(async () => undefined);
    tableRenders.count = 0;
    for (let percent = 10; percent <= 50; percent += 10) {
      bridge.progress(pulling('charlie', percent));
      bridge.progress(pulling('delta', percent));
    }
    expect(tableRenders.count).toBe(0);
  });

  it('a pull of a listed image still shows on its row, each update rendering the table once', async () => {
    const bridge = installBridge();
    render(<ImageList images={images} onListAgain={() => undefined} />);
    await act(async () => undefined);
    tableRenders.count = 0;
    bridge.progress(pulling('bravo', 20));
    expect(screen.getByText('Pulling 20%')).toBeTruthy();
    bridge.progress(pulling('charlie', 30));
    bridge.progress(pulling('bravo', 40));
    expect(screen.getByText('Pulling 40%')).toBeTruthy();
    expect(tableRenders.count).toBe(2);
    // Over: a pull started elsewhere leaves the row (one started from this screen would keep its outcome there).
    bridge.progress(pullView('bravo', { state: 'done', finishedAt: '2026-11-29T12:01:00.000Z' }));
    expect(screen.queryByText(/Pulling/)).toBeNull();
    expect(tableRenders.count).toBe(3);
  });
});
