import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PullView } from '../../preload/api';
import { RateLimitCard } from '../../renderer/pull/RateLimitCard';
import { startWorld } from './harness';
import { pullView } from './pull-view';

const pull = (patch: Partial<PullView>): PullView => pullView('p1', { image: 'registry.invalid/team/app:1', familiar: 'registry.invalid/team/app:1', ...patch });

describe('Docker Hub pull limit card', () => {
  it('says nothing, and asks main nothing, after a pull from another registry that was not limited', () => {
    const world = startWorld();
    const { container } = render(<RateLimitCard pull={pull({})} />);
    expect(container.innerHTML).toBe('');
    expect(world.calls).not.toContain('registry.rateLimit');
  });

  it('after a rate-limited pull offers to add credentials for that registry, even when the limit’s reset is unknown', { timeout: 30_000 }, async () => {
    const world = startWorld();
    render(<RateLimitCard pull={pull({ state: 'failed', error: { code: 'RATE_LIMITED', title: 'Pull limit reached', fix: 'Wait or sign in.', detail: 'toomanyrequests' } as PullView['error'] })} />);
    const add = screen.getByTestId('rate-limit-add-credentials');
    expect(add.textContent).toBe('Add credentials for this registry');
    expect(add.getAttribute('href')).toBe('#/registries/add/registry.invalid');
    // Main is asked when the limit resets; this registry cannot say (it does not resolve).
    await waitFor(() => expect(screen.getByTestId('rate-limit').textContent).toContain('did not say when the limit resets'), { timeout: 20_000 });
    expect(world.calls).toContain('registry.rateLimit');
  });
});
