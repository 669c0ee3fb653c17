import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeployView, StackStatus } from '../../preload/api';
import { DeployCard } from '../../renderer/stacks/DeployCard';

type DeployPull = DeployView['pulls'][number];

function imagePull(image: string, patch: Partial<DeployPull> = {}): DeployPull {
  return { image, services: [], state: 'waiting', percent: 0, ...patch };
}

function deployView(patch: Partial<DeployView> = {}): DeployView {
  return {
    id: 'd1',
    stackId: 'app:shop',
    project: 'shop',
    redeploy: false,
    state: 'checking',
    startedAt: '2026-11-29T10:00:00.000Z',
    percent: 0,
    pulls: [],
    services: [],
    log: [],
    logDropped: 0,
    ...patch,
  };
}

const pulls: DeployPull[] = [
  imagePull('ghcr.io/team/api:2', {
    services: ['api', 'migrate'],
    platform: 'linux/amd64',
    pullId: 'p-api',
    state: 'done',
    percent: 100,
    credential: {
      source: 'registry',
      summary: "ghcr.io/team/api:2 uses registry 'Team GHCR' (pattern 'ghcr.io/team/*' → ghcr.io/team/*) as ci, sent to ghcr.io.",
      reason: "Uses registry 'Team GHCR' (pattern 'ghcr.io/team/*' → ghcr.io/team/*) as ci, sent to ghcr.io.",
    },
  }),
  imagePull('docker.io/library/nginx:1.27', { services: ['web'], pullId: 'p-web', state: 'pulling', percent: 40, credential: { source: 'anonymous', summary: 'nginx:1.27: no stored registry for docker.io and the Docker config has no credentials for it: anonymous pull.', reason: 'No stored registry for docker.io and the Docker config has no credentials for it: anonymous pull.' } }),
  imagePull('docker.io/library/redis:7', { services: ['cache'], state: 'waiting' }),
];

/** Each step's label with the state a screen reader hears after it, and which one is current. */
function steps(): Array<[string, string | null]> {
  const list = screen.getByRole('list', { name: 'Deploy steps' });
  return within(list)
    .getAllByRole('listitem')
    .map((step) => [step.textContent ?? '', step.getAttribute('aria-current')]);
}

