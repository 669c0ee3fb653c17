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
