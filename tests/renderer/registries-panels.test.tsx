import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { RegistryView } from '../../preload/api';
import { ExplainPanel } from '../../renderer/registries/ExplainPanel';
import { ImportDockerDialog } from '../../renderer/registries/ImportDockerDialog';
import { RegistryFormDialog } from '../../renderer/registries/RegistryFormDialog';
import { RegistryRow } from '../../renderer/registries/RegistryRow';
import { startWorld } from './harness';

const user = () => userEvent.setup({ delay: null });
// The panels wait for a pause in typing before they ask main; a busy machine answers later still.
const answered = { timeout: 10_000 };

function dockerConfigWith(auths: Record<string, { username: string; password: string }>): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'stevedore-import-'));
  const entries = Object.fromEntries(Object.entries(auths).map(([host, { username, password }]) => [host, { auth: Buffer.from(`${username}:${password}`).toString('base64') }]));
  writeFileSync(path.join(folder, 'config.json'), JSON.stringify({ auths: entries }));
  return folder;
}

describe('Import from Docker', () => {
  it('lists the Docker config’s registries, one already stored cannot be picked; imports the chosen ones and says so', { timeout: 30_000 }, async () => {
    const dockerConfig = dockerConfigWith({
      'ghcr.io': { username: 'octo', password: 'gh-s3cret' },
      'registry.example.com': { username: 'ci', password: 'ci-s3cret' },
      'quay.io': { username: 'q', password: 'q-s3cret' },
    });
    const world = startWorld({ host: { env: { DOCKER_CONFIG: dockerConfig } } });
    await world.core.registries.add({ name: 'Quay', address: 'quay.io', username: 'q', secret: 'x', patterns: [], isDefault: false });
    const onClose = vi.fn();
    render(<ImportDockerDialog onClose={onClose} />);

    expect((await screen.findByTestId('import-config-file')).textContent).toBe(path.join(dockerConfig, 'config.json'));
    const entry = (host: string) => within(screen.getAllByTestId('import-entry').find((row) => row.dataset.host === host) as HTMLElement);
    expect((entry('quay.io').getByRole('checkbox') as HTMLInputElement).disabled).toBe(true);
    expect(entry('quay.io').getByText(/Already in Stevedore as “Quay”/)).toBeTruthy();
    const confirm = screen.getByTestId('import-confirm') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);

    await user().click(entry('ghcr.io').getByRole('checkbox'));
    await user().click(entry('registry.example.com').getByRole('checkbox'));
    expect(confirm.textContent).toBe('Import 2 registries');
    await user().click(confirm);

    const result = await screen.findByTestId('import-result');
    expect(within(result).getAllByTestId('import-imported').map((item) => item.textContent)).toEqual([
      expect.stringContaining('ghcr.io'),
      expect.stringContaining('registry.example.com'),
    ]);
    expect(world.core.registries.list().map((registry) => registry.address).sort()).toEqual(['ghcr.io', 'quay.io', 'registry.example.com']);
    expect(document.activeElement).toBe(screen.getByTestId('import-done'));
    expect(document.body.innerHTML).not.toContain('s3cret');
    await user().click(screen.getByTestId('import-done'));
    expect(onClose).toHaveBeenCalled();
  });

  it('with no Docker config file there says so and where to set another', async () => {
    startWorld({ host: { env: { DOCKER_CONFIG: mkdtempSync(path.join(tmpdir(), 'stevedore-import-none-')) } } });
    render(<ImportDockerDialog onClose={() => undefined} />);
    expect((await screen.findByTestId('import-missing')).textContent).toContain('Settings → Docker credentials');
    expect(screen.queryAllByTestId('import-entry')).toHaveLength(0);
  });
});

describe('Which credentials will this image use?', () => {
  it('explains main’s choice for the image typed, with the registries considered, and follows registry changes', { timeout: 30_000 }, async () => {
    const world = startWorld({ host: { env: { DOCKER_CONFIG: mkdtempSync(path.join(tmpdir(), 'stevedore-explain-')) } } });
    await world.core.registries.add({ name: 'Team', address: 'ghcr.io', username: 'team-bot', secret: 'x', patterns: ['team/*'], isDefault: false });
    await world.core.registries.add({ name: 'Other', address: 'ghcr.io', username: 'other-bot', secret: 'x', patterns: ['other/*'], isDefault: false });
    render(<ExplainPanel />);
    await user().type(screen.getByLabelText('Image'), 'ghcr.io/team/app:1');

    await waitFor(() => expect(screen.getByTestId('explain-source').dataset.source).toBe('registry'), answered);
    expect(screen.getByTestId('explain-username').textContent).toContain('team-bot');
    const outcomes = Object.fromEntries(screen.getAllByTestId('explain-candidate').map((row) => [row.dataset.registryName, row.dataset.outcome]));
    expect(outcomes).toEqual({ Team: 'chosen', Other: 'no-match' });

    // Removing the registry changes the answer for the image already typed.
    const team = world.core.registries.list().find((registry) => registry.name === 'Team') as RegistryView;
    await world.core.registries.remove(team.id);
    await waitFor(() => expect(screen.getByTestId('explain-source').dataset.source).toBe('anonymous'), answered);
  });

  it('shows main’s reason at the field for an image that is not a valid reference', async () => {
    startWorld();
    render(<ExplainPanel />);
    const image = screen.getByLabelText('Image');
    await user().type(image, 'Not A Valid//Image');
    await waitFor(() => expect(image.getAttribute('aria-invalid')).toBe('true'), answered);
    expect(screen.queryByTestId('explain-source')).toBeNull();
  });
});