describe('the deploy card', () => {
  it('while checking: the first step is current, nothing to pull is said, and the log is empty so far', () => {
    render(<DeployCard deploy={deployView()} />);
    expect(screen.getByRole('heading', { name: 'Deploying' })).toBeTruthy();
    expect(screen.getByTestId('deploy-phase').textContent).toBe('Checking the stack');
    expect(steps()).toEqual([
      ['CheckPlan and problems, current', 'step'],
      ['Pull imagesNothing to pull, pending', null],
      ['Docker ComposeBuild and up, pending', null],
    ]);
    expect(screen.queryByRole('progressbar', { name: 'Images pulled' })).toBeNull();
    expect(within(screen.getByRole('log', { name: 'Deploy log' })).getByText('Nothing yet.')).toBeTruthy();
  });

  it('while pulling: how many images are pulled, and per image its services, platform, credentials, state and bar, linked to its pull', () => {
    render(<DeployCard deploy={deployView({ state: 'pulling', redeploy: true, percent: 47, pulls })} />);
    expect(screen.getByRole('heading', { name: 'Redeploying' })).toBeTruthy();
    expect(screen.getByTestId('deploy-phase').textContent).toBe('Pulling 3 images… 1 of 3 images pulled');
    expect(steps().map(([text, current]) => [text.split(', ')[1], current])).toEqual([
      ['complete', null],
      ['current', 'step'],
      ['pending', null],
    ]);
    expect(steps()[1]?.[0]).toBe('Pull images3 images, current');
    const overall = screen.getByRole('progressbar', { name: 'Images pulled' });
    expect(overall.getAttribute('aria-valuenow')).toBe('47');
    expect(overall.getAttribute('aria-valuetext')).toBe('47%, 1 of 3 images pulled');

    const rows = within(screen.getByRole('list', { name: 'Images' })).getAllByTestId('deploy-image');
    expect(rows.map((row) => [row.dataset.image, row.dataset.state])).toEqual([
      ['ghcr.io/team/api:2', 'done'],
      ['docker.io/library/nginx:1.27', 'pulling'],
      ['docker.io/library/redis:7', 'waiting'],
    ]);
    const [api, web, redis] = rows.map((row) => within(row as HTMLElement));
    expect(api?.getByText('for api, migrate')).toBeTruthy();
    expect(api?.getByText('linux/amd64')).toBeTruthy();
    expect(api?.getByText('Stored registry')).toBeTruthy();
    // The image names the row: its credentials are said without it, and whole on hover.
    const apiChoice = api?.getByText("Uses registry 'Team GHCR' (pattern 'ghcr.io/team/*' → ghcr.io/team/*) as ci, sent to ghcr.io.");
    expect(apiChoice?.getAttribute('title')).toMatch(/^ghcr.io\/team\/api:2 uses registry 'Team GHCR'/);
    expect(api?.getByText('Pulled')).toBeTruthy();
    expect(api?.getByRole('link', { name: 'Pull details of ghcr.io/team/api:2' }).getAttribute('href')).toBe('#/pull/p-api');
    const webBar = web?.getByRole('progressbar', { name: 'Pull of docker.io/library/nginx:1.27' });
    expect([webBar?.getAttribute('aria-valuenow'), webBar?.getAttribute('aria-valuetext')]).toEqual(['40', 'Pulling, 40%']);
    // An image still waiting for its turn has no honest percentage, nor a pull page yet.
    expect(redis?.getByRole('progressbar').hasAttribute('aria-valuenow')).toBe(false);
    expect(redis?.queryByRole('link')).toBeNull();
  });

  it('a failed pull marks its image and the pull step, and the error says what, why and what to do with the credentials used', () => {
    const failedPull = imagePull('ghcr.io/team/api:2', {
      services: ['api'],
      state: 'failed',
      percent: 10,
      error: { code: 'UNAUTHORIZED', title: 'ghcr.io refused the credentials', cause: 'The token expired.', fix: 'Sign in again in Registries.', detail: '401', credential: 'Team GHCR' },
    });
    render(
      <DeployCard
        deploy={deployView({
          state: 'failed',
          finishedAt: '2026-11-29T10:00:30.000Z',
          pulls: [failedPull],
          error: { code: 'UNAUTHORIZED', title: 'ghcr.io refused the credentials', cause: 'The token expired.', fix: 'Sign in again in Registries.', detail: '401', credential: 'Team GHCR', image: 'ghcr.io/team/api:2' },
        })}
      />,
    );
    expect(screen.getByRole('heading', { name: 'Last deploy' })).toBeTruthy();
    expect(screen.getByTestId('deploy-progress').dataset.state).toBe('failed');
    expect(screen.getByTestId('deploy-phase').textContent).toBe('Deploy failed');
    expect(steps().map(([text]) => text.split(', ')[1])).toEqual(['complete', 'failed', 'pending']);
    expect(within(screen.getByTestId('deploy-image')).getByText('Failed')).toBeTruthy();
    expect(within(screen.getByTestId('deploy-image')).getByText('ghcr.io refused the credentials')).toBeTruthy();
    const error = within(screen.getByTestId('deploy-error'));
    expect(error.getByRole('heading', { name: 'ghcr.io refused the credentials' })).toBeTruthy();
    expect(error.getByTestId('error-cause').textContent).toBe('The token expired.');
    expect(error.getByTestId('error-fix').textContent).toBe('Sign in again in Registries.');
    expect(error.getByTestId('error-credential').textContent).toBe('Team GHCR');
  });

  it('a compose failure fails the last step, after the pulls', () => {
    render(
      <DeployCard
        deploy={deployView({
          state: 'failed',
          error: { code: 'COMPOSE_FAILED', title: 'Docker Compose failed', cause: 'Port 80 is taken.', fix: 'Free the port or change it.', detail: 'bind: address already in use' },
        })}
      />,
    );
    expect(steps().map(([text]) => text.split(', ')[1])).toEqual(['complete', 'complete', 'failed']);
    expect(screen.getByTestId('deploy-error').dataset.code).toBe('COMPOSE_FAILED');
  });

  it('when done: every step complete, the result per service as it is now, and lines no longer kept are counted', () => {
    const liveStatus: StackStatus = {
      stackId: 'app:shop',
      project: 'shop',
      at: '2026-11-29T10:05:00.000Z',
      services: [
        { service: 'api', state: 'exited', ports: [], containers: [] },
        { service: 'web', state: 'running', ports: ['8080:80'], containers: [] },
      ],
    };
    render(
      <DeployCard
        deploy={deployView({
          state: 'done',
          finishedAt: '2026-11-29T10:01:00.000Z',
          percent: 100,
          pulls: [pulls[0] as DeployPull],
          services: [
            { service: 'api', action: 'pull', state: 'running', ok: true },
            { service: 'web', action: 'use-local', state: 'running', ok: true },
            { service: 'cache', action: 'pull', state: 'exited', ok: false },
            { service: 'docs', action: 'none' },
          ],
          log: [
            { at: '2026-11-29T10:00:01.000Z', stream: 'stevedore', text: 'Pulling ghcr.io/team/api:2' },
            { at: '2026-11-29T10:00:50.000Z', stream: 'stderr', text: 'Container shop-web-1 Started' },
          ],
          logDropped: 12,
        })}
        liveStatus={liveStatus}
      />,
    );
    expect(screen.getByRole('heading', { name: 'Last deploy' })).toBeTruthy();
    expect(screen.getByTestId('deploy-phase').textContent).toBe('Deployed shop');
    expect(steps().map(([text]) => text.split(', ')[1])).toEqual(['complete', 'complete', 'complete']);

    const table = screen.getByRole('table', { name: 'Result per service' });
    const results = within(table).getAllByTestId('deploy-result');
    // A service compose was not asked about has no result row.
    expect(results.map((row) => [...(row as HTMLTableRowElement).cells].map((cell) => cell.textContent))).toEqual([
      // The api container stopped since the deploy: the card shows today's state, not the one compose left.
      ['api', 'Pull', 'Exited', 'OK'],
      ['web', 'Use local', 'Running', 'OK'],
      ['cache', 'Pull', 'Exited', 'Not running'],
    ]);

    const log = screen.getByRole('log', { name: 'Deploy log' });
    expect(log.dataset.lines).toBe('2');
    expect(within(log).getByText('12 earlier lines not kept')).toBeTruthy();
  });

  it('while the deploy runs, the state in the result is the one compose reported, whatever the live status says', () => {
    const liveStatus: StackStatus = { stackId: 'app:shop', project: 'shop', at: '2026-11-29T10:05:00.000Z', services: [{ service: 'api', state: 'exited', ports: [], containers: [] }] };
    render(<DeployCard deploy={deployView({ state: 'starting', services: [{ service: 'api', action: 'pull', state: 'running' }] })} liveStatus={liveStatus} />);
    expect(screen.getByTestId('deploy-phase').textContent).toBe('Starting with Docker Compose');
    expect(steps()[2]).toEqual(['Docker ComposeBuild and up, current', 'step']);
    expect(screen.getByTestId('deploy-result').dataset.state).toBe('running');
  });
});

// Deploy and Redeploy are off while the deploy runs, so the button pressed drops the focus: from the keyboard, the next
// Tab started again at the top of the window.
describe('a deploy started from this page', () => {
  // jsdom lays nothing out and has no scrollIntoView.
  const scrollIntoView = Element.prototype.scrollIntoView;
  afterEach(() => {
    cleanup();
    document.body.replaceChildren();
    Element.prototype.scrollIntoView = scrollIntoView;
  });

  it('takes the focus the Deploy button dropped, and leaves it where the user has moved it', () => {
    Element.prototype.scrollIntoView = vi.fn();
    render(<DeployCard deploy={deployView({ state: 'pulling', pulls })} reveal />);
    expect(document.activeElement).toBe(screen.getByTestId('deploy-progress'));
    expect(screen.getByTestId('deploy-progress').getAttribute('aria-label')).toBe('Deploy progress');
    cleanup();

    const elsewhere = document.body.appendChild(document.createElement('button'));
    elsewhere.focus();
    render(<DeployCard deploy={deployView({ id: 'deploy-2', state: 'pulling', pulls })} reveal />);
    expect(document.activeElement).toBe(elsewhere);
  });
});
