import { describe, expect, it } from 'vitest';
import { deployNotification, pullNotification } from '../../../main/core/tray/notifications';

describe('notifications', () => {
  it('announces a finished pull with size, time and any note, and opens that pull', () => {
    expect(pullNotification({ id: 'p1', familiar: 'nginx:1.25', state: 'done', sizeBytes: 187_000_000, durationMs: 4200, notes: [] })).toEqual({
      title: 'Pulled nginx:1.25',
      body: '187.0 MB in 4.2 s',
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
