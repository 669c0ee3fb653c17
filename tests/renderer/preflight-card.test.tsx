import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { PreflightView } from '../../preload/api';
import type { CallState } from '../../renderer/bridge';
import { CallFailedError } from '../../renderer/bridge/call';
import { PreflightCard, type PreflightCardProps } from '../../renderer/stacks/PreflightCard';

type PreflightService = PreflightView['services'][number];

const teamRegistry = {
  reference: 'ghcr.io/team/api:2',
  host: 'ghcr.io',
  source: 'registry' as const,
  summary: "ghcr.io/team/api:2 uses registry 'Team GHCR' (pattern 'ghcr.io/team/*' → ghcr.io/team/*) as ci, sent to ghcr.io.",
  reason: "Uses registry 'Team GHCR' (pattern 'ghcr.io/team/*' → ghcr.io/team/*) as ci, sent to ghcr.io.",
  username: 'ci',
  registry: { id: 'r1', name: 'Team GHCR' },
  pattern: { written: 'ghcr.io/team/*', expanded: 'ghcr.io/team/*' },
  considered: [],
};

const services: PreflightService[] = [
  { service: 'api', image: 'ghcr.io/team/api:2', canonical: 'ghcr.io/team/api:2', build: false, platform: 'linux/amd64', credential: teamRegistry, local: false, action: 'pull', reason: 'Not on the engine yet.' },
  {
    service: 'web',
    image: 'nginx',
    canonical: 'docker.io/library/nginx:latest',
    build: false,
    pullPolicy: 'missing',
    credential: {
      reference: 'docker.io/library/nginx:latest',
      host: 'docker.io',
      source: 'anonymous',
      summary: 'nginx: no stored registry for docker.io and the Docker config (/home/u/.docker/config.json) has no credentials for it: anonymous pull.',
      reason: 'No stored registry for docker.io and the Docker config (/home/u/.docker/config.json) has no credentials for it: anonymous pull.',
      considered: [],
    },
    local: true,
    action: 'use-local',
    reason: 'pull_policy: missing and the engine has it.',
  },
  { service: 'worker', image: '', build: true, action: 'build', reason: 'It has a build: section and no image.' },
];

function preflightView(patch: Partial<PreflightView> = {}): PreflightView {
  return { stackId: 'app:shop', project: 'shop', services, problems: [], files: ['compose.yaml', 'compose.override.yaml'], compose: 'docker compose (CLI plugin) 2.29.1', ok: true, ...patch };
}

function loaded(value: PreflightView, reload = () => undefined): CallState<PreflightView> {
  return { status: 'success', value, error: undefined, reload };
}

function showCard(patch: Partial<PreflightCardProps> = {}) {
  const props: PreflightCardProps = {
    preflight: loaded(preflightView()),
    unsaved: false,
    deployed: false,
    deployRunning: false,
    starting: false,
    onDeploy: vi.fn(),
    startError: undefined,
    ...patch,
  };
  return { ...render(<PreflightCard {...props} />), props };
}

const deployButton = () => screen.getByRole('button', { name: 'Deploy' });

