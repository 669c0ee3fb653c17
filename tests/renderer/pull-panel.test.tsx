import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { PullView } from '../../preload/api';
import { PullPanel } from '../../renderer/pull/PullPanel';
import { pullView } from './pull-view';

const MB = 1_000_000;

const IMAGE = 'registry.invalid/team/app:1';

/** A pull from a registry other than Docker Hub: the panel's pull-limit card (tested on its own) asks main nothing. */
const pull = (patch: Partial<PullView> = {}): PullView => pullView('app', { image: IMAGE, familiar: IMAGE, ...patch });

/** The panel for `pull`, with spies for what the page does when the user cancels or pulls again. */
function showPull(pull: PullView, state: { cancelling?: boolean; pullingAgain?: boolean } = {}) {
  const onCancel = vi.fn();
  const onPullAgain = vi.fn();
  const view = render(<PullPanel pull={pull} onCancel={onCancel} cancelling={state.cancelling ?? false} onPullAgain={onPullAgain} pullingAgain={state.pullingAgain ?? false} />);
  return { ...view, onCancel, onPullAgain };
}

const running = pull({
  state: 'pulling',
  platform: 'linux/arm64',
  credential: { source: 'registry', summary: 'Registry “Team” (ci)', reason: 'Registry “Team” (ci)' },
  layers: [
    { id: 'sha256:aaaaaaaaaaaa1111', status: 'Downloading', phase: 'downloading', current: 12 * MB, total: 48 * MB },
    { id: 'sha256:bbbbbbbbbbbb2222', status: 'Already exists', phase: 'exists', current: 0, total: 0 },
    { id: 'sha256:cccccccccccc3333', status: 'Waiting', phase: 'waiting', current: 0, total: 0 },
  ],
  bytesDone: 12 * MB,
  bytesTotal: 48 * MB,
  percent: 25,
  bytesPerSecond: 3 * MB,
  etaSeconds: 12,
});

