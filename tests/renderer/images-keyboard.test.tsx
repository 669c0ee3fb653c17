/**
 * The Images table from the keyboard at 2,000 images: one Tab stop for the rows (a roving focus, as in a file list),
 * Up/Down/Home/End/PageUp/PageDown between rows, Left/Right to a row's actions, and the focused row rendered and kept
 * while the virtualised list scrolls, recycles rows and changes under it. The pattern is WAI-ARIA's treegrid with
 * rows focused first (docs/architecture.md, "Decisions where the specs are silent").
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImageView } from '../../preload/api';
import { ImageTable } from '../../renderer/images/ImageTable';
import { DEFAULT_SORT } from '../../renderer/images/imageOrder';
import { imageTable } from './image-table-support';

const ROW_HEIGHT = 49;
const image = (index: number): ImageView => ({
  id: `sha256:${String(index).padStart(64, '0')}`,
  tags: [`127.0.0.1:5001/many/app:${index}`],
  digests: [],
  sizeBytes: 1_000_000 + index,
  createdAt: '2026-11-29T12:00:00.000Z',
});
const images: ImageView[] = Array.from({ length: 2000 }, (_, index) => image(index));

/** The table between two buttons, so Tab has somewhere to come from and to go to. */
const page = (shown: readonly ImageView[]) => (
  <>
    <button type="button">Before</button>
    {imageTable(shown, () => undefined)}
    <button type="button">After</button>
  </>
);

const focused = () => document.activeElement as HTMLElement;
/** The 1-based place of the focused row among the images (aria-rowindex counts the header row as 1). */
const focusedRowPlace = () => Number(focused().closest('[data-testid="image-row"]')?.getAttribute('aria-rowindex')) - 1;

let restoreHeight: (() => void) | undefined;
beforeEach(() => {
  // happy-dom lays nothing out: rows measure as a browser would give them.
  const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight');
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.dataset.testid === 'image-row' ? ROW_HEIGHT : 0;
    },
  });
  restoreHeight = () => original && Object.defineProperty(HTMLElement.prototype, 'offsetHeight', original);
});
afterEach(() => restoreHeight?.());

