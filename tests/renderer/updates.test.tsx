/**
 * What users see of updates (issue 14): the badge and "what changed" line on image rows and stack services, the
 * stack header's "2 services have updates" with Update stack and its per-service result, the opt-outs, and the
 * Settings schedule. The world is the real bridge, router and core (harness.tsx); main's update answers are
 * scripted here (tests/renderer/updates-world.ts), since the checker's states are main's to decide and the
 * integration tests cover how it reaches them.
 */
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ImageView, StackStatus, StackView } from '../../preload/api';
import { ImageTable } from '../../renderer/images/ImageTable';
import { DEFAULT_SORT } from '../../renderer/images/imageOrder';
import { SettingsScreen } from '../../renderer/screens/SettingsScreen';
import { ServicesCard } from '../../renderer/stacks/ServicesCard';
import { StackHeader } from '../../renderer/stacks/StackHeader';
import { UpdatesProvider } from '../../renderer/updates/useUpdates';
import { daysAgo, imageUpdate, startUpdatesWorld } from './updates-world';

const appId = 'sha256:' + 'a'.repeat(64);
const image: ImageView = {
  id: appId,
  tags: ['127.0.0.1:5001/team/app:2.3'],
  digests: ['127.0.0.1:5001/team/app@sha256:' + '1'.repeat(64)],
  sizeBytes: 2_000_000,
  createdAt: '2026-11-01T12:00:00.000Z',
  registry: '127.0.0.1:5001',
};

function renderImages() {
  return render(
    <UpdatesProvider>
      <ImageTable images={[image]} sort={DEFAULT_SORT} onSort={() => undefined} pullFor={() => undefined} startingId={undefined} onPullAgain={() => undefined} onRemove={() => undefined} />
    </UpdatesProvider>,
  );
}

describe('Images screen rows', () => {
  it('show the badge, "2.3.6 → 2.3.7 (built 3 days ago)" and the newer tags main found', async () => {
    startUpdatesWorld([imageUpdate({ imageIds: [appId], local: { version: '2.3.6' }, remote: { version: '2.3.7', created: daysAgo(3) }, newerTags: ['2.4', '3.0'] })]);
    renderImages();
    const row = screen.getByTestId('image-row');
    const badge = await within(row).findByTestId('update-badge');
    expect(badge.textContent).toBe('Update available');
    expect(within(row).getByTestId('update-what-changed').textContent).toBe('2.3.6 → 2.3.7 (built 3 days ago)');
    expect(within(row).getByTestId('update-newer-tags').textContent).toBe('newer tags: 2.4, 3.0');
  });

  it('fall back to short digests when either side has no version label', async () => {
    startUpdatesWorld([imageUpdate({ imageIds: [appId], local: { digest: 'sha256:' + '1'.repeat(64) }, remote: { digest: 'sha256:' + '2'.repeat(64) } })]);
    renderImages();
    expect((await screen.findByTestId('update-what-changed')).textContent).toBe('111111111111 → 222222222222');
  });

  it('show nothing for an image that is up to date, and no badge for one main has no entry for', async () => {
    const world = startUpdatesWorld([imageUpdate({ imageIds: [appId], state: 'up-to-date' })]);
    renderImages();
    await waitFor(() => expect(world.asked).toContain('updates.list'));
    expect(screen.getByTestId('image-update').dataset.state).toBe('up-to-date');
    expect(screen.queryByTestId('update-badge')).toBeNull();
  });

  it('say why an image could not be checked, and "Don’t check" opts it out through main (keyboard only)', async () => {
    const world = startUpdatesWorld([
      imageUpdate({
        imageIds: [appId],
        state: 'could-not-check',
        problem: { code: 'REGISTRY_UNREACHABLE', title: 'The registry 127.0.0.1:5001 could not be reached', cause: 'Nothing answered.', fix: 'Check that it runs.', detail: '', credential: '' },
      }),
    ]);
    renderImages();
    const problem = await screen.findByTestId('update-problem');
    expect(problem.textContent).toBe('The registry 127.0.0.1:5001 could not be reached. Check that it runs.');
    expect(screen.getByTestId('update-badge').textContent).toBe('Could not check');

    const dontCheck = screen.getByRole('button', { name: 'Don’t check 127.0.0.1:5001/team/app:2.3 for updates' });
    dontCheck.focus();
    await userEvent.setup().keyboard('{Enter}');
    expect(world.requests).toContainEqual({ name: 'updates.ignore', request: { image: '127.0.0.1:5001/team/app:2.3', ignore: true } });
    await waitFor(() => expect(screen.getByTestId('image-update').dataset.state).toBe('ignored'));
    expect(screen.getByTestId('image-update').textContent).toContain('Updates not checked.');
    expect(screen.getByRole('button', { name: 'Check 127.0.0.1:5001/team/app:2.3 for updates again' })).toBeTruthy();
  });

  it('follow updates.changed: a badge appears when main finds an update later', async () => {
    const world = startUpdatesWorld([imageUpdate({ imageIds: [appId], state: 'not-checked' })]);
    renderImages();
    await waitFor(() => expect(world.asked).toContain('updates.list'));
    expect(screen.queryByTestId('update-badge')).toBeNull();
    act(() => world.emit([imageUpdate({ imageIds: [appId], local: { version: '1' }, remote: { version: '2' } })]));
    expect((await screen.findByTestId('update-badge')).textContent).toBe('Update available');
  });
});

