import { describe, expect, it } from 'vitest';
import type { NotificationContent } from '../../../main/core/tray/notifications';
import { watchFinishes } from '../../../main/core/tray/finishes';
import { deployView, PullsDouble, pullView, StacksDouble } from './doubles';

const failure = { code: 'UNAUTHORIZED', title: 'ghcr.io did not accept the credentials', cause: 'c', fix: 'Check the registry in Registries.', detail: 'd', credential: 'x' };

function watch(options: { withStacks?: boolean } = {}) {
  const pulls = new PullsDouble();
  const stacks = new StacksDouble();
  const shown: NotificationContent[] = [];
  const stop = watchFinishes({
    pulls,
    ...(options.withStacks === false ? {} : { stacks }),
    stackName: (id) => (id === 'app:web' ? 'web' : undefined),
    notify: (content) => shown.push(content),
  });
  return { pulls, stacks, shown, stop };
}

describe('watchFinishes', () => {
  it('announces each finished pull once, and nothing while it runs', () => {
    const { pulls, shown } = watch();
    pulls.emit(pullView({ id: 'p1', state: 'pulling', percent: 50 }));
    expect(shown).toEqual([]);
    const done = pullView({ id: 'p1', state: 'done', percent: 100, sizeBytes: 187_000_000, startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:04.200Z' });
    pulls.emit(done);
    pulls.emit(done);
    expect(shown).toEqual([{ title: 'Pulled nginx:latest', body: '187 MB in 4.2 s', target: { screen: 'pull', pullId: 'p1' } }]);
  });

  it('gives the error title and fix of a failed pull', () => {
    const { pulls, shown } = watch();
    pulls.emit(pullView({ id: 'p2', familiar: 'ghcr.io/o/a:1', state: 'failed', error: failure }));
    expect(shown).toEqual([
      { title: 'Pull failed: ghcr.io/o/a:1', body: 'ghcr.io did not accept the credentials. Check the registry in Registries.', target: { screen: 'pull', pullId: 'p2' } },
    ]);
  });

  it('says nothing about a cancelled pull', () => {
    const { pulls, shown } = watch();
    pulls.emit(pullView({ id: 'p3', state: 'cancelled' }));
    expect(shown).toEqual([]);
  });

  it("leaves a deploy's pulls to the deploy's own notification", () => {
    const { pulls, stacks, shown } = watch();
    stacks.finishedDeploys = [deployView({ id: 'd1', stackId: 'app:web', state: 'pulling', pulls: [{ image: 'nginx', services: ['web'], state: 'pulling', percent: 10, pullId: 'p4' }] })];
    pulls.emit(pullView({ id: 'p4', state: 'done', percent: 100 }));
    expect(shown).toEqual([]);

    stacks.emitDeploy(deployView({ id: 'd1', stackId: 'app:web', state: 'pulling' }));
    stacks.emitDeploy(
      deployView({
        id: 'd1',
        stackId: 'app:web',
        state: 'done',
        services: [
          { service: 'web', action: 'pull', state: 'running', ok: true },
          { service: 'db', action: 'pull', state: 'running', ok: true },
        ],
      }),
    );
    stacks.emitDeploy(deployView({ id: 'd1', stackId: 'app:web', state: 'done' }));
    expect(shown).toEqual([{ title: 'Deployed web', body: 'The stack is up. 2 services running.', target: { screen: 'stacks', stackId: 'app:web' } }]);
  });

  it("announces a failed deploy with its error's title and fix, naming the project when the stack is unknown", () => {
    const { stacks, shown } = watch();
    stacks.emitDeploy(
      deployView({
        id: 'd2',
        stackId: 'file:123',
        project: 'billing',
        state: 'failed',
        error: { code: 'PULL_FAILED', title: 'An image could not be pulled', cause: 'c', fix: 'Check the credentials for ghcr.io.', detail: 'd' },
      }),
    );
    expect(shown).toEqual([
      { title: 'Deploy failed: billing', body: 'An image could not be pulled. Check the credentials for ghcr.io.', target: { screen: 'stacks', stackId: 'file:123' } },
    ]);
  });

  it('works without stacks, and stops when asked', () => {
    const { pulls, shown, stop } = watch({ withStacks: false });
    pulls.emit(pullView({ id: 'p5', state: 'failed', error: failure }));
    stop();
    pulls.emit(pullView({ id: 'p6', state: 'failed', error: failure }));
    expect(shown.map((content) => content.target)).toEqual([{ screen: 'pull', pullId: 'p5' }]);
  });
});
