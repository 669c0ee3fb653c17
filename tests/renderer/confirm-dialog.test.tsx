import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { Button, ConfirmDialog } from '../../renderer/components';
import { DeleteRegistryDialog } from '../../renderer/registries/DeleteRegistryDialog';
import { startWorld } from './harness';

/** A page with a button that opens the confirmation, so focus has somewhere to return to. */
function Opener({ onConfirm, pending = false }: { onConfirm: () => void; pending?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Forget it</Button>
      {open && (
        <ConfirmDialog
          title="Forget it?"
          message="It goes for good."
          confirmLabel="Forget"
          tone="danger"
          pending={pending}
          onConfirm={onConfirm}
          onCancel={() => setOpen(false)}
          data-testid="forget"
        >
          <p>Extra words below the message.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

describe('confirm dialogs', () => {
  it('opens with the safe choice focused: Enter there cancels, and focus returns to the opener', async () => {
    const user = userEvent.setup();
    const onConfirm = vi.fn();
    render(<Opener onConfirm={onConfirm} />);
    const opener = screen.getByRole('button', { name: 'Forget it' });
    await user.click(opener);
    expect(screen.getByTestId('forget').textContent).toContain('Extra words below the message.');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('forget-cancel')));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByTestId('forget')).toBeNull());
    expect(onConfirm).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(opener);
  });

  it('Esc cancels and gives focus back; the confirm button confirms', async () => {
    const user = userEvent.setup();
    const onConfirm = vi.fn();
    render(<Opener onConfirm={onConfirm} />);
    const opener = screen.getByRole('button', { name: 'Forget it' });
    await user.click(opener);
    fireEvent(screen.getByTestId('forget'), new Event('cancel', { cancelable: true }));
    await waitFor(() => expect(screen.queryByTestId('forget')).toBeNull());
    expect(document.activeElement).toBe(opener);
    expect(onConfirm).not.toHaveBeenCalled();

    await user.click(opener);
    await user.click(screen.getByTestId('forget-confirm'));
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it('while the action runs, nothing closes it: Esc and Cancel do nothing and the confirm button is busy', async () => {
    const user = userEvent.setup();
    render(<Opener onConfirm={() => undefined} pending />);
    await user.click(screen.getByRole('button', { name: 'Forget it' }));
    fireEvent(screen.getByTestId('forget'), new Event('cancel', { cancelable: true }));
    expect(screen.getByTestId('forget')).toBeTruthy();
    expect((screen.getByTestId('forget-cancel') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('forget-confirm').getAttribute('aria-busy')).toBe('true');
  });

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
    fireEvent(screen.getByTestId('registry-delete-dialog'), new Event('cancel', { cancelable: true }));
    expect(onClose).toHaveBeenCalledTimes(2);
    await user.click(screen.getByTestId('registry-delete-confirm'));
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(3));
    expect(world.core.registries.list()).toHaveLength(0);
  });
});
