import { describe, expect, it } from 'vitest';
import type { DeployView, PullView } from '../../../preload/api';
import { deployNotification, finishedDeployOf, finishedPullOf, pullNotification, routeFor } from '../../../main/core/tray/notifications';

describe('notifications', () => {
  it('announces a finished pull with size, time and any note, and opens that pull', () => {
    expect(pullNotification({ id: 'p1', familiar: 'nginx:1.25', state: 'done', sizeBytes: 187_000_000, durationMs: 4200, notes: [] })).toEqual({
      title: 'Pulled nginx:1.25',
      body: '187 MB in 4.2 s',
      target: { screen: 'pull', pullId: 'p1' },
    });
    expect(pullNotification({ id: 'p1', familiar: 'x', state: 'done', notes: ['Stored credentials were rejected; pulled anonymously.'] })?.body).toBe(
      'Up to date. Stored credentials were rejected; pulled anonymously.',
    );
  });

  it('puts the error title and its fix in a failed pull notification', () => {
    const content = pullNotification({
      id: 'p2',
      familiar: 'ghcr.io/o/a:1',
      state: 'failed',
      notes: [],
      error: { title: 'ghcr.io did not accept the credentials', fix: 'Check the registry credentials in Registries.' },
    });
    expect(content).toEqual({
      title: 'Pull failed: ghcr.io/o/a:1',
      body: 'ghcr.io did not accept the credentials. Check the registry credentials in Registries.',
      target: { screen: 'pull', pullId: 'p2' },
    });
  });

  it('stays quiet about a pull the user cancelled', () => {
    expect(pullNotification({ id: 'p3', familiar: 'x', state: 'cancelled', notes: [] })).toBeUndefined();
  });

  it('announces deploys, with the fix on failure', () => {
    expect(deployNotification({ stackId: 's', stackName: 'web', ok: true, services: 3 })).toMatchObject({ title: 'Deployed web', body: 'The stack is up. 3 services running.' });
    expect(deployNotification({ stackId: 's', stackName: 'web', ok: false, error: { title: 'A pull failed', fix: 'Check credentials.' } })).toMatchObject({
      title: 'Deploy failed: web',
      body: 'A pull failed. Check credentials.',
      target: { screen: 'stacks', stackId: 's' },
    });
  });
});

describe('from the services’ views', () => {
  const view = (overrides: Partial<PullView>): PullView => ({
    id: 'p1',
    image: 'docker.io/library/nginx:1.25',
    familiar: 'nginx:1.25',
    state: 'done',
    credential: { source: 'anonymous', summary: 'No credentials.', reason: 'No credentials.' },
    layers: [],
    bytesDone: 0,
    bytesTotal: 0,
    percent: 100,
    startedAt: '2026-01-01T10:00:00.000Z',
    notes: [],
    ...overrides,
  });

  it('reads a finished pull: how long it took, its size, and only the error’s title and fix', () => {
    expect(finishedPullOf(view({ finishedAt: '2026-01-01T10:00:02.500Z', sizeBytes: 42 }))).toEqual({
      id: 'p1',
      familiar: 'nginx:1.25',
      state: 'done',
      durationMs: 2500,
      sizeBytes: 42,
      notes: [],
    });
    const failed = finishedPullOf(
      view({ state: 'failed', error: { code: 'UNAUTHORIZED', title: 'Refused', cause: 'why', fix: 'Do this.', detail: 'engine said: token=abc', credential: 'x' } }),
    );
    expect(failed?.error).toEqual({ title: 'Refused', fix: 'Do this.' });
    expect(JSON.stringify(failed)).not.toContain('token=abc');
  });

  it('ignores pulls that have not finished', () => {
    for (const state of ['queued', 'checking', 'pulling'] as const) expect(finishedPullOf(view({ state }))).toBeUndefined();
  });

  it('reads a finished deploy, counting the services that run', () => {
    const deploy: DeployView = {
      id: 'd',
      stackId: 'app:web',
      project: 'web',
      redeploy: false,
      state: 'done',
      startedAt: '2026-01-01T10:00:00.000Z',
      percent: 100,
      pulls: [],
      services: [
        { service: 'web', action: 'pull', state: 'running' },
        { service: 'migrate', action: 'pull', state: 'exited' },
      ],
      log: [],
      logDropped: 0,
    };
    expect(finishedDeployOf(deploy, 'web')).toEqual({ stackId: 'app:web', stackName: 'web', ok: true, services: 1 });
    expect(finishedDeployOf({ ...deploy, state: 'starting' }, 'web')).toBeUndefined();
  });

  it('routes to the screen the renderer shows, encoded as the renderer encodes it', () => {
    expect(routeFor({ screen: 'pull', pullId: '1b2c' })).toBe('#/pull/1b2c');
    expect(routeFor({ screen: 'stacks', stackId: 'app:web' })).toBe('#/stacks/app%3Aweb');
  });
});
