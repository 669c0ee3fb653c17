import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { NewStackDialog } from '../../renderer/stacks/NewStackDialog';
import { startWorld } from './harness';

describe('the new-stack dialog, over the real bridge and core', () => {
  it('puts main’s refusal of the name at the name field, clears it on typing, and creates the stack once the name is right', { timeout: 30_000 }, async () => {
    const world = startWorld();
    const user = userEvent.setup({ delay: null });
    const onCreated = vi.fn();
    render(<NewStackDialog onClose={() => undefined} onCreated={onCreated} />);
    const name = screen.getByLabelText('Name');

    await user.type(name, 'Shop Front');
    await user.click(screen.getByTestId('stack-new-create'));
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'));
    const described = (name.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '');
    expect(described.join(' ')).toMatch(/lowercase/i);
    expect(onCreated).not.toHaveBeenCalled();

    await user.clear(name);
    expect(name.getAttribute('aria-invalid')).toBeNull();
    await user.type(name, 'shop-front');
    await user.click(screen.getByTestId('stack-new-create'));
    await waitFor(() => expect(onCreated).toHaveBeenCalledTimes(1));
    expect(onCreated.mock.calls[0]?.[0]).toMatchObject({ stack: { name: 'shop-front' } });
    expect((await world.core.stacks.list()).map((stack) => stack.name)).toContain('shop-front');
  });
});
