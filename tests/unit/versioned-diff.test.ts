import { describe, expect, it } from 'vitest';
import type { ImageUpdate, ImageView } from '../../preload/api';
import { VersionedDiff } from '../../main/core/versioned-diff';

const image = (id: string): ImageView => ({
  id,
  tags: [`127.0.0.1:5001/team/${id}:1.0`, `127.0.0.1:5001/team/${id}:latest`],
  digests: [`127.0.0.1:5001/team/${id}@sha256:${'a'.repeat(64)}`],
  sizeBytes: 1000,
  createdAt: '2026-11-29T12:00:00.000Z',
  registry: '127.0.0.1:5001',
  containers: 0,
});

const update = (name: string): ImageUpdate => ({
  image: `127.0.0.1:5001/team/${name}:1.0`,
  state: 'update-available',
  local: { digest: `sha256:${'a'.repeat(64)}`, created: '2026-11-29T12:00:00.000Z' },
  remote: { digest: `sha256:${'b'.repeat(64)}`, version: '1.0.3', created: '2026-11-30T12:00:00.000Z' },
  newerTags: ['1.1'],
  imageIds: [`sha256:${name}`],
  usedBy: [{ stackId: 'shop', service: 'web' }],
  staleContainers: [{ id: 'c1', name: 'shop-web-1', stackId: 'shop', service: 'web' }],
  checkedAt: '2026-11-30T12:00:00.000Z',
});

/** Takes `rows`, then a fresh copy with one row edited, and returns what the second take found changed. */
function changedAfter<T>(rows: T[], keyOf: (row: T) => string, edit: (row: T) => void): ListDifferenceOf<T> {
  const diff = new VersionedDiff<T>(keyOf);
  diff.take(rows);
  const next = structuredClone(rows);
  edit(next[1] as T);
  return diff.take(next);
}
type ListDifferenceOf<T> = ReturnType<VersionedDiff<T>['take']>;

describe('versioned diff: what changed between two takes of a list', () => {
  const images = [image('a'), image('b'), image('c')];
  // Every field of a row, at every depth: a change in any of them is a changed row, whatever else stayed.
  const imageEdits: Array<[string, (row: ImageView) => void]> = [
    ['a tag added', (row) => row.tags.push('127.0.0.1:5001/team/b:2.0')],
    ['a tag renamed', (row) => (row.tags[1] = '127.0.0.1:5001/team/b:stable')],
    ['the tags reordered', (row) => row.tags.reverse()],
    ['the digests emptied', (row) => (row.digests = [])],
    ['the size', (row) => (row.sizeBytes += 1)],
    ['the creation time', (row) => (row.createdAt = '2026-11-30T12:00:00.000Z')],
    ['the registry gone', (row) => delete row.registry],
    ['a container more', (row) => (row.containers = 1)],
  ];
  it.each(imageEdits)('an image row with %s is changed, and only that row', (_what, edit) => {
    const difference = changedAfter(images, (row) => row.id, edit);
    expect(difference.kind).toBe('changed');
    if (difference.kind !== 'changed') return;
    expect(difference.changed.map((row) => row.id)).toEqual(['b']);
    expect(difference.removed).toEqual([]);
  });

  const updates = [update('a'), update('b'), update('c')];
  const updateEdits: Array<[string, (row: ImageUpdate) => void]> = [
    ['the state', (row) => (row.state = 'up-to-date')],
    ['the remote digest (nested)', (row) => row.remote && (row.remote.digest = `sha256:${'c'.repeat(64)}`)],
    ['the remote side gone', (row) => delete row.remote],
    ['a problem added', (row) => (row.problem = { code: 'REGISTRY', title: 'The check failed', cause: 'The registry answered 500.', fix: 'Check again later.', detail: '', credential: 'anonymous' })],
    ['the service of a user (in an array of objects)', (row) => ((row.usedBy[0] as { service: string }).service = 'api')],
    ['a stale container gone', (row) => row.staleContainers.pop()],
    ['the stale container left its stack', (row) => delete row.staleContainers[0]?.stackId],
  ];
  it.each(updateEdits)('an update entry with %s is changed, and only that entry', (_what, edit) => {
    const difference = changedAfter(updates, (row) => row.image, edit);
    expect(difference.kind).toBe('changed');
    if (difference.kind !== 'changed') return;
    expect(difference.changed.map((row) => row.image)).toEqual(['127.0.0.1:5001/team/b:1.0']);
  });

  it('rows built again with the same contents are unchanged, whatever the order of their fields', () => {
    const diff = new VersionedDiff<ImageView>((row) => row.id);
    diff.take(images);
    const rebuilt = images.map(({ containers, registry, ...rest }) => ({ containers, ...rest, ...(registry === undefined ? {} : { registry }) }));
    expect(diff.take(rebuilt)).toEqual({ kind: 'unchanged' });
    // A field present but undefined is absent, as in the JSON that reaches the windows.
    expect(diff.take(images.map((row) => ({ ...row, registry: row.registry })))).toEqual({ kind: 'unchanged' });
    expect(diff.version).toBe(1);
  });

  it('a row added and a row gone are told apart from changed ones', () => {
    const diff = new VersionedDiff<ImageView>((row) => row.id);
    diff.take(images);
    const difference = diff.take([image('a'), image('c'), image('d')]);
    expect(difference).toEqual({ kind: 'changed', changed: [image('d')], removed: ['b'] });
  });
});
