import { describe, expect, it } from 'vitest';
import type { ImageUpdate, PullView, UpdatesView } from '../../../preload/api';
import type { StackImageUse } from '../../../main/core/updates/inventory';
import { StackUpdater } from '../../../main/core/updates/stack-updater';

const stackId = 'app:shop';
const uses: StackImageUse[] = [
  { stackId, project: 'shop', service: 'web', image: 'reg.example/team/web:1', optedOut: false },
  { stackId, project: 'shop', service: 'worker', image: 'reg.example/team/web:1', optedOut: false },
  { stackId, project: 'shop', service: 'db', image: 'reg.example/team/db:2', optedOut: false },
  { stackId, project: 'shop', service: 'cache', image: 'reg.example/team/cache:3', optedOut: false },
  { stackId, project: 'shop', service: 'pinned', image: 'reg.example/team/tool:4', optedOut: true },
];

const update = (image: string, state: ImageUpdate['state'], extra: Partial<ImageUpdate> = {}): ImageUpdate => ({ image, state, newerTags: [], imageIds: [], usedBy: [], staleContainers: [], ...extra });

function setup(options: { failing?: string[]; images: ImageUpdate[]; ignoredStacks?: string[] }) {
  const pulled: string[] = [];
  const recreated: string[][] = [];
  const view: UpdatesView = { checking: false, images: options.images };
  const updater = new StackUpdater({
    check: async () => view,
    stackUses: async () => uses,
    puller: {
      start: (request) => {
        pulled.push(request.image);
        return { id: request.image } as PullView;
      },
      waitFor: async (id) =>
        (options.failing?.includes(id)
          ? { id, state: 'failed', error: { title: 'reg.example did not accept the credentials', fix: 'Check the password in Registries.' } }
          : { id, state: 'done' }) as PullView,
    },
    recreate: async (_id, services) => {
      recreated.push([...services]);
      return { status: { stackId, project: 'shop', services: [], at: '' }, log: [{ at: '', stream: 'stdout', text: 'Container shop-web-1 Recreated' }] };
    },
    ignoredStacks: () => options.ignoredStacks ?? [],
  });
  return { updater, pulled, recreated };
}

describe('StackUpdater', () => {
  it('pulls each changed image once and recreates exactly the services whose image changed or still run an older one', async () => {
    const { updater, pulled, recreated } = setup({
      images: [
        update('reg.example/team/web:1', 'update-available'),
        update('reg.example/team/db:2', 'up-to-date'),
        update('reg.example/team/cache:3', 'up-to-date', { staleContainers: [{ id: 'c1', name: 'shop-cache-1', stackId, service: 'cache' }] }),
        update('reg.example/team/tool:4', 'update-available'),
      ],
    });
    const result = await updater.apply(stackId);
    expect(pulled).toEqual(['reg.example/team/web:1']);
    expect(recreated).toEqual([['web', 'worker', 'cache']]);
    expect(Object.fromEntries(result.services.map((service) => [service.service, service.outcome]))).toEqual({ web: 'recreated', worker: 'recreated', db: 'unchanged', cache: 'recreated', pinned: 'ignored' });
    expect(result.log.map((line) => line.text)).toContain('Container shop-web-1 Recreated');
  });

  it('recreates nothing when a pull fails, and says which pull and why', async () => {
    const { updater, recreated } = setup({ failing: ['reg.example/team/db:2'], images: [update('reg.example/team/web:1', 'update-available'), update('reg.example/team/db:2', 'update-available')] });
    const result = await updater.apply(stackId);
    expect(recreated).toEqual([]);
    expect(result.services.find((service) => service.service === 'db')).toMatchObject({ outcome: 'pull-failed', message: expect.stringContaining('did not accept the credentials') });
    expect(result.services.find((service) => service.service === 'web')).toMatchObject({ outcome: 'unchanged', message: expect.stringContaining('failed to pull') });
  });

  it('changes nothing in a stack the user stopped checking', async () => {
    const { updater, pulled, recreated } = setup({ images: [update('reg.example/team/web:1', 'update-available')], ignoredStacks: [stackId] });
    const result = await updater.apply(stackId);
    expect(pulled).toEqual([]);
    expect(recreated).toEqual([]);
    expect(new Set(result.services.map((service) => service.outcome))).toEqual(new Set(['ignored']));
  });
});
