/**
 * What a window's "Check now" and "Don't check" are answered (issue 18): the updates view's position and check
 * status, not its entries. They answered the whole view — hundreds of KB at 2,000 images — although every entry that
 * changed had already gone to every window in `updates.changed`.
 */
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { calls, eventChannel, UpdatesChangeSchema, UpdatesListSchema, type UpdatesChange, type UpdatesList } from '../../../preload/api';
import { useCoreOnEngineStandIn } from '../core-on-engine-stand-in';

const coreOnEngine = useCoreOnEngineStandIn();

/** A core over an engine with `count` images built here, recording the `updates.changed` it sends to windows. */
function coreWithImages(count: number) {
  const images = Array.from({ length: count }, (_, n) => ({ Id: `sha256:${String(n).padStart(64, '0')}`, RepoTags: [`reg.example/many/app${n}:1`], RepoDigests: [], Created: 1_700_000_000, Size: 1000, Labels: {} }));
  let listings = 0;
  const docker = { listImages: async () => (listings++, images), listContainers: async () => [] } as unknown as Docker;
  const changes: UpdatesChange[] = [];
  const events = { send: (channel: string, payload: unknown) => void (channel === eventChannel('updates.changed') && changes.push(UpdatesChangeSchema.parse(payload))) };
  const { core } = coreOnEngine(docker, { events });
  const listWhole = async (): Promise<UpdatesList> => UpdatesListSchema.parse(await core.handlers['updates.list'](undefined));
  return { handlers: core.handlers, changes, listWhole, listings: () => listings };
}

/** The view a window holds after applying `changes` to `held`, as renderer/bridge/livePatchedList.ts does. */
function patched(held: UpdatesList, changes: readonly UpdatesChange[]): UpdatesList {
  const entries = new Map(held.images.map((entry) => [entry.image, entry]));
  let view = held;
  for (const change of changes) {
    expect(change.version).toBe(view.version + 1);
    for (const removed of change.removed) entries.delete(removed);
    for (const entry of change.changed) entries.set(entry.image, entry);
    const { changed: _changed, removed: _removed, ...position } = change;
    view = { ...position, images: [...entries.values()].sort((a, b) => a.image.localeCompare(b.image)) };
  }
  return view;
}

describe("a window's check and opt-out", () => {
  it('at 2,000 images answer where the view now is and its check status, not the entries', async () => {
    const core = coreWithImages(2000);
    const held = await core.listWhole();
    expect(JSON.stringify(held).length).toBeGreaterThan(100_000);

    const ignored = await core.handlers['updates.ignore']({ image: 'reg.example/many/app7:1', ignore: true });
    expect(ignored).not.toHaveProperty('images');
    const ignoredShaped = calls['updates.ignore'].response.parse(ignored);
    expect(ignoredShaped).toEqual({ feed: held.feed, version: held.version + 1, checking: false });
    expect(JSON.stringify(ignoredShaped).length).toBeLessThan(200);

    const checked = await core.handlers['updates.check']({});
    expect(checked).not.toHaveProperty('images');
    const checkedShaped = calls['updates.check'].response.parse(checked);
    expect(checkedShaped).toMatchObject({ feed: held.feed, checking: false });
    expect(JSON.stringify(checkedShaped).length).toBeLessThan(200);
  });

  it('"Don\'t check" and back: the entry it changed came in updates.changed before the answer, so a window that applied it has the view main has', async () => {
    const core = coreWithImages(30);
    const held = await core.listWhole();
    const answer = calls['updates.ignore'].response.parse(await core.handlers['updates.ignore']({ image: 'reg.example/many/app7:1', ignore: true }));
    expect(core.changes.map((change) => change.changed.map((entry) => [entry.image, entry.state]))).toEqual([[['reg.example/many/app7:1', 'ignored']]]);
    const now = await core.listWhole();
    expect(now.version).toBe(answer.version);
    expect(patched(held, core.changes)).toEqual(now);

    const again = calls['updates.ignore'].response.parse(await core.handlers['updates.ignore']({ image: 'reg.example/many/app7:1', ignore: false }));
    expect(again).toEqual({ feed: held.feed, version: held.version + 2, checking: false });
    expect(patched(held, core.changes)).toEqual(await core.listWhole());
  });

  it('"Check now": the view it answers the position of is the one a window that applied the changes has', async () => {
    const core = coreWithImages(30);
    const held = await core.listWhole();
    const answer = calls['updates.check'].response.parse(await core.handlers['updates.check']({}));
    const now = await core.listWhole();
    expect(now.version).toBe(answer.version);
    expect(patched(held, core.changes)).toEqual(now);
  });

  it('take the listing of the engine main holds, as updates.list does, rather than listing it again (~250 ms at 2,000 images)', async () => {
    const core = coreWithImages(30);
    await core.listWhole();
    expect(core.listings()).toBe(1);
    await core.handlers['updates.ignore']({ image: 'reg.example/many/app7:1', ignore: true });
    await core.handlers['updates.check']({});
    await core.handlers['updates.ignore']({ image: 'reg.example/many/app7:1', ignore: false });
    expect(core.listings()).toBe(1);
  });

  it('the contract keeps the answers strict: no entries cross even if main sent them', () => {
    const answer = { feed: 'f', version: 3, checking: true, lastCheckAt: '2026-11-30T12:00:00.000Z', images: [] };
    expect(calls['updates.check'].response.parse(answer)).toEqual({ feed: 'f', version: 3, checking: true, lastCheckAt: '2026-11-30T12:00:00.000Z' });
    expect(calls['updates.ignore'].response.safeParse({ checking: false }).success).toBe(false);
  });
});
