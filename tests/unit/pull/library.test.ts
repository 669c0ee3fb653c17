import { describe, expect, it, vi } from 'vitest';
import { LibrarySchema, type Library } from '../../../preload/api';
import { LibraryService, MAX_RECENTS } from '../../../main/core/library';
import { openSettings, settingsDir } from '../../support/settings';

function library(dir = settingsDir()) {
  let second = 0;
  return new LibraryService({ settings: openSettings(dir), clock: () => new Date(Date.UTC(2026, 0, 1, 0, 0, second++)) });
}

describe('LibraryService', () => {
  it('stores favourites once per image, as docker prints them with their tag', async () => {
    const service = library();
    await service.setFavourite('nginx', true);
    await service.setFavourite('docker.io/library/nginx:latest', true);
    await service.setFavourite('ghcr.io/team/app:1.2', true);
    expect(service.get().favourites).toEqual(['nginx:latest', 'ghcr.io/team/app:1.2']);
    await service.setFavourite('index.docker.io/library/nginx', false);
    expect(service.get().favourites).toEqual(['ghcr.io/team/app:1.2']);
  });

  it('refuses an invalid image with REFERENCE_INVALID and changes nothing', async () => {
    const service = library();
    await expect(service.setFavourite('Not A Reference', true)).rejects.toMatchObject({ code: 'REFERENCE_INVALID' });
    await expect(service.recordPull('')).rejects.toMatchObject({ code: 'REFERENCE_INVALID' });
    expect(service.get()).toEqual({ favourites: [], recents: [] });
  });

  it('keeps the last 10 distinct image+platform pulls, newest first', async () => {
    const service = library();
    for (let index = 0; index < 12; index += 1) await service.recordPull(`127.0.0.1:5001/app${index}:1.0`);
    await service.recordPull('127.0.0.1:5001/app5:1.0');
    await service.recordPull('127.0.0.1:5001/app5:1.0', 'linux/arm64');
    const recents = service.get().recents;
    expect(recents).toHaveLength(MAX_RECENTS);
    expect(recents.map((entry) => [entry.image, entry.platform])).toEqual([
      ['127.0.0.1:5001/app5:1.0', 'linux/arm64'],
      ['127.0.0.1:5001/app5:1.0', undefined],
      ['127.0.0.1:5001/app11:1.0', undefined],
      ['127.0.0.1:5001/app10:1.0', undefined],
      ['127.0.0.1:5001/app9:1.0', undefined],
      ['127.0.0.1:5001/app8:1.0', undefined],
      ['127.0.0.1:5001/app7:1.0', undefined],
      ['127.0.0.1:5001/app6:1.0', undefined],
      ['127.0.0.1:5001/app4:1.0', undefined],
      ['127.0.0.1:5001/app3:1.0', undefined],
    ]);
    expect(recents[0]?.at).toBe('2026-01-01T00:00:13.000Z');
    expect(LibrarySchema.parse(service.get())).toEqual(service.get());
  });

  it("records a deploy's pulls in one settings update, the last to finish first, and tells listeners once (issue 15)", async () => {
    const settings = openSettings();
    const service = new LibraryService({ settings, clock: () => new Date(Date.UTC(2026, 0, 1)) });
    const updates = vi.spyOn(settings, 'update');
    const seen: Library[] = [];
    service.onChange((value) => seen.push(value));
    await service.recordPull('127.0.0.1:5001/app0:1.0');
    updates.mockClear();
    await service.recordPulls([{ image: '127.0.0.1:5001/app1:1.0' }, { image: '127.0.0.1:5001/app0:1.0' }, { image: '127.0.0.1:5001/app2:1.0', platform: 'linux/arm64' }]);
    expect(updates).toHaveBeenCalledTimes(1);
    expect(service.get().recents.map((entry) => [entry.image, entry.platform])).toEqual([
      ['127.0.0.1:5001/app2:1.0', 'linux/arm64'],
      ['127.0.0.1:5001/app0:1.0', undefined],
      ['127.0.0.1:5001/app1:1.0', undefined],
    ]);
    expect(seen).toHaveLength(2);
  });

  it('tells listeners once per settings write when pulls finish together (session 8: the same library twice)', async () => {
    const service = library();
    const seen: Library[] = [];
    service.onChange((value) => seen.push(value));
    // The first is written alone; the two that finish while it is written share the next write (settings/store.ts).
    await Promise.all(['app0', 'app1', 'app2'].map((name) => service.recordPull(`127.0.0.1:5001/${name}:1.0`)));
    expect(seen.map((value) => value.recents.map((entry) => entry.image.replace('127.0.0.1:5001/', '')))).toEqual([
      ['app0:1.0'],
      ['app2:1.0', 'app1:1.0', 'app0:1.0'],
    ]);
    await service.recordPull('127.0.0.1:5001/app3:1.0');
    expect(seen).toHaveLength(3);
  });

  it('persists across a restart and tells listeners about every change', async () => {
    const dir = settingsDir();
    const first = library(dir);
    const seen: Library[] = [];
    const unsubscribe = first.onChange((value) => seen.push(value));
    await first.setFavourite('alpine:3.20', true);
    await first.recordPull('alpine:3.20');
    await first.setFavourite('alpine:3.20', true);
    unsubscribe();
    await first.setFavourite('busybox', true);
    expect(seen.map((value) => value.favourites)).toEqual([['alpine:3.20'], ['alpine:3.20']]);
    expect(seen[1]?.recents.map((entry) => entry.image)).toEqual(['alpine:3.20']);
    expect(library(dir).get()).toMatchObject({ favourites: ['alpine:3.20', 'busybox:latest'], recents: [{ image: 'alpine:3.20' }] });
  });
});
