import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { UpdatesChangeSchema, type UpdatesChange } from '../../../preload/api';
import { UpdateChecker, type UpdateRegistry } from '../../../main/core/updates/checker';
import type { EngineImage } from '../../../main/core/updates/inventory';
import { UpdatesService } from '../../../main/core/updates/service';
import { openSettings } from '../../support/settings';

const image = (n: number): EngineImage => ({ Id: `sha256:${n}`, RepoTags: [`reg.example/many/app${n}:1`], RepoDigests: [], Created: 1_700_000_000, Labels: {} });

/** An updates service over an engine listing the test sets, recording what it sends to windows. */
function world(count: number) {
  let images = Array.from({ length: count }, (_, index) => image(index));
  const docker = { listImages: async () => images, listContainers: async () => [] } as unknown as Docker;
  const service = new UpdatesService({
    docker: () => docker,
    checker: new UpdateChecker({ registry: {} as UpdateRegistry, platform: () => 'linux/amd64' }),
    stackUses: async () => [],
    settings: openSettings(),
  });
  const sent: UpdatesChange[] = [];
  service.onPatch((change) => sent.push(UpdatesChangeSchema.parse(change)));
  return { service, sent, set: (next: EngineImage[]) => (images = next), images: () => images };
}

describe('updates.changed: what changed, not the whole view (issue 15: 3–9 MB a cycle at ~1,350 images)', () => {
  it('a listing that changes one image sends that one entry, versioned after the view the window holds', async () => {
    const many = world(2000);
    const listed = await many.service.list();
    expect(listed.images).toHaveLength(2000);
    expect(many.sent).toEqual([]);

    many.set([...many.images(), image(2000)]);
    await many.service.publish();
    expect(many.sent).toHaveLength(1);
    expect(many.sent[0]).toMatchObject({ feed: listed.feed, version: listed.version + 1, checking: false, removed: [] });
    expect(many.sent[0]?.changed.map((entry) => entry.image)).toEqual(['reg.example/many/app2000:1']);
    expect(JSON.stringify(many.sent[0]).length).toBeLessThan(1000);

    many.set(many.images().filter((entry) => entry.Id !== 'sha256:7'));
    await many.service.publish();
    expect(many.sent[1]).toMatchObject({ version: listed.version + 2, changed: [], removed: ['reg.example/many/app7:1'] });
  });

  it('a change before any window listed says only that the view changed (no window holds a version to patch)', async () => {
    const few = world(3);
    await few.service.publish();
    expect(few.sent).toEqual([{ feed: expect.any(String), version: 1, checking: false, changed: [], removed: [] }]);
    expect((await few.service.list()).version).toBe(1);
  });

  it('sends nothing when a listing changed nothing the view shows', async () => {
    const few = world(3);
    await few.service.list();
    await few.service.publish();
    expect(few.sent).toEqual([]);
  });

  it('a list asked for after a change sends that change first, so other windows at the older version follow', async () => {
    const few = world(2);
    const first = await few.service.list();
    few.set([...few.images(), image(9)]);
    const second = await few.service.list();
    expect(second.version).toBe(first.version + 1);
    expect(few.sent).toEqual([expect.objectContaining({ version: second.version, changed: [expect.objectContaining({ image: 'reg.example/many/app9:1' })] })]);
  });

  it('a change of the check status alone is a new version with no entries; an opt-out sends the one entry', async () => {
    const few = world(2);
    const first = await few.service.list();
    await few.service.check(); // locally built images: checked, nothing to compare, only the status changes
    expect(few.sent).toEqual([
      { feed: first.feed, version: first.version + 1, checking: true, changed: [], removed: [] },
      { feed: first.feed, version: first.version + 2, checking: false, lastCheckAt: expect.any(String), changed: [], removed: [] },
    ]);
    const ignored = await few.service.ignore({ image: 'reg.example/many/app1:1', ignore: true });
    expect(ignored.version).toBe(first.version + 3);
    expect(few.sent[2]).toMatchObject({ version: first.version + 3, changed: [{ image: 'reg.example/many/app1:1', state: 'ignored' }], removed: [] });
    expect(few.sent).toHaveLength(3);
  });
});