describe('a pull panel', () => {
  it('while pulling: overall bar, bytes, rate and time left, the credentials used, and one row per layer with its own bar', () => {
    showPull(running);
    const overall = screen.getByRole('progressbar', { name: `Pulling ${IMAGE}` });
    expect(overall.getAttribute('aria-valuenow')).toBe('25');
    expect(overall.getAttribute('aria-valuetext')).toBe('25%, 12 MB of 48 MB');
    const stats = screen.getByTestId('pull-progress');
    expect(within(stats).getByText('3 MB/s')).toBeTruthy();
    expect(within(stats).getByText('about 12 s left')).toBeTruthy();
    expect(screen.getByTestId('pull-credential').textContent).toBe('Registry “Team” (ci)');
    expect(screen.getByText('linux/arm64')).toBeTruthy();

    const layers = within(screen.getByRole('table', { name: `Layers of ${IMAGE}` })).getAllByTestId('pull-layer');
    expect(layers.map((row) => [row.dataset.phase, ...[...(row as HTMLTableRowElement).cells].map((cell) => cell.textContent)])).toEqual([
      ['downloading', 'aaaaaaaaaaaa', 'Downloading', '', '12 MB / 48 MB'],
      ['exists', 'bbbbbbbbbbbb', 'Already exists', '', ''],
      ['waiting', 'cccccccccccc', 'Waiting', '', ''],
    ]);
    expect(within(layers[0] as HTMLElement).getByRole('progressbar', { name: 'Layer aaaaaaaaaaaa' }).getAttribute('aria-valuenow')).toBe('25');
  });

  it('has no percentage while no layer has a size yet, and says why a queued or checking pull waits', () => {
    const { rerender } = showPull(pull({ state: 'pulling' }));
    expect(screen.getByRole('progressbar', { name: `Pulling ${IMAGE}` }).hasAttribute('aria-valuenow')).toBe(false);
    const props = { onCancel: () => undefined, cancelling: false, onPullAgain: () => undefined, pullingAgain: false };
    rerender(<PullPanel pull={pull({ state: 'queued', queuePosition: 2 })} {...props} />);
    expect(screen.getByText('Waiting for a free slot: other pulls are running')).toBeTruthy();
    rerender(<PullPanel pull={pull({ state: 'checking', platform: 'linux/arm64' })} {...props} />);
    expect(screen.getByText('Checking that the image offers linux/arm64')).toBeTruthy();
    rerender(<PullPanel pull={pull({ state: 'checking' })} {...props} />);
    expect(screen.getByText('Looking up credentials')).toBeTruthy();
  });

  it('Cancel is a button reached by Tab and pressed with Enter; while main cancels it stays focused and busy', async () => {
    const { onCancel, rerender } = showPull(running);
    const user = userEvent.setup({ delay: null });
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
    await user.keyboard('{Enter}');
    expect(onCancel).toHaveBeenCalledTimes(1);

    rerender(<PullPanel pull={running} onCancel={onCancel} cancelling onPullAgain={() => undefined} pullingAgain={false} />);
    const cancel = screen.getByTestId('pull-cancel');
    expect(document.activeElement).toBe(cancel);
    expect(cancel.getAttribute('aria-busy')).toBe('true');
    await user.keyboard('{Enter}');
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('a finished pull offers no Cancel, folds its layers away and shows digest, image id, size, time taken and credentials', async () => {
    const { onPullAgain } = showPull(
      pull({
        layers: running.layers.map((layer) => ({ ...layer, phase: 'complete', status: 'Pull complete' })),
        bytesDone: 48 * MB,
        bytesTotal: 48 * MB,
        percent: 100,
        finishedAt: '2026-11-29T10:00:42.000Z',
        digest: 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
        imageId: 'sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210',
        sizeBytes: 48 * MB,
      }),
    );
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
    expect(screen.getByText('3 layers').closest('details')?.open).toBe(false);
    const result = within(screen.getByTestId('pull-result'));
    expect(result.getByTestId('pull-digest').textContent).toBe('sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef');
    expect(result.getByTestId('pull-image-id').textContent).toBe('fedcba987654');
    expect(result.getByText('48 MB')).toBeTruthy();
    expect(result.getByText('42 s')).toBeTruthy();
    expect(result.getByText('Anonymous')).toBeTruthy();
    expect(result.getByRole('link', { name: 'Show in Images' }).getAttribute('href')).toBe('#/images');
    await userEvent.setup({ delay: null }).click(result.getByRole('button', { name: 'Pull again' }));
    expect(onPullAgain).toHaveBeenCalledWith();
  });

  it('a failure says what, why and what to do, and leads to the stored credentials when they are the cause', () => {
    showPull(
      pull({
        state: 'failed',
        bytesDone: 12 * MB,
        bytesTotal: 48 * MB,
        percent: 25,
        credential: { source: 'registry', summary: 'Registry “Team” (ci)', reason: 'Registry “Team” (ci)' },
        error: {
          code: 'UNAUTHORIZED',
          title: 'registry.invalid refused the credentials',
          cause: 'The token of “ci” was revoked.',
          fix: 'Sign in again in Registries.',
          detail: 'unauthorized: incorrect username or password',
          credential: 'Registry “Team” (ci)',
        },
      }),
    );
    const error = within(screen.getByTestId('pull-error'));
    expect(error.getByRole('heading', { name: 'registry.invalid refused the credentials' })).toBeTruthy();
    expect(error.getByTestId('error-cause').textContent).toBe('The token of “ci” was revoked.');
    expect(error.getByTestId('error-fix').textContent).toBe('Sign in again in Registries.');
    expect(error.getByTestId('error-credential').textContent).toBe('Registry “Team” (ci)');
    expect(error.getByRole('link', { name: 'Check credentials in Registries' }).getAttribute('href')).toBe('#/registries/explain/registry.invalid%2Fteam%2Fapp%3A1');
    expect(screen.getByText('Stopped at 25%')).toBeTruthy();
    // The credentials are listed by the error; the subtitle does not repeat them.
    expect(screen.queryByTestId('pull-credential')).toBeNull();
  });

  it('typed one-time credentials are not in Registries, so a refusal of them does not send the user there', () => {
    showPull(
      pull({
        state: 'failed',
        credential: { source: 'one-time', summary: 'One-time credentials for carol', reason: 'One-time credentials for carol' },
        error: { code: 'DENIED', title: 'Access denied', cause: 'carol may not pull team/app.', fix: 'Ask for access.', detail: '', credential: 'One-time credentials for carol' },
      }),
    );
    expect(screen.getByTestId('pull-error')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Check credentials in Registries' })).toBeNull();
    expect(screen.getByText('Stopped before any layer was downloaded')).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('a platform the image lacks: one button per platform it offers, each pulling that one', async () => {
    const { onPullAgain } = showPull(
      pull({
        state: 'failed',
        platform: 'linux/s390x',
        error: {
          code: 'PLATFORM',
          title: `${IMAGE} has no linux/s390x image`,
          cause: 'The image offers linux/amd64 and linux/arm64.',
          fix: 'Pull one of the platforms it offers.',
          detail: '',
          credential: 'Anonymous',
          platforms: ['linux/amd64', 'linux/arm64'],
        },
      }),
    );
    const choices = screen.getAllByTestId('pull-platform-choice');
    expect(choices.map((button) => button.textContent)).toEqual(['Pull linux/amd64', 'Pull linux/arm64']);
    await userEvent.setup({ delay: null }).click(choices[1] as HTMLElement);
    expect(onPullAgain).toHaveBeenCalledWith('linux/arm64');
  });

  it('a failure main did not explain still says what happened and what to do', () => {
    showPull(pull({ state: 'failed' }));
    const error = within(screen.getByTestId('pull-error'));
    expect(error.getByRole('heading', { name: 'The pull failed' })).toBeTruthy();
    expect(error.getByTestId('error-fix').textContent).toBe('Pull again; if it fails again, the app log has the engine’s answer.');
  });

  it('a cancelled pull says when and that finished layers are kept, with Pull again and the notes main added', async () => {
    const { onPullAgain } = showPull(
      pull({
        state: 'cancelled',
        percent: 40,
        bytesDone: 4 * MB,
        bytesTotal: 10 * MB,
        finishedAt: '2026-11-29T10:00:05.000Z',
        notes: ['The stored credentials were refused, so the pull went on anonymously.'],
      }),
    );
    expect(screen.getByTestId('pull-cancelled').textContent).toContain('Cancelled after 5 s. Layers that were already complete stay on the engine and are reused next time.');
    expect(within(screen.getByTestId('pull-notes')).getByText('The stored credentials were refused, so the pull went on anonymously.')).toBeTruthy();
    expect(screen.getByText('Stopped at 40%')).toBeTruthy();
    await userEvent.setup({ delay: null }).click(within(screen.getByTestId('pull-cancelled')).getByRole('button', { name: 'Pull again' }));
    expect(onPullAgain).toHaveBeenCalledTimes(1);
  });
  it('when the pull stops while Cancel has the focus (cancelled, failed or done), focus goes to Pull again instead of being lost', () => {
    for (const ended of [pull({ state: 'cancelled', bytesDone: 12 * MB, percent: 25 }), pull({ state: 'failed' }), pull({ state: 'done', percent: 100 })]) {
      const shown = showPull(running);
      const cancel = screen.getByRole('button', { name: 'Cancel' });
      cancel.focus();
      shown.rerender(<PullPanel pull={ended} onCancel={shown.onCancel} cancelling={false} onPullAgain={shown.onPullAgain} pullingAgain={false} />);
      expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
      expect(document.activeElement, ended.state).toBe(screen.getByTestId('pull-again'));
      shown.unmount();
    }
  });

  it('leaves the focus alone when the pull stops while the user is elsewhere', () => {
    const outside = document.createElement('input');
    document.body.append(outside);
    const shown = showPull(running);
    outside.focus();
    shown.rerender(<PullPanel pull={pull({ state: 'done', percent: 100 })} onCancel={shown.onCancel} cancelling={false} onPullAgain={shown.onPullAgain} pullingAgain={false} />);
    expect(document.activeElement).toBe(outside);
    outside.remove();
  });
});