const stack: StackView = {
  id: 'app:shop',
  kind: 'app',
  name: 'shop',
  project: 'shop',
  readOnly: false,
  state: 'running',
  containers: { running: 3, total: 3 },
};

const shopUpdates = () => [
  imageUpdate({ image: '127.0.0.1:5001/team/web:1.25', usedBy: [{ stackId: 'app:shop', service: 'web' }], local: { version: '1.25.3' }, remote: { version: '1.25.4', created: daysAgo(2) } }),
  imageUpdate({ image: '127.0.0.1:5001/team/api:2', usedBy: [{ stackId: 'app:shop', service: 'api' }], local: { version: '2.0.0' }, remote: { version: '2.1.0' } }),
  imageUpdate({ image: '127.0.0.1:5001/team/db:16', state: 'up-to-date', usedBy: [{ stackId: 'app:shop', service: 'db' }] }),
  // Another stack's update is not this stack's.
  imageUpdate({ image: '127.0.0.1:5001/team/other:1', usedBy: [{ stackId: 'app:other', service: 'x' }] }),
];

function renderHeader(view: StackView = stack) {
  return render(
    <UpdatesProvider>
      <StackHeader view={view} headingId="stack-heading" />
    </UpdatesProvider>,
  );
}

describe('Stack header', () => {
  it('says "2 services have updates", and Update stack shows the plan, then the result per service', async () => {
    const world = startUpdatesWorld(shopUpdates());
    world.answerApplyStack({
      stackId: 'app:shop',
      services: [
        { service: 'api', image: '127.0.0.1:5001/team/api:2', outcome: 'recreated' },
        { service: 'web', image: '127.0.0.1:5001/team/web:1.25', outcome: 'pull-failed', message: 'The registry 127.0.0.1:5001 could not be reached.' },
        { service: 'db', image: '127.0.0.1:5001/team/db:16', outcome: 'unchanged' },
      ],
      log: [{ at: new Date().toISOString(), stream: 'stdout', text: 'Container shop-api-1  Recreated' }],
    });
    renderHeader();
    await waitFor(() => expect(screen.getByTestId('stack-updates-summary').textContent).toBe('2 services have updates'));

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Update stack…' }));
    const dialog = screen.getByTestId('stack-update-dialog');
    const plan = within(dialog).getByTestId('stack-update-plan');
    expect([...plan.querySelectorAll('li')].map((item) => item.textContent)).toEqual([
      'api 127.0.0.1:5001/team/api:22.0.0 → 2.1.0',
      'web 127.0.0.1:5001/team/web:1.251.25.3 → 1.25.4 (built 2 days ago)',
    ]);
    // The safe choice has focus: a stray Enter changes nothing.
    expect(document.activeElement?.textContent).toBe('Cancel');

    await user.click(within(dialog).getByRole('button', { name: 'Update 2 services' }));
    const result = await within(dialog).findByTestId('stack-update-result');
    expect(world.requests).toContainEqual({ name: 'updates.applyStack', request: { id: 'app:shop' } });
    const outcomes = [...result.querySelectorAll<HTMLElement>('[data-testid="stack-update-service"]')].map((row) => [row.dataset.service, row.querySelector('td:last-child')?.textContent]);
    expect(outcomes).toEqual([
      ['api', 'Updated: recreated with the new image'],
      ['web', 'Pull failed: nothing changedThe registry 127.0.0.1:5001 could not be reached.'],
      ['db', 'Unchanged'],
    ]);
  });

  it('checks only this stack on "Check now", and "Don’t check this stack" stores the opt-out through main', async () => {
    const world = startUpdatesWorld(shopUpdates());
    renderHeader();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Check now' }));
    expect(world.requests).toContainEqual({ name: 'updates.check', request: { stackId: 'app:shop' } });

    await user.click(screen.getByRole('button', { name: 'Don’t check this stack' }));
    expect(world.requests).toContainEqual({ name: 'updates.ignore', request: { stackId: 'app:shop', ignore: true } });
    await waitFor(() => expect(screen.getByTestId('stack-updates-summary').textContent).toBe('Not checked for updates: you turned checks off for this stack.'));
    expect(screen.getByRole('button', { name: 'Check this stack again' })).toBeTruthy();
  });

  it('offers Update stack for a service still running an older image, and says so in the plan', async () => {
    startUpdatesWorld([
      imageUpdate({
        image: '127.0.0.1:5001/team/db:16',
        state: 'up-to-date',
        usedBy: [{ stackId: 'app:shop', service: 'db' }],
        staleContainers: [{ id: 'c-db', name: 'shop-db-1', stackId: 'app:shop', service: 'db' }],
      }),
    ]);
    renderHeader();
    await waitFor(() => expect(screen.getByTestId('stack-updates-summary').textContent).toBe('1 service runs an older image than the one on the engine'));
    await userEvent.setup().click(screen.getByRole('button', { name: 'Update stack…' }));
    const plan = within(screen.getByTestId('stack-update-dialog')).getByTestId('stack-update-plan');
    expect([...plan.querySelectorAll('li')].map((item) => item.textContent)).toEqual(['dbRunning an older image than the one on the engine: recreated with it']);
    expect(within(screen.getByTestId('stack-update-dialog')).getByRole('button', { name: 'Update 1 service' })).toBeTruthy();
  });

  it('offers no Update stack for a stack Stevedore only watches', async () => {
    startUpdatesWorld(shopUpdates());
    renderHeader({ ...stack, readOnly: true, kind: 'external' });
    await waitFor(() => expect(screen.getByTestId('stack-updates-summary').textContent).toBe('2 services have updates'));
    expect(screen.queryByRole('button', { name: 'Update stack…' })).toBeNull();
  });
});

