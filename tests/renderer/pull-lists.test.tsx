import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CopyButton } from '../../renderer/components/CopyButton';
import { RecentPulls } from '../../renderer/pull/RecentPulls';
import type { PullsSnapshot } from '../../renderer/pull/pullStore';
import { pullView } from './pull-view';

// The clipboard answers in a later task; a busy machine gets there later still.
const answered = { timeout: 10_000 };

const pull = pullView;

const snapshot = (patch: Partial<PullsSnapshot>): PullsSnapshot => ({ status: 'live', pulls: [], active: [], error: undefined, ...patch });

describe('Recent pulls', () => {
  it('lists each pull with its platform and state, links it to its page and marks the one shown', () => {
    const pulls = [
      pull('nginx', { state: 'pulling', percent: 42, platform: 'linux/arm64' }),
      pull('redis', { state: 'queued', queuePosition: 2 }),
      pull('alpine', { state: 'failed', finishedAt: '2026-11-29T10:01:00.000Z' }),
    ];
    render(<RecentPulls snapshot={snapshot({ pulls, active: pulls.slice(0, 2) })} shownId="redis" onRetry={() => undefined} />);
    const items = screen.getAllByTestId('pulls-recent-item');
    expect(items.map((item) => [item.dataset.id, item.dataset.state, item.getAttribute('href')])).toEqual([
      ['nginx', 'pulling', '#/pull/nginx'],
      ['redis', 'queued', '#/pull/redis'],
      ['alpine', 'failed', '#/pull/alpine'],
    ]);
    expect(items.map((item) => item.getAttribute('aria-current'))).toEqual([null, 'true', null]);
    const nginx = within(items[0] as HTMLElement);
    expect(nginx.getByText('linux/arm64')).toBeTruthy();
    expect(nginx.getByRole('progressbar', { name: 'Pulling nginx:1' }).getAttribute('aria-valuenow')).toBe('42');
    // Only a running pull has a bar.
    expect(within(items[2] as HTMLElement).queryByRole('progressbar')).toBeNull();
  });

  it('says there are none yet, that it is loading, or why it could not load with a way to try again', async () => {
    const onRetry = vi.fn();
    const { rerender } = render(<RecentPulls snapshot={snapshot({})} shownId={undefined} onRetry={onRetry} />);
    expect(screen.getByText(/No pulls yet/)).toBeTruthy();
    expect(screen.getByTestId('pulls-recent').hidden).toBe(true);
    rerender(<RecentPulls snapshot={snapshot({ status: 'loading' })} shownId={undefined} onRetry={onRetry} />);
    expect(screen.getByRole('status', { name: 'Loading pulls' })).toBeTruthy();
    rerender(<RecentPulls snapshot={snapshot({ status: 'error', error: { code: 'INTERNAL', message: 'main did not answer' } as PullsSnapshot['error'] })} shownId={undefined} onRetry={onRetry} />);
    expect(screen.getByText('Could not load the pulls: main did not answer')).toBeTruthy();
    await userEvent.setup({ delay: null }).click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });
});

describe('Copy button', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('copies the text, says so to screen readers, and is ready again a moment later', async () => {
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    render(<CopyButton text="sha256:abc" what="digest" />);
    const button = screen.getByRole('button', { name: 'Copy digest' });
    // The moment is the component's own timer: run it when the test says, not after a real wait.
    const timers: Array<() => void> = [];
    const realSetTimeout = window.setTimeout.bind(window);
    vi.spyOn(window, 'setTimeout').mockImplementation(((callback: () => void, delay?: number) =>
      // React's own zero-delay tasks still run; the component's one is held.
      delay ? timers.push(callback) : realSetTimeout(callback, delay)) as never);
    button.click();
    // The timer is set by an effect, which React runs after the commit that shows "Copied": on a loaded machine the
    // status was seen between the two.
    await vi.waitFor(() => {
      expect(screen.getByRole('status').textContent).toBe('Copied digest');
      expect(timers, 'the component set its timer to be ready again').toHaveLength(1);
    }, answered);
    expect(writeText).toHaveBeenCalledWith('sha256:abc');
    expect(button.title).toBe('Copied');
    expect(timers).toHaveLength(1);
    act(() => timers[0]?.());
    expect(screen.getByRole('status').textContent).toBe('');
    expect(button.title).toBe('Copy digest');
  });

  it('says when the clipboard refused, and what to do instead', async () => {
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'));
    render(<CopyButton text="sha256:abc" what="digest" />);
    const button = screen.getByRole('button', { name: 'Copy digest' });
    button.click();
    await vi.waitFor(() => expect(screen.getByRole('status').textContent).toBe('Could not copy digest'), answered);
    expect(button.title).toBe('Could not copy; select the text instead');
  });
});
