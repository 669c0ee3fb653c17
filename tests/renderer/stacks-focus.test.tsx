/**
 * Narrow, the Stacks screen hides its list once a stack is chosen (StacksScreen.css), so the row that had the focus
 * is gone: the focus goes to the picker that names the chosen stack. All stacks unmounts the picker: the focus goes
 * to the row of the stack that was shown. jsdom lays nothing out: the chosen row is given the empty box list of a
 * hidden element, as the narrow layout makes it; tests/e2e/stacks-narrow.test.ts checks both widths in Chromium.
 */
import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StacksScreen } from '../../renderer/screens/StacksScreen';
import { startWorld } from './harness';

const YAML = 'services:\n  web:\n    image: nginx\n';

describe('Stacks screen focus', () => {
  it('goes from the chosen row to the picker, and from All stacks back to that row', async () => {
    const world = startWorld();
    const shop = (await world.core.stacks.create({ name: 'shop', yaml: YAML })).stack;
    await world.core.stacks.create({ name: 'blog', yaml: YAML });
    const { rerender, container } = render(<StacksScreen path={[]} />);
    const row = () => container.querySelector<HTMLElement>(`.stack-row__link[href="#/stacks/${encodeURIComponent(shop.id)}"]`);
    await waitFor(() => expect(row()).not.toBeNull());
    const chosen = row();
    if (chosen === null) throw new Error('no row for the stack');
    chosen.focus();
    chosen.getClientRects = () => [] as unknown as DOMRectList;

    rerender(<StacksScreen path={[shop.id]} />);
    const picker = screen.getByTestId<HTMLSelectElement>('stack-picker');
    expect(document.activeElement).toBe(picker);
    expect(picker.value).toBe(shop.id);

    screen.getByTestId('stack-picker-all').focus();
    rerender(<StacksScreen path={[]} />);
    expect(screen.queryByTestId('stack-picker')).toBeNull();
    expect(document.activeElement).toBe(row());
  });

  it('leaves the focus where it is when it was not on a row of the list', async () => {
    const world = startWorld();
    const shop = (await world.core.stacks.create({ name: 'shop', yaml: YAML })).stack;
    const blog = (await world.core.stacks.create({ name: 'blog', yaml: YAML })).stack;
    const { rerender } = render(<StacksScreen path={[shop.id]} />);
    const picker = await screen.findByTestId<HTMLSelectElement>('stack-picker');
    await waitFor(() => expect(picker.options.length).toBe(2));
    const filter = document.createElement('input');
    document.body.append(filter);
    filter.focus();
    rerender(<StacksScreen path={[blog.id]} />);
    expect(document.activeElement).toBe(filter);
    filter.remove();
  });
});
