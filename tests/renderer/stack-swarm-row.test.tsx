import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { StackView } from '../../preload/api';
import { StackList } from '../../renderer/stacks/StackList';

describe('A stack deployed to Swarm', () => {
  it('says so in its row, with the replicas running of those wanted', () => {
    const onSwarm: StackView = {
      id: 'app:shop',
      kind: 'app',
      name: 'shop',
      project: 'shop',
      readOnly: false,
      state: 'partial',
      containers: { running: 2, total: 3 },
      swarm: { services: 2, running: 2, desired: 3 },
    };
    render(<StackList stacks={[onSwarm]} selectedId={undefined} onAdopt={() => undefined} adopting={false} />);
    const row = screen.getByTestId('stack-row');
    expect(within(row).getByTestId('stack-row-status').textContent).toBe('Running 2/3');
    expect(within(row).getByTestId('stack-row-swarm').textContent).toBe('Swarm · 2 services');
  });
});
