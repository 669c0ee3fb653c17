import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DeleteRegistryDialog } from '../../renderer/registries/DeleteRegistryDialog';
import { startWorld } from './harness';

describe('confirm dialogs', () => {
  it('delete registry: the safe choice has focus, Cancel keeps the registry, Delete removes it through main', async () => {
    const world = startWorld();
    const registry = await world.core.registries.add({ name: 'Work', address: 'one.example.com', username: 'ci', secret: 'x', patterns: [], isDefault: false });
    const user = userEvent.setup();
    const onClose = vi.fn();
    const { unmount } = render(<DeleteRegistryDialog registry={registry} onClose={onClose} />);
    expect(screen.getByTestId('registry-delete-dialog').textContent).toContain('and its stored password');
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Cancel'));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(world.core.registries.list()).toHaveLength(1);
    unmount();

    render(<DeleteRegistryDialog registry={registry} onClose={onClose} />);
    await user.click(screen.getByTestId('registry-delete-confirm'));
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(2));
    expect(world.core.registries.list()).toHaveLength(0);
  });

});
