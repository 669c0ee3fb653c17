import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { removeImagesHoldingLayers } from '../../../bench/lib/engine';

interface FakeImage {
  id: string;
  tags: string[];
  layers: string[];
}

/**
 * An engine holding `images`: lists them (the `reference` filter matched exactly, as it is for a full name),
 * inspects and removes them, and counts the inspections. Enough of dockerode for removeImagesHoldingLayers.
 */
function fakeEngine(images: FakeImage[]) {
  const held = new Map(images.map((image) => [image.id, image]));
  const inspected: string[] = [];
  const docker = {
    listImages: async (options: { filters?: string } = {}) => {
      const references = (JSON.parse(options.filters ?? '{}') as { reference?: string[] }).reference;
      return [...held.values()].filter((image) => !references || image.tags.some((tag) => references.includes(tag))).map((image) => ({ Id: image.id, RepoTags: image.tags }));
    },
    getImage: (id: string) => ({
      inspect: async () => {
        inspected.push(id);
        const image = held.get(id);
        if (!image) throw Object.assign(new Error('no such image'), { statusCode: 404 });
        return { RootFS: { Layers: image.layers } };
      },
      remove: async () => {
        if (!held.delete(id)) throw Object.assign(new Error('no such image'), { statusCode: 404 });
      },
    }),
    modem: { dial: (_options: object, callback: (error: unknown) => void) => callback(null) },
  } as unknown as Docker;
  return { docker, inspected, held };
}

describe('removeImagesHoldingLayers (bench)', () => {
  const own = [
    { id: 'sha256:own1', tags: ['127.0.0.1:5001/stevedore-bench/big-1:1.0'], layers: ['sha256:base', 'sha256:layer1'] },
    { id: 'sha256:own2', tags: ['127.0.0.2:5002/stevedore-bench/big-2:1.0'], layers: ['sha256:base', 'sha256:layer2'] },
  ];
  const others = Array.from({ length: 2000 }, (_, index) => ({ id: `sha256:many${index}`, tags: [`stevedore-bench/many-${index}:1.0`], layers: ['sha256:base'] }));

  it('asks the engine only about the images named, however many others it holds', async () => {
    const engine = fakeEngine([...own, ...others]);
    await removeImagesHoldingLayers(engine.docker, ['sha256:layer1', 'sha256:layer2'], undefined, own.map((image) => image.tags[0] ?? ''));
    expect(engine.held.has('sha256:own1') || engine.held.has('sha256:own2')).toBe(false);
    expect(engine.held.size).toBe(2000);
    // Each named image once to find the holders (the check afterwards finds none of them left).
    expect(engine.inspected.sort()).toEqual(['sha256:own1', 'sha256:own2']);
  });

  it('without names, still finds every holder in the engine (another name of the same layers too)', async () => {
    const engine = fakeEngine([...own, { id: 'sha256:copy', tags: ['elsewhere/copy:1'], layers: ['sha256:layer1'] }, ...others.slice(0, 3)]);
    await removeImagesHoldingLayers(engine.docker, ['sha256:layer1']);
    expect([...engine.held.keys()].sort()).toEqual(['sha256:many0', 'sha256:many1', 'sha256:many2', 'sha256:own2']);
  });
});
