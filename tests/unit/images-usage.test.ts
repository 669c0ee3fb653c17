import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { ImageService } from '../../main/core/images';

/** An engine whose `docker system df` reports `count` images of 3 MB that share one 2 MB layer. */
function engineWithSharedLayer(count: number): Docker {
  const Images = Array.from({ length: count }, (_, index) => ({ Id: `sha256:${String(index).padStart(64, '0')}`, Size: 3_000_000, SharedSize: 2_000_000 }));
  return { df: async () => ({ LayersSize: 2_000_000 + count * 1_000_000, Images }) } as unknown as Docker;
}

describe('images.usage: the disk use the Images summary shows', () => {
  it('counts a shared layer once: the total, and of it the shared bytes', async () => {
    const images = new ImageService({ docker: () => engineWithSharedLayer(4) });
    expect(await images.usage()).toEqual({ totalBytes: 6_000_000, sharedBytes: 2_000_000 });
  });

  it('answers the same few bytes at 2,000 images as at 2: it is asked again after every change of the list', async () => {
    const few = JSON.stringify(await new ImageService({ docker: () => engineWithSharedLayer(2) }).usage());
    const many = JSON.stringify(await new ImageService({ docker: () => engineWithSharedLayer(2000) }).usage());
    expect(many.length).toBeLessThanOrEqual(few.length + 4);
  });
});

describe('images.usage asked again while the engine still counts', () => {
  it('waits for the running docker system df before starting another: the engine refuses a second at once', async () => {
    let running = 0;
    let most = 0;
    const finishers: Array<() => void> = [];
    const docker = {
      df: () =>
        new Promise((resolve) => {
          running += 1;
          most = Math.max(most, running);
          finishers.push(() => {
            running -= 1;
            resolve({ LayersSize: 10, Images: [] });
          });
        }),
    } as unknown as Docker;
    const images = new ImageService({ docker: () => docker });
    const first = images.usage();
    const second = images.usage();
    await Promise.resolve();
    expect(finishers).toHaveLength(1);
    finishers[0]?.();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(finishers).toHaveLength(2);
    finishers[1]?.();
    expect(await second).toEqual({ totalBytes: 10, sharedBytes: 10 });
    expect(most).toBe(1);
  });
});