describe('the preflight card', () => {
  it('lists each service with its image, the credentials it is pulled with, whether the engine has it and the planned action', () => {
    showCard();
    const table = screen.getByRole('table', { name: 'Images and planned actions per service' });
    const rows = within(table).getAllByTestId('preflight-row');
    expect(rows.map((row) => [row.dataset.service, row.dataset.action, row.dataset.local])).toEqual([
      ['api', 'pull', 'false'],
      ['web', 'use-local', 'true'],
      ['worker', 'build', undefined],
    ]);
    const [api, web, worker] = rows.map((row) => within(row as HTMLElement));
    expect(api?.getByText('Stored registry “Team GHCR”').parentElement?.textContent).toMatch(/^Stored registry “Team GHCR” as ci/);
    expect(api?.getByText('ghcr.io/team/*')).toBeTruthy();
    // The image is in its own column: the cell says the choice without it, and the whole sentence on hover.
    const apiChoice = api?.getByText("Uses registry 'Team GHCR' (pattern 'ghcr.io/team/*' → ghcr.io/team/*) as ci, sent to ghcr.io.");
    expect(apiChoice?.closest('[title]')?.getAttribute('title')).toBe(teamRegistry.summary);
    expect(api?.getByText('linux/amd64')).toBeTruthy();
    expect(api?.getByText('No')).toBeTruthy();
    expect(api?.getByText('Pull')).toBeTruthy();
    expect(api?.getByText('Not on the engine yet.')).toBeTruthy();
    // The image as written, when main had to complete it.
    expect(web?.getByText(/written/).textContent).toContain('nginx');
    expect(web?.getByText('pull_policy: missing')).toBeTruthy();
    expect(web?.getByText('Anonymous')).toBeTruthy();
    expect(web?.getByText(/^No stored registry for docker.io/)).toBeTruthy();
    expect(web?.queryByText(/^nginx: no stored registry/)).toBeNull();
    expect(web?.getByText('Yes')).toBeTruthy();
    expect(web?.getByText('Use local')).toBeTruthy();
    expect(worker?.getByText('Built from its build: section')).toBeTruthy();
    expect(worker?.getByText('Not pulled')).toBeTruthy();
    expect(worker?.getByText('Unknown').title).toBe('The engine could not be asked');
    expect(worker?.getByText('Build')).toBeTruthy();

    expect(screen.getByTestId('preflight-files').textContent).toBe('Files, merged in this order: compose.yaml, compose.override.yaml');
    expect(screen.getByText('docker compose (CLI plugin) 2.29.1')).toBeTruthy();
  });

  it('a clean preflight lets the user deploy from the keyboard; Redeploy is offered once the stack has containers', async () => {
    const { props, rerender } = showCard();
    expect(screen.queryByTestId('stack-redeploy')).toBeNull();
    expect(screen.getByText('Ready to deploy.')).toBeTruthy();
    const user = userEvent.setup({ delay: null });
    deployButton().focus();
    await user.keyboard('{Enter}');
    expect(props.onDeploy).toHaveBeenCalledWith(false);

    rerender(<PreflightCard {...props} deployed />);
    const redeploy = screen.getByRole('button', { name: 'Redeploy' });
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(redeploy);
    await user.keyboard(' ');
    expect(props.onDeploy).toHaveBeenLastCalledWith(true);
  });

  it('errors block the deploy and say how many there are to fix; warnings are listed but let it go ahead', () => {
    const problems = [
      { code: 'IMAGE_MISSING', severity: 'error' as const, message: 'Service api has no image.', service: 'api', line: 3, column: 5 },
      { code: 'PORT', severity: 'error' as const, message: 'Port 80 is used twice.', line: 9 },
      { code: 'VERSION', severity: 'warning' as const, message: 'version: is obsolete.' },
    ];
    const { props, rerender } = showCard({ preflight: loaded(preflightView({ problems, ok: false })) });
    const callout = within(screen.getByTestId('preflight-problems'));
    expect(callout.getByText('2 problems to fix before deploying')).toBeTruthy();
    expect(within(callout.getByRole('list', { name: 'Preflight problems' })).getAllByRole('listitem')).toHaveLength(3);
    expect((deployButton() as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('Fix the 2 errors above the table to deploy.').id).toBe(deployButton().getAttribute('aria-describedby'));

    rerender(<PreflightCard {...props} preflight={loaded(preflightView({ problems: problems.slice(2), ok: true }))} />);
    expect(within(screen.getByTestId('preflight-problems')).getByText('1 warning: the deploy can go ahead')).toBeTruthy();
    expect((deployButton() as HTMLButtonElement).disabled).toBe(false);
  });

  it('says why Deploy is off: unsaved changes, a deploy running, still checking, or the check failed (with why)', () => {
    const { props, rerender } = showCard({ unsaved: true, deployed: true });
    const reason = () => document.getElementById(deployButton().getAttribute('aria-describedby') ?? '')?.textContent;
    const off = () => [(deployButton() as HTMLButtonElement).disabled, (screen.getByRole('button', { name: 'Redeploy' }) as HTMLButtonElement).disabled];
    expect(reason()).toBe('Save your changes to deploy them.');
    expect(off()).toEqual([true, true]);
    rerender(<PreflightCard {...props} unsaved={false} deployRunning />);
    expect(reason()).toBe('A deploy is running.');
    expect(off()).toEqual([true, true]);

    rerender(<PreflightCard {...props} unsaved={false} preflight={{ status: 'loading', value: undefined, error: undefined, reload: () => undefined }} />);
    expect(reason()).toBe('Checking the stack…');
    expect(screen.getByRole('status', { name: 'Checking the stack' })).toBeTruthy();
    expect(off()).toEqual([true, true]);

    const failed = new CallFailedError('stacks.preflight', 'STACK_NOT_FOUND', 'The compose file of shop is gone.');
    rerender(<PreflightCard {...props} unsaved={false} preflight={{ status: 'error', value: undefined, error: failed, reload: () => undefined }} />);
    expect(reason()).toBe('The preflight could not run.');
    expect(screen.getByRole('heading', { name: 'Could not check the stack' })).toBeTruthy();
    expect(screen.getByTestId('error-cause').textContent).toBe('The compose file of shop is gone.');
    expect(off()).toEqual([true, true]);
  });

  it('while checking again, the last answer stays, dimmed, and Check again asks main once more', async () => {
    const reload = vi.fn();
    const { props, rerender } = showCard({ preflight: loaded(preflightView(), reload) });
    await userEvent.setup({ delay: null }).click(screen.getByRole('button', { name: 'Check again' }));
    expect(reload).toHaveBeenCalledTimes(1);
    rerender(<PreflightCard {...props} preflight={{ status: 'loading', value: preflightView(), error: undefined, reload }} />);
    expect(screen.getByRole('table').classList.contains('stacks-table--stale')).toBe(true);
    expect(screen.getAllByTestId('preflight-row')).toHaveLength(3);
    expect(screen.getByRole('button', { name: 'Check again' }).getAttribute('aria-busy')).toBe('true');
  });

  it('a deploy main refused to start says so, with main’s reason', () => {
    showCard({ startError: { code: 'STACK_BUSY', message: 'shop is already being deployed.' } });
    const alert = screen.getByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'The deploy did not start' })).toBeTruthy();
    expect(within(alert).getByTestId('error-cause').textContent).toBe('shop is already being deployed.');
  });
});
