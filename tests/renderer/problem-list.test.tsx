import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ProblemList } from '../../renderer/stacks/ProblemList';
import { startWorld } from './harness';

describe('stack editor problem list', () => {
  it('lists main’s problems for a broken compose file, errors first, each at its line, and reveals the line on click', async () => {
    const world = startWorld();
    const validation = await world.core.stacks.validate({ yaml: 'services:\n  web:\n    image: "nginx:latest"\n    ports: [\n', name: 'demo' });
    expect(validation.problems.length).toBeGreaterThan(0);
    const problems = [{ code: 'NOTE', severity: 'warning' as const, message: 'A warning without a line' }, ...validation.problems];
    const onReveal = vi.fn();
    render(<ProblemList problems={problems} label="Problems in compose.yaml" onReveal={onReveal} itemTestId="problem" />);

    const items = screen.getAllByTestId('problem');
    expect(items.map((item) => item.dataset.severity)).toEqual([...validation.problems.map(() => 'error'), 'warning']);
    expect(items[0]?.textContent).toContain(validation.problems[0]?.message ?? 'missing');
    const firstLine = validation.problems[0]?.line;
    expect(firstLine).toBeDefined();
    await userEvent.setup().click(screen.getAllByRole('button')[0] as HTMLElement);
    expect(onReveal).toHaveBeenCalledWith(firstLine, validation.problems[0]?.column);
    // The warning has no line: nothing to click.
    expect(items[items.length - 1]?.querySelector('button')).toBeNull();
  });
});
