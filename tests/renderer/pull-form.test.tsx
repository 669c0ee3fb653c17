import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { PullRequest, StevedoreBridge } from '../../preload/api';
import { PullForm } from '../../renderer/pull/PullForm';
import { DEFAULT_PLATFORM, type PullDraft } from '../../renderer/pull/pullDraft';
import { pullStore } from '../../renderer/pull/pullStore';
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

type Envelope = Awaited<ReturnType<StevedoreBridge['invoke']>>;

/**
 * `registry.inspect` answered only when the test says, as a slow registry does (15 s to time out); every other
 * call goes to the real core. Call before `pullRequests`, which records calls through this stand-in.
 */
function slowRegistry(world: RendererWorld) {
  const asks: Array<{ image: string; answer: (envelope: Envelope) => void }> = [];
  const real = world.bridge.invoke.bind(world.bridge);
  vi.spyOn(world.bridge, 'invoke').mockImplementation(((name, request) => {
    if (name !== 'registry.inspect') return real(name, request);
    return new Promise<Envelope>((answer) => asks.push({ image: (request as { image: string }).image, answer }));
  }) as StevedoreBridge['invoke']);
  return {
    asked: () => asks.map((ask) => ask.image),
    unreachable: (message: string) => act(async () => asks.at(-1)!.answer({ ok: false, error: { code: 'REGISTRY_UNREACHABLE', message } } as Envelope)),
  };
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

  it('after its pull fails, the line under the image no longer says the registry is being asked, nor repeats the failure; another tag asks again', { timeout: 30_000 }, async () => {
    const world = startWorld();
    const registry = slowRegistry(world);
    const sent = pullRequests(world);
    const user = userEvent.setup({ delay: null });
    render(<Form />);
    await user.type(imageField(), 'registry.example.com/team/app:1');
    await waitFor(() => expect(registry.asked()).toEqual(['registry.example.com/team/app:1']));
    expect(screen.getByTestId('remote-image').textContent).toBe('Asking the registry about this tag…');

    await user.click(screen.getByTestId('pull-submit'));
    await waitFor(() => expect(sent()).toHaveLength(1));
    // The engine refuses: the pull fails (its panel, beside the form on the Pull screen, says why) while the registry is still silent.
    await waitFor(() => expect(pullStore.getSnapshot().items.map((pull) => pull.state)).toEqual(['failed']));
    expect(screen.queryByTestId('remote-image')).toBeNull();
    // The registry's own late failure is the same news: not said a second time under the image.
    await registry.unreachable('registry.example.com could not be reached: the connection was refused.');
    expect(screen.queryByTestId('remote-image-error')).toBeNull();

    // Another tag has not failed: the form asks the registry about it again, and says so.
    await user.type(imageField(), '.1');
    await waitFor(() => expect(registry.asked()).toEqual(['registry.example.com/team/app:1', 'registry.example.com/team/app:1.1']));
    expect(screen.getByTestId('remote-image').textContent).toBe('Asking the registry about this tag…');
  });
});
