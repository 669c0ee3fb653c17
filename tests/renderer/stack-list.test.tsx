import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { StackView } from '../../preload/api';
import { StackList } from '../../renderer/stacks/StackList';

const stack = (index: number): StackView => ({
  id: `app:shop-${index}`,
  kind: 'app',
  name: `shop-${index}`,
  project: `shop-${index}`,
  readOnly: false,
  state: index % 2 === 0 ? 'running' : 'stopped',
  containers: { running: index % 2 === 0 ? 1 : 0, total: 1 },
});

const hundred = Array.from({ length: 100 }, (_, index) => stack(index));

describe('Stacks list at 100 stacks', () => {
  it('filters by name as the user types, says how many match, and clears', async () => {
    render(<StackList stacks={hundred} selectedId={undefined} onAdopt={() => undefined} adopting={false} />);
    // No timer between key presses: nothing here waits for time, and under load each one is a wait for the CPU.
    const user = userEvent.setup({ delay: null });
    const filter = screen.getByRole<HTMLInputElement>('searchbox', { name: 'Filter stacks' });
    await user.type(filter, 'shop-4');
    const rows = screen.getAllByTestId('stack-row');
    // shop-4 and shop-40 … shop-49.
    expect(rows.map((row) => row.dataset.stackName)).toEqual(['shop-4', ...Array.from({ length: 10 }, (_, index) => `shop-4${index}`)]);
    expect(screen.getByTestId('stack-list-count').textContent).toBe('11 of 100');
    // Typed over the selected text, as a user replaces a filter: emptying the field first would mount the 100 rows
    // once more only to unmount them at the next key (the slowest part of this file under load).
    await user.type(filter, 'nothing like it', { initialSelectionStart: 0, initialSelectionEnd: filter.value.length });
    expect(filter.value).toBe('nothing like it');
    expect(screen.queryAllByTestId('stack-row')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Clear the filter' }));
    expect(screen.getAllByTestId('stack-row')).toHaveLength(100);
  });

  it('offers a compact list, a toggle button the keyboard can press', async () => {
    render(<StackList stacks={hundred} selectedId={undefined} onAdopt={() => undefined} adopting={false} />);
    const compact = screen.getByRole('button', { name: 'Compact list' });
    expect(compact.getAttribute('aria-pressed')).toBe('false');
    compact.focus();
    await userEvent.setup({ delay: null }).keyboard('{Enter}');
    expect(compact.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('stack-list').classList.contains('stack-list__items--compact')).toBe(true);
    // Compact rows keep the name and the state, not the source line.
    const row = screen.getAllByTestId('stack-row')[0] as HTMLElement;
    expect(within(row).getByText('shop-0')).toBeTruthy();
    expect(row.querySelector('.stack-row__source')).toBeNull();
  });

  it('shows no filter for a handful of stacks', () => {
    render(<StackList stacks={hundred.slice(0, 3)} selectedId={undefined} onAdopt={() => undefined} adopting={false} />);
    expect(screen.queryByRole('searchbox')).toBeNull();
  });
});

describe('A stack deployed to another engine', () => {
  it('says where it is in its row', () => {
    const elsewhere: StackView = {
      ...stack(1),
      state: 'not-deployed',
      containers: { running: 0, total: 0 },
      deployedEngine: { choice: 'context:staging', url: 'tcp://staging:2376' },
      onOtherEngine: 'Deployed to tcp://staging:2376 — switch to it to see its status, logs and actions.',
    };
    render(<StackList stacks={[elsewhere]} selectedId={undefined} onAdopt={() => undefined} adopting={false} />);
    expect(screen.getByTestId('stack-row-other-engine').textContent).toBe('Deployed to tcp://staging:2376 — switch to it to see its status, logs and actions.');
  });
});

describe('A stack started elsewhere (read-only)', () => {
  it('offers to open its file with a button whose name starts with what it shows (WCAG 2.5.3, label in name)', () => {
    render(<StackList stacks={[{ ...stack(1), kind: 'external', readOnly: true }]} selectedId={undefined} onAdopt={() => undefined} adopting={false} />);
    const button = screen.getByRole('button', { name: /shop-1/ });
    const shown = (button.textContent ?? '').replace(/[^\p{L}\p{N} ]/gu, '').trim();
    const name = (button.getAttribute('aria-label') ?? '').replace(/[^\p{L}\p{N} ]/gu, '');
    expect(shown).toBe('Open file');
    expect(name.startsWith(shown)).toBe(true);
  });
});