describe('Services card', () => {
  it('marks the service with an update and the container running an older image', async () => {
    const updates = shopUpdates();
    updates[2] = { ...updates[2]!, staleContainers: [{ id: 'c-db', name: 'shop-db-1', stackId: 'app:shop', service: 'db' }] };
    startUpdatesWorld(updates);
    const container = (service: string) => ({ id: `c-${service}`, name: `shop-${service}-1`, state: 'running', status: 'Up 2 hours', image: `127.0.0.1:5001/team/${service}` });
    const status = {
      stackId: 'app:shop',
      project: 'shop',
      at: new Date().toISOString(),
      services: ['api', 'db', 'web'].map((service) => ({ service, state: 'running', ports: [], containers: [container(service)] })),
    } as unknown as StackStatus;
    render(
      <UpdatesProvider>
        <ServicesCard view={stack} status={{ status, error: undefined, set: () => undefined }} />
      </UpdatesProvider>,
    );
    const row = (service: string) => screen.getAllByTestId('service-row').find((candidate) => candidate.dataset.service === service) as HTMLElement;
    await waitFor(() => expect(within(row('web')).getByTestId('update-badge').textContent).toBe('Update available'));
    expect(within(row('web')).getByTestId('update-what-changed').textContent).toBe('1.25.3 → 1.25.4 (built 2 days ago)');
    expect(within(row('db')).queryByTestId('update-badge')).toBeNull();
    expect(within(row('db')).getByTestId('update-stale').textContent).toBe('1 container running an older image');
  });
});

describe('Settings → Updates', () => {
  it('stores the schedule and the notification choice through main, from the keyboard', async () => {
    const world = startUpdatesWorld([]);
    render(
      <UpdatesProvider>
        <SettingsScreen />
      </UpdatesProvider>,
    );
    const card = await screen.findByTestId('settings-updates');
    const off = within(card).getByRole('radio', { name: 'Off' }) as HTMLInputElement;
    expect(off.checked).toBe(true);
    const notify = within(card).getByRole('checkbox', { name: 'Notify me when new updates are found' }) as HTMLInputElement;
    expect(notify.checked).toBe(false);

    const user = userEvent.setup();
    off.focus();
    await user.keyboard('{ArrowRight}');
    await waitFor(async () => expect((await world.settings()).updateSchedule).toBe('hourly'));
    expect((within(card).getByRole('radio', { name: 'Hourly' }) as HTMLInputElement).checked).toBe(true);

    notify.focus();
    await user.keyboard(' ');
    await waitFor(async () => expect((await world.settings()).updateNotifications).toBe(true));

    await user.click(within(card).getByRole('button', { name: 'Check now' }));
    expect(world.requests).toContainEqual({ name: 'updates.check', request: {} });
  });
});
