/**
 * Deleting a registry from the keyboard: the row whose Delete opened the dialog is gone when the dialog closes, so
 * the focus it would hand back has nowhere to go. It goes to the next registry's Delete (the same place in the
 * list), to the previous one's when the last was deleted, and to the list's heading when none is left — as the
 * Images table keeps the focus on the next row after a removal.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { RegistriesScreen } from '../../renderer/screens/RegistriesScreen';
import { startWorld } from './harness';

const answered = { timeout: 10_000 };

async function deleteFromKeyboard(name: string): Promise<void> {
  const user = userEvent.setup({ delay: null });
  screen.getByRole('button', { name: `Delete ${name}` }).focus();
  await user.keyboard('{Enter}');
  const dialog = within(await screen.findByRole('dialog', { name: `Delete “${name}”?` }));
  dialog.getByRole('button', { name: 'Delete registry' }).focus();
  await user.keyboard('{Enter}');
  await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull(), answered);
  await waitFor(() => expect(screen.queryByRole('button', { name: `Delete ${name}` })).toBeNull(), answered);
}

describe('deleting a registry from the keyboard', () => {
  it('leaves the focus on the next registry, then the previous one, then the list’s heading', { timeout: 30_000 }, async () => {
    const world = startWorld();
    for (const name of ['Alpha', 'Beta', 'Gamma']) {
      await world.core.registries.add({ name, address: `${name.toLowerCase()}.example.com`, username: 'ci', secret: 'x', patterns: [], isDefault: false });
    }
    render(<RegistriesScreen path={[]} />);
    await screen.findByRole('button', { name: 'Delete Gamma' }, answered);

    await deleteFromKeyboard('Beta');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Delete Gamma' })));
    // The status line says what happened last (it said “Saved …” after a save).
    expect(screen.getByTestId('registry-saved-note').textContent).toBe('Deleted “Beta”.');
    await deleteFromKeyboard('Gamma');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Delete Alpha' })));
    await deleteFromKeyboard('Alpha');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Stored registries' })));
    expect(world.core.registries.list()).toEqual([]);
  });
});
