import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { StackView } from '../../preload/api';
import { StackList } from '../../renderer/stacks/StackList';
import type * as StackText from '../../renderer/stacks/stackText';

// Counts how often a row is drawn: every row reads its state's words once per render.
const rowRenders = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../renderer/stacks/stackText', async (importOriginal) => {
  const real = await importOriginal<typeof StackText>();
  return {
    ...real,
    stackStateText: (view: Parameters<typeof real.stackStateText>[0]) => {
      rowRenders.count += 1;
      return real.stackStateText(view);
    },
  };
});

const stacks: StackView[] = Array.from({ length: 100 }, (_, index) => ({
  id: `app:shop-${index}`,
  kind: 'app',
  name: `shop-${index}`,
  project: `shop-${index}`,
  readOnly: false,
  state: 'running',
  containers: { running: 1, total: 1 },
}));

describe('Stacks list filter', () => {
  // Typing in the filter re-drew all 100 rows per key: slow in the app and 5 s of a renderer test under load.
  it('does not draw again the rows a keystroke leaves unchanged', async () => {
    const onAdopt = () => undefined;
    render(<StackList stacks={stacks} selectedId={undefined} onAdopt={onAdopt} adopting={false} />);
    expect(rowRenders.count).toBe(100);
    rowRenders.count = 0;
    await userEvent.setup({ delay: null }).type(screen.getByRole('searchbox', { name: 'Filter stacks' }), 'shop');
    expect(screen.getAllByTestId('stack-row')).toHaveLength(100);
    expect(rowRenders.count).toBe(0);
  });
});
