import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { RegistryFormDialog } from '../../renderer/registries/RegistryFormDialog';
import { startWorld } from './harness';

function field(label: RegExp | string): HTMLInputElement {
  return screen.getByLabelText(label, { selector: 'input' });
}

describe('registry form, over the real bridge and core', () => {
  it('shows main’s validation message at the field once it was visited, and saves nothing while it stands', async () => {
    const world = startWorld();
    const user = userEvent.setup();
    const onClose = vi.fn();
    render(<RegistryFormDialog target={{ mode: 'add' }} secretStorage="memory" onClose={onClose} />);

    await user.type(field('Address'), 'https://bad host');
    await user.tab();
    const address = field('Address');
    await waitFor(() => expect(address.getAttribute('aria-invalid')).toBe('true'));
    const messageId = address.getAttribute('aria-describedby') ?? '';
    const described = () => messageId.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
    const mainSays = world.core.registries.validate({ name: '', address: 'https://bad host', patterns: [], isDefault: false }).address;
    expect(mainSays).toBeTruthy();
    await waitFor(() => expect(described()).toContain(mainSays));

    await user.click(screen.getByTestId('registry-save'));
    await waitFor(() => expect(document.activeElement).toBe(field('Name')));
    expect(world.core.registries.records()).toHaveLength(0);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('adds a registry main accepts, and closes', async () => {
    const world = startWorld();
    const user = userEvent.setup();
    const onSaved = vi.fn();
    const onClose = vi.fn();
    render(<RegistryFormDialog target={{ mode: 'add' }} secretStorage="memory" onClose={onClose} onSaved={onSaved} />);
    await user.type(field('Name'), 'Work');
    await user.type(field('Address'), 'registry.example.com:5000');
    await user.type(field('Username'), 'ci');
    await user.type(field('Password or token'), 's3cret-token');
    await user.click(screen.getByTestId('registry-save'));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(world.core.registries.records().map((record) => record.address)).toEqual(['registry.example.com:5000']);
    expect(onSaved.mock.calls[0]?.[1]).toBe('registry.example.com:5000');
    // The typed secret never went into the markup.
    expect(document.body.innerHTML).not.toContain('s3cret-token');
  });

  it('asks for a username when a password is typed without one, at once', async () => {
    startWorld();
    const user = userEvent.setup();
    render(<RegistryFormDialog target={{ mode: 'add' }} secretStorage="memory" onClose={() => undefined} />);
    await user.type(field('Password or token'), 'token');
    await waitFor(() => expect(field('Username').getAttribute('aria-invalid')).toBe('true'));
  });

  it('offers storing without a keyring only where there is none, and sends that consent with the registry', async () => {
    const world = startWorld({ secretStorage: 'basic-text' });
    const user = userEvent.setup();
    const onClose = vi.fn();
    const { unmount } = render(<RegistryFormDialog target={{ mode: 'add' }} secretStorage="os-keyring" onClose={() => undefined} />);
    expect(screen.queryByRole('checkbox', { name: /without a keyring/i })).toBeNull();
    unmount();

    render(<RegistryFormDialog target={{ mode: 'add' }} secretStorage="basic-text" onClose={onClose} />);
    const consent = screen.getByRole<HTMLInputElement>('checkbox', { name: /without a keyring/i });
    expect(consent.checked).toBe(false);
    await user.type(field('Name'), 'Work');
    await user.type(field('Address'), 'registry.example.com');
    await user.click(consent);
    await user.click(screen.getByTestId('registry-save'));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(world.core.registries.list()[0]?.allowWeakSecretStorage).toBe(true);
  });

  it('changing the host of a registry with a stored secret asks for the secret again', async () => {
    const world = startWorld();
    const stored = await world.core.registries.add({ name: 'Work', address: 'one.example.com', username: 'ci', secret: 'stored-secret', patterns: [], isDefault: false });
    const user = userEvent.setup();
    render(<RegistryFormDialog target={{ mode: 'edit', registry: stored }} secretStorage="memory" onClose={() => undefined} />);
    const dialog = screen.getByTestId('registry-form');
    expect(within(dialog).getByText(/Stored — leave empty to keep it, or type/)).toBeTruthy();
    await user.tripleClick(field('Address'));
    await user.keyboard('two.example.com');
    expect(field('Address').value).toBe('two.example.com');
    await waitFor(() => expect(field('Password or token').getAttribute('aria-invalid')).toBe('true'), { timeout: 3000 });
  });
});