// A hang limit of its own: 2,000 rows through happy-dom pass vitest's 5 s default on a busy machine (nothing is timed).
describe('Images table from the keyboard, 2,000 images', { timeout: 30_000 }, () => {
  it('is one Tab stop: Tab enters on the first row, the next Tab leaves the list', async () => {
    render(page(images));
    const user = userEvent.setup();
    screen.getByRole('button', { name: 'Before' }).focus();
    const stops: string[] = [];
    for (let press = 0; press < 10 && focused().textContent !== 'After'; press += 1) {
      await user.tab();
      stops.push(focused().dataset.testid ?? focused().textContent ?? '');
    }
    // The three sort buttons of the header, one row, then out.
    expect(stops).toEqual(['images-sort-name', 'images-sort-size', 'images-sort-created', 'image-row', 'After']);
    // Nothing inside the rows is a Tab stop of its own: a row's actions are reached with the arrows.
    const table = screen.getByTestId('images-table');
    const tabbableInBody = table.querySelectorAll('tbody [tabindex="0"], tbody button:not([tabindex="-1"]), tbody a:not([tabindex="-1"])');
    expect(tabbableInBody).toHaveLength(1);
  });

  it('tells screen readers it is a grid of rows, and each row’s place among 2,000', () => {
    render(page(images));
    const table = screen.getByRole('treegrid');
    expect(table.getAttribute('aria-rowcount')).toBe('2001');
    const rows = within(table).getAllByTestId('image-row');
    expect(rows[0]!.getAttribute('role')).toBe('row');
    expect(rows[0]!.getAttribute('aria-rowindex')).toBe('2');
  });

  it('moves between rows with Up, Down, Home, End, PageUp and PageDown, rendering the row it moves to', async () => {
    render(page(images));
    const user = userEvent.setup();
    screen.getAllByTestId('image-row')[0]!.focus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(focusedRowPlace()).toBe(3);
    await user.keyboard('{ArrowUp}');
    expect(focusedRowPlace()).toBe(2);

    await user.keyboard('{End}');
    expect(focusedRowPlace()).toBe(2000);
    expect(focused().dataset.id).toBe(images[1999]!.id);
    expect(focused().getAttribute('tabindex')).toBe('0');
    // Down at the end stays there.
    await user.keyboard('{ArrowDown}');
    expect(focusedRowPlace()).toBe(2000);

    await user.keyboard('{PageUp}');
    const pageUp = focusedRowPlace();
    expect(pageUp).toBeLessThan(1999);
    await user.keyboard('{PageDown}');
    expect(focusedRowPlace()).toBe(2000);

    await user.keyboard('{Home}');
    expect(focusedRowPlace()).toBe(1);
    await user.keyboard('{Control>}{End}{/Control}');
    expect(focusedRowPlace()).toBe(2000);
    await user.keyboard('{Control>}{Home}{/Control}');
    expect(focusedRowPlace()).toBe(1);
    // Other keys with Control are the app's shortcuts, not moves.
    await user.keyboard('{Control>}{ArrowDown}{/Control}');
    expect(focusedRowPlace()).toBe(1);
    await user.keyboard('{PageDown}');
    // A page is the rows that fit in the view (here the window before layout), less one kept for context.
    expect(focusedRowPlace()).toBe(1 + 2000 - pageUp);
    // One row at a time holds the Tab stop.
    expect(screen.getByTestId('images-table').querySelectorAll('tbody [tabindex="0"]')).toHaveLength(1);
  });

  it('reaches a row’s actions with Right and comes back with Left; Up and Down leave the actions', async () => {
    render(page(images));
    const user = userEvent.setup();
    const row = screen.getAllByTestId('image-row')[4]!;
    row.focus();
    await user.keyboard('{ArrowRight}');
    expect(focused()).toBe(within(row).getByTestId('image-pull-again'));
    await user.keyboard('{ArrowRight}');
    expect(focused()).toBe(within(row).getByTestId('image-remove'));
    // The last action: Right stays.
    await user.keyboard('{ArrowRight}');
    expect(focused()).toBe(within(row).getByTestId('image-remove'));
    await user.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(focused()).toBe(row);
    await user.keyboard('{ArrowLeft}');
    expect(focused()).toBe(row);

    await user.keyboard('{ArrowRight}{ArrowDown}');
    expect(focusedRowPlace()).toBe(6);
    expect(focused().dataset.testid).toBe('image-row');
  });

  it('acts with Enter and Space on the action focused, as before', async () => {
    const onPullAgain = vi.fn();
    const onRemove = vi.fn();
    render(
      <ImageTable images={images} sort={DEFAULT_SORT} onSort={() => undefined} pullFor={() => undefined} startingId={undefined} onPullAgain={onPullAgain} onRemove={onRemove} />,
    );
    const user = userEvent.setup();
    screen.getAllByTestId('image-row')[0]!.focus();
    await user.keyboard('{ArrowDown}{ArrowRight}{Enter}');
    expect(onPullAgain.mock.calls.map(([pulled]) => (pulled as ImageView).id)).toEqual([images[1]!.id]);
    await user.keyboard('{ArrowRight} ');
    expect(onRemove.mock.calls.map(([removed]) => (removed as ImageView).id)).toEqual([images[1]!.id]);
    // On the row itself neither key does anything, and Space does not scroll the focused row out of view.
    await user.keyboard('{ArrowLeft}{ArrowLeft}{Enter} ');
    expect(focused().dataset.testid).toBe('image-row');
    expect([onPullAgain.mock.calls.length, onRemove.mock.calls.length]).toEqual([1, 1]);
    expect(fireEvent.keyDown(focused(), { key: ' ', code: 'Space' })).toBe(false);
  });

  it('Tab from a row’s action leaves the list; Shift+Tab comes back to the row last focused', async () => {
    render(page(images));
    const user = userEvent.setup();
    screen.getAllByTestId('image-row')[0]!.focus();
    await user.keyboard('{End}{ArrowUp}{ArrowRight}');
    expect(focused().dataset.testid).toBe('image-pull-again');
    await user.tab();
    expect(focused().textContent).toBe('After');
    await user.tab({ shift: true });
    expect(focused().dataset.testid).toBe('image-row');
    expect(focusedRowPlace()).toBe(1999);
  });

  it('keeps focus on its row when rows are added above it and when the list is sorted again', async () => {
    const { rerender } = render(page(images));
    const user = userEvent.setup();
    screen.getAllByTestId('image-row')[0]!.focus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    const id = focused().dataset.id;
    // A pull adds two images at the top.
    rerender(page([image(5000), image(5001), ...images]));
    expect(focused().dataset.id).toBe(id);
    expect(focusedRowPlace()).toBe(5);
    rerender(page([...images].reverse()));
    expect(focused().dataset.id).toBe(id);
    expect(focusedRowPlace()).toBe(1998);
    await user.keyboard('{ArrowDown}');
    expect(focusedRowPlace()).toBe(1999);
  });

  it('moves focus to the row now in its place when the focused row leaves the list (filtered out, removed)', async () => {
    const { rerender } = render(page(images));
    const user = userEvent.setup();
    screen.getAllByTestId('image-row')[0]!.focus();
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(focusedRowPlace()).toBe(4);
    rerender(page(images.filter((_, index) => index !== 3)));
    expect(focused().dataset.testid).toBe('image-row');
    expect(focused().dataset.id).toBe(images[4]!.id);
    // Rows added above it move it down; when it goes then, the row in its place now takes focus.
    rerender(page([image(5000), image(5001), ...images.filter((_, index) => index !== 3)]));
    expect(focusedRowPlace()).toBe(6);
    rerender(page([image(5000), image(5001), ...images.filter((_, index) => index !== 3 && index !== 4)]));
    expect(focused().dataset.id).toBe(images[5]!.id);
    expect(focusedRowPlace()).toBe(6);
    // The last rows go: the last one left.
    rerender(page(images.slice(0, 2)));
    expect(focused().dataset.id).toBe(images[1]!.id);
  });

  it('enters a list that changed while focus was elsewhere on the row now in the place of the one it left', async () => {
    const { rerender } = render(page(images));
    const user = userEvent.setup();
    screen.getAllByTestId('image-row')[0]!.focus();
    await user.keyboard('{ArrowDown}');
    act(() => screen.getByRole('button', { name: 'After' }).focus());
    rerender(page(images.slice(2)));
    await user.tab({ shift: true });
    expect(focused().dataset.testid).toBe('image-row');
    expect(focused().dataset.id).toBe(images[3]!.id);
  });
});