describe('What these patterns cover (registry form)', () => {
  it('asks for the address first, then expands each pattern and says whether a tried image matches', { timeout: 30_000 }, async () => {
    startWorld();
    render(<RegistryFormDialog target={{ mode: 'add' }} secretStorage="memory" onClose={() => undefined} />);
    const preview = within(screen.getByTestId('pattern-preview'));
    expect(preview.getByText(/Enter the registry's address/)).toBeTruthy();

    await user().type(screen.getByLabelText('Address', { selector: 'input' }), 'ghcr.io');
    await waitFor(() => expect(preview.getByText(/No patterns: every image on this host/)).toBeTruthy(), answered);
    await user().type(screen.getByLabelText('Image Patterns', { selector: 'input' }), 'team/*{Enter}');
    await waitFor(() => expect(preview.getAllByTestId('pattern-preview-row')[0]?.textContent).toContain('ghcr.io/team/*'), answered);

    const sample = screen.getByLabelText('Try an image', { selector: 'input' });
    await user().type(sample, 'ghcr.io/team/app:1');
    const result = screen.getByTestId('pattern-sample-result');
    await waitFor(() => expect(result.dataset.matched).toBe('true'), answered);
    expect(result.textContent).toContain('matches via');
    await user().clear(sample);
    await user().type(sample, 'ghcr.io/else/app:1');
    await waitFor(() => expect(result.dataset.matched).toBe('false'), answered);
    expect(result.textContent).toContain('is not matched');
  });
});

describe('A registry row’s Test', () => {
  it('shows Not checked, then main’s answer for these credentials with when it was checked', { timeout: 30_000 }, async () => {
    const world = startWorld();
    // The engine signs in to the registry for main (docker.checkAuth): faked here, at the engine boundary.
    const checkAuth = vi.fn(async () => {
      throw Object.assign(new Error('(HTTP code 401) unexpected - unauthorized: incorrect username or password'), { statusCode: 401 });
    });
    vi.spyOn(world.core.engine, 'docker').mockReturnValue({ checkAuth } as never);
    const stored = await world.core.registries.add({ name: 'Work', address: 'registry.example.com', username: 'ci', secret: 'wrong', patterns: [], isDefault: false });
    const { rerender } = render(<RegistryRow registry={stored} onEdit={() => undefined} onDelete={() => undefined} />);
    const result = () => screen.getByTestId('registry-check-result');
    expect(result().textContent).toBe('Not checked');
    await user().click(screen.getByRole('button', { name: 'Test the credentials of Work' }));
    await waitFor(() => expect(result().dataset.ok).toBe('false'), answered);
    expect(result().textContent).toMatch(/^Failed: .+\(.+\)$/);
    expect(result().querySelector('time')?.getAttribute('dateTime')).toBeTruthy();

    checkAuth.mockResolvedValue({} as never);
    await user().click(screen.getByRole('button', { name: 'Test the credentials of Work' }));
    await waitFor(() => expect(result().dataset.ok).toBe('true'), answered);
    expect(result().textContent).toMatch(/^Verified /);
    expect(checkAuth).toHaveBeenCalledWith(expect.objectContaining({ username: 'ci', password: 'wrong' }));

    // New credentials: main forgets the last check, and the row's older answer must not stand in for it.
    const changed = await world.core.registries.update({ id: stored.id, name: 'Work', address: 'registry.example.com', username: 'ci', secret: 'right', patterns: [], isDefault: false });
    rerender(<RegistryRow registry={changed} onEdit={() => undefined} onDelete={() => undefined} />);
    expect(changed.lastVerified).toBeUndefined();
    expect(result().textContent).toBe('Not checked');
  });

  it('a registry without credentials: main says there is nothing to test and what to do', async () => {
    const world = startWorld();
    const stored = await world.core.registries.add({ name: 'Open', address: 'open.example.com', patterns: [], isDefault: false });
    render(<RegistryRow registry={stored} onEdit={() => undefined} onDelete={() => undefined} />);
    await user().click(screen.getByRole('button', { name: 'Test the credentials of Open' }));
    await waitFor(() => expect(screen.getByTestId('registry-check-result').textContent).toContain('Add credentials to test them'), answered);
  });

  it('a Test main cannot run (the registry is gone) says Could not test and why', async () => {
    const world = startWorld();
    const stored = await world.core.registries.add({ name: 'Gone', address: 'gone.example.com', username: 'ci', secret: 'x', patterns: [], isDefault: false });
    await world.core.registries.remove(stored.id);
    render(<RegistryRow registry={stored} onEdit={() => undefined} onDelete={() => undefined} />);
    await user().click(screen.getByRole('button', { name: 'Test the credentials of Gone' }));
    await waitFor(() => expect(screen.getByTestId('registry-check-result').textContent).toMatch(/^Could not test: ./), answered);
  });

  it('Edit and Delete hand the registry to the screen', async () => {
    const world = startWorld();
    const stored = await world.core.registries.add({ name: 'Work', address: 'work.example.com', patterns: ['team/*'], isDefault: true });
    const onEdit = vi.fn();
    const onDelete = vi.fn();
    render(<RegistryRow registry={stored} onEdit={onEdit} onDelete={onDelete} />);
    expect(screen.getByTestId('registry-default').textContent).toBe('Default for work.example.com');
    await user().click(screen.getByRole('button', { name: 'Edit Work' }));
    await user().click(screen.getByRole('button', { name: 'Delete Work' }));
    expect(onEdit).toHaveBeenCalledWith(stored);
    expect(onDelete).toHaveBeenCalledWith(stored);
  });
});
