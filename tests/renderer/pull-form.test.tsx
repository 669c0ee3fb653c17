import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { PullRequest } from '../../preload/api';
import { PullForm } from '../../renderer/pull/PullForm';
import { DEFAULT_PLATFORM, type PullDraft } from '../../renderer/pull/pullDraft';
import { startWorld, type RendererWorld } from './harness';

/** The form as the Pull screen holds it (the draft outside it), starting empty in every test. */
function Form({ onStarted = () => undefined }: { onStarted?: () => void }) {
  const [draft, setDraft] = useState<PullDraft>({ image: '', platformChoice: DEFAULT_PLATFORM, otherPlatform: '', authOpen: false });
  return <PullForm draft={draft} onDraftChange={(patch) => setDraft((previous) => ({ ...previous, ...patch }))} onStarted={onStarted} focusRequest={undefined} />;
}

/**
 * Every pulls.start request the renderer sent over the bridge, as sent. Main then runs the pull, and the engine
 * refuses the connection as a stopped one does (docker-modem itself cannot run under happy-dom's globals).
 */
function pullRequests(world: RendererWorld): () => PullRequest[] {
  vi.spyOn(world.core.engine, 'docker').mockImplementation(() => {
    throw Object.assign(new Error('connect ECONNREFUSED /nonexistent/stevedore-renderer-test.sock'), { code: 'ECONNREFUSED' });
  });
  const invoke = vi.spyOn(world.bridge, 'invoke');
  return () => invoke.mock.calls.filter(([name]) => name === 'pulls.start').map(([, request]) => request as PullRequest);
}

function imageField(): HTMLInputElement {
  return screen.getByRole('combobox', { name: 'Image' });
}

describe('the pull form, over the real bridge and core', () => {
  it('suggests favourites and recent pulls as you type; picking a recent one takes its platform too', { timeout: 30_000 }, async () => {
    const world = startWorld();
    await world.core.library.setFavourite('team/app:1', true);
    await world.core.library.recordPull('nginx:1.27', 'linux/arm64');
    const user = userEvent.setup({ delay: null });
    render(<Form />);

    await user.type(imageField(), 'ngi');
    const listbox = await screen.findByRole('listbox', { name: 'Suggestions' });
    await waitFor(() => expect(within(listbox).getAllByRole('option').map((option) => option.textContent)).toEqual([expect.stringContaining('nginx:1.27')]));
    await user.click(within(listbox).getByRole('option'));
    expect(imageField().value).toBe('nginx:1.27');
    expect((screen.getByLabelText('Platform') as HTMLSelectElement).value).toBe('linux/arm64');

    await user.clear(imageField());
    await user.type(imageField(), 'team');
    await waitFor(() => expect(within(screen.getByRole('listbox', { name: 'Suggestions' })).getByRole('option').textContent).toContain('team/app:1'));
  });

  it('sends the platform chosen, a typed one under Other…', { timeout: 30_000 }, async () => {
    const world = startWorld();
    const sent = pullRequests(world);
    const user = userEvent.setup({ delay: null });
    render(<Form />);
    await user.type(imageField(), 'alpine:3.20');
    await user.selectOptions(screen.getByLabelText('Platform'), 'Other…');
    await user.type(screen.getByLabelText('Other platform'), 'linux/riscv64');
    await user.click(screen.getByTestId('pull-submit'));
    await waitFor(() => expect(sent()).toHaveLength(1));
    expect(sent()[0]).toEqual({ image: 'alpine:3.20', platform: 'linux/riscv64' });
  });

  // The hang limits are for a busy machine (typing is slow under happy-dom); nothing here measures time.
  it('one-time credentials: shown on request, both asked for, sent with the pull, the password cleared once it started', { timeout: 30_000 }, async () => {
    const world = startWorld();
    const sent = pullRequests(world);
    const onStarted = vi.fn();
    const user = userEvent.setup({ delay: null });
    render(<Form onStarted={onStarted} />);
    const username = screen.getByLabelText('Username');
    expect(username.closest('[hidden]')).not.toBeNull();

    await user.click(screen.getByTestId('pull-auth-toggle'));
    expect(screen.getByTestId('pull-auth-toggle').getAttribute('aria-expanded')).toBe('true');
    expect(username.closest('[hidden]')).toBeNull();
    await user.type(imageField(), 'registry.example.com/team/app:1');
    await user.type(username, 'carol');
    await user.click(screen.getByTestId('pull-submit'));
    // Half of them is not used: the form says so and sends nothing.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Password or token')));
    expect(screen.getByText(/Enter both a username and a password/)).toBeTruthy();
    expect(sent()).toHaveLength(0);

    await user.type(screen.getByLabelText('Password or token'), 'one-time-s3cret');
    await user.click(screen.getByTestId('pull-submit'));
    await waitFor(() => expect(onStarted).toHaveBeenCalled());
    expect(sent()[0]).toEqual({ image: 'registry.example.com/team/app:1', oneTimeCredentials: { username: 'carol', password: 'one-time-s3cret' } });
    expect((screen.getByLabelText('Password or token') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('Username') as HTMLInputElement).value).toBe('carol');
    expect(document.body.innerHTML).not.toContain('one-time-s3cret');
  });
});
