/**
 * The Images card while its list loads (issue 18, the Images cold load): the toolbar and the table's header are laid
 * out with a loading row, and the rows come into that same table. Its first layout tells the table where it starts
 * in its scroller, so the rows' first commit — the cold load's heaviest frame — holds only the rows in view; before,
 * the table appeared with its rows, and the rows for the whole window's height went into that frame.
 */
import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImageView, StevedoreBridge } from '../../preload/api';
import { ImageList } from '../../renderer/images/ImageList';
import { inLaidOutScroller, inScroller, ReportedSizes } from './reported-sizes';

const images: ImageView[] = Array.from({ length: 2000 }, (_, index) => ({
  id: `sha256:${String(index).padStart(64, '0')}`,
  tags: [`127.0.0.1:5001/many/app:${index}`],
  digests: [],
  sizeBytes: 1_000_000,
  createdAt: '2026-11-29T12:00:00.000Z',
}));
const asked: string[] = [];
const listAgain = () => undefined;

function installBridge(): void {
  (window as { stevedore?: StevedoreBridge }).stevedore = {
    invoke: (name: string) => {
      asked.push(name);
      return new Promise(() => undefined);
    },
    on: () => () => undefined,
  } as unknown as StevedoreBridge;
}

afterEach(() => {
  asked.length = 0;
  delete (window as { stevedore?: StevedoreBridge }).stevedore;
});

describe('the Images card while its list loads', { timeout: 30_000 }, () => {
  it('shows the toolbar and the table’s header with a loading row, and measures no disk use yet', () => {
    installBridge();
    inLaidOutScroller(<ImageList images={[]} loading onListAgain={listAgain} />, () => {
      expect(screen.getByTestId('images-filter')).toBeTruthy();
      expect(screen.getByTestId('images-sort-name')).toBeTruthy();
      expect(screen.getByRole('status', { name: 'Loading images' })).toBeTruthy();
      expect(screen.getByTestId('images-summary').textContent).toBe('Loading images…');
      expect(screen.queryAllByTestId('image-row')).toHaveLength(0);
      expect(asked).not.toContain('images.usage');
    });
  });

  it('puts the rows into the table laid out while loading, the first commit holding only the rows in view', () => {
    installBridge();
    inLaidOutScroller(<ImageList images={[]} loading onListAgain={listAgain} />, ({ rerender }) => {
      const table = screen.getByTestId('images-table');
      // The loading frame's layout: the table has found its scroller (800 px tall) before any row exists.
      ReportedSizes.report(40, (target) => target.tagName === 'TBODY');
      rerender(inScroller(<ImageList images={images} onListAgain={listAgain} />));
      expect(screen.getByTestId('images-table')).toBe(table);
      expect(screen.getAllByTestId('image-row')).toHaveLength(Math.ceil(800 / 49));
      // Once the rows are laid out, the few beyond the view's end join them for keyboard and wheel scrolling.
      ReportedSizes.report(45, (target) => (target as HTMLElement).dataset.testid === 'image-row');
      expect(screen.getAllByTestId('image-row').length).toBeGreaterThan(Math.ceil(800 / 45));
      expect(screen.queryByRole('status', { name: 'Loading images' })).toBeNull();
    });
  });
});
