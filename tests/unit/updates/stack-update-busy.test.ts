/**
 * "Update stack" marks the stack busy like a redeploy (issue 14, left-over): from its check through its pulls to
 * the recreate, a second action on the stack (deploy, stop, another update) is refused with STACK_BUSY, and the
 * update's own recreate still runs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PullView, StackActionResult, UpdatesView } from '../../../preload/api';
import { StackService, type StackEngine } from '../../../main/core/stacks/service';
import { StackUpdater } from '../../../main/core/updates/stack-updater';

const noEngine: StackEngine = {
  docker: () => {
    throw new Error('no engine in unit tests');
  },
  currentEndpoint: undefined,
  onEngineEvent: () => () => undefined,
  onStatus: () => () => undefined,
};

function stackService() {
  return new StackService({
    dataDir: mkdtempSync(path.join(tmpdir(), 'stevedore-stack-update-busy-')),
    engine: noEngine,
    puller: { start: () => ({ id: 'p' }) as PullView, waitFor: async () => ({ id: 'p', state: 'done' }) as PullView, onProgress: () => () => undefined },
    credentials: { explain: () => Promise.reject(new Error('not used')) },
    env: {},
  });
}

describe('Update stack and the stack’s other actions', () => {
  it('holds the stack busy from the check to the recreate: a deploy, a stop or a second update meanwhile is refused', async () => {
    const stacks = stackService();
    await stacks.create({ name: 'shop', yaml: 'services:\n  web:\n    image: reg.example/team/web:1\n' });
    const refusals: unknown[] = [];
    const recreated: string[][] = [];
    const tryOthers = async () => {
      for (const attempt of [() => stacks.deploy('app:shop'), () => stacks.stopStack('app:shop'), () => updater.apply('app:shop')]) {
        refusals.push(await attempt().then(() => 'accepted', (error: { code?: string }) => error.code));
      }
    };
    const view: UpdatesView = { checking: false, images: [{ image: 'reg.example/team/web:1', state: 'update-available', newerTags: [], imageIds: [], usedBy: [], staleContainers: [] }] };
    const updater: StackUpdater = new StackUpdater({
      check: async () => {
        await tryOthers();
        return view;
      },
      stackUses: async () => [{ stackId: 'app:shop', project: 'shop', service: 'web', image: 'reg.example/team/web:1', optedOut: false }],
      puller: { start: () => ({ id: 'p' }) as PullView, waitFor: async () => ({ id: 'p', state: 'done' }) as PullView },
      recreate: async (_id, services) => {
        recreated.push([...services]);
        return { status: { stackId: 'app:shop', project: 'shop', services: [], at: '' }, log: [] } satisfies StackActionResult;
      },
      whileBusy: (stackId, work) => stacks.whileUpdating(stackId, work),
      ignoredStacks: () => [],
    });
    const result = await updater.apply('app:shop');
    expect(refusals).toEqual(['STACK_BUSY', 'STACK_BUSY', 'STACK_BUSY']);
    expect(recreated).toEqual([['web']]);
    expect(result.services).toEqual([{ service: 'web', image: 'reg.example/team/web:1', outcome: 'recreated' }]);
    // Done: the stack takes actions again (the stop now gets as far as compose, which this test has none of).
    await expect(stacks.stopStack('app:shop')).rejects.not.toMatchObject({ code: 'STACK_BUSY' });
  });
});
