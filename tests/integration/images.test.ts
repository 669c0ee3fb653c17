/** ImageService against the bench engine: listing what was pulled, removing it, and the in-use error. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ImageViewSchema } from '../../preload/api';
import { EngineConnection } from '../../main/core/engine/connection';
import { ImageService } from '../../main/core/images';
import { loadBench, type Bench } from '../env/bench';

let bench: Bench;
let engine: EngineConnection;
let images: ImageService;
const containers: string[] = [];
const created: string[] = [];
let image: string;

beforeAll(async () => {
  bench = loadBench();
  engine = new EngineConnection({ findEndpoint: () => ({ url: bench.dockerHost, source: 'DOCKER_HOST', tls: false }) });
  expect((await engine.start()).state).toBe('connected');
  images = new ImageService({ docker: () => engine.docker(), engineEndpoint: () => bench.dockerHost });
});

afterAll(async () => {
  for (const id of containers) await engine.docker().getContainer(id).remove({ force: true }).catch(() => undefined);
  for (const reference of created) await engine.docker().getImage(reference).remove({ force: true }).catch(() => undefined);
  engine?.stop();
});

/** Waits for a pull or push stream to end; fails on an error message inside it. */
async function drain(stream: NodeJS.ReadableStream): Promise<void> {
  const output = await new Promise<Array<{ error?: string }>>((resolve, reject) =>
    engine.docker().modem.followProgress(stream, (error: Error | null, result: Array<{ error?: string }>) => (error ? reject(error) : resolve(result))),
  );
  const failed = output.find((message) => message.error !== undefined);
  if (failed) throw new Error(failed.error);
}

/**
 * An image no other test shares: the small image with a label of its own, pushed to the anonymous registry and
 * pulled back, so it has one name, a registry digest and an id nobody else tags (other suites share the engine).
 */
async function pullUniqueImage(): Promise<string> {
  const docker = engine.docker();
  const nonce = randomUUID().slice(0, 8);
  const repository = `${bench.registries.anon.address}/stevedore-images-test/unique`;
  const reference = `${repository}:${nonce}`;
  await drain(await docker.pull(bench.images.small.anon));
  const base = await docker.createContainer({ Image: bench.images.small.anon, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } });
  await base.commit({ repo: repository, tag: nonce, changes: `LABEL stevedore.test.nonce=${nonce}` });
  await base.remove();
  await drain(await docker.getImage(reference).push({ authconfig: { serveraddress: bench.registries.anon.address } }));
  await docker.getImage(reference).remove();
  await drain(await docker.pull(reference));
  created.push(reference);
  return reference;
}

async function createContainer(image: string, options: { start: boolean; name: string }): Promise<string> {
  const docker = engine.docker();
  await docker.getContainer(options.name).remove({ force: true }).catch(() => undefined);
  const container = await docker.createContainer({ Image: image, name: options.name, Cmd: ['sleep', '300'], HostConfig: { NetworkMode: 'none' } });
  containers.push(container.id);
  if (options.start) await container.start();
  return container.id;
}

beforeEach(async () => {
  image = await pullUniqueImage();
});

describe('ImageService', () => {
  it('lists a pulled image with its tag, digest, size, creation time and registry', async () => {
    const inspected = await engine.docker().getImage(image).inspect();
    const listed = await images.list();
    for (const view of listed) ImageViewSchema.strict().parse(view);
    const view = listed.find((candidate) => candidate.id === inspected.Id);
    expect(view).toBeDefined();
    expect(view?.tags).toEqual([image]);
    expect(view?.digests).toHaveLength(1);
    expect(view?.digests[0]).toMatch(new RegExp(`^${bench.registries.anon.address.replace(/\./g, '\\.')}/stevedore-images-test/unique@sha256:[a-f0-9]{64}$`));
    expect(view?.sizeBytes).toBe(inspected.Size);
    expect(view?.sizeBytes).toBeGreaterThan(0);
    // The engine lists creation times to the second.
    expect(view?.createdAt).toBe(new Date(Math.floor(Date.parse(inspected.Created) / 1000) * 1000).toISOString());
    expect(view?.registry).toBe(bench.registries.anon.address);
    expect(view?.containers).toBe(0);
    expect(listed.every((candidate) => !candidate.tags.includes('<none>:<none>'))).toBe(true);
  });

  it('removes an image by name', async () => {
    const { removed } = await images.remove(image);
    expect(removed).toContain(image);
    const listed = await images.list();
    expect(listed.some((view) => view.tags.includes(image))).toBe(false);
  });

  it('refuses to remove an image a stopped container uses, naming the container and suggesting force', async () => {
    const id = await createContainer(image, { start: false, name: 'stevedore-images-test-stopped' });
    const inspected = await engine.docker().getImage(image).inspect();
    const error = await images.remove(inspected.Id).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'IMAGE_IN_USE' });
    const message = (error as Error).message;
    expect(message).toContain('stevedore-images-test-stopped');
    expect(message).toContain(id.slice(0, 12));
    expect(message).toMatch(/force/);
    expect((await images.list()).find((view) => view.id === inspected.Id)?.containers).toBe(1);
  });

  it('says to stop a running container that uses the image, even when forcing', async () => {
    await createContainer(image, { start: true, name: 'stevedore-images-test-running' });
    const inspected = await engine.docker().getImage(image).inspect();
    const error = await images.remove(inspected.Id, true).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'IMAGE_IN_USE' });
    const message = (error as Error).message;
    expect(message).toContain('stevedore-images-test-running');
    expect(message).toMatch(/running/);
    expect(message).toMatch(/Stop/);
  });

  it('refuses text that is neither an id nor a name before asking the engine, and reports a missing image', async () => {
    await expect(images.remove('../containers/json')).rejects.toMatchObject({ code: 'REFERENCE_INVALID' });
    await expect(images.remove('127.0.0.2:5002/stevedore/never-pulled:1.0')).rejects.toMatchObject({ code: 'IMAGE_NOT_FOUND' });
  });
});

describe('ImageService.usage (what the engine really uses, as docker system df -v counts it)', () => {
  it('counts layers several images share once, and says how much of each image is shared', async () => {
    const docker = engine.docker();
    await drain(await docker.pull(bench.images.small.anon));
    const base = await docker.getImage(bench.images.small.anon).inspect();
    // Six images that differ only by a label: each is the small image's layers again (a commit adds an empty layer).
    const nonce = randomUUID().slice(0, 8);
    const derived: string[] = [];
    for (let index = 0; index < 6; index += 1) {
      const container = await docker.createContainer({ Image: bench.images.small.anon, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } });
      const reference = `stevedore-usage-test/${nonce}:copy-${index}`;
      await container.commit({ repo: `stevedore-usage-test/${nonce}`, tag: `copy-${index}`, changes: `LABEL stevedore.test.copy=${nonce}-${index}` });
      await container.remove();
      created.push(reference);
      derived.push(reference);
    }
    // And the same image under many names: still one image, counted once.
    for (let index = 0; index < 20; index += 1) {
      const repo = `stevedore-usage-test/${nonce}-names`;
      await docker.getImage(derived[0]!).tag({ repo, tag: `name-${index}` });
      created.push(`${repo}:name-${index}`);
    }

    const list = await images.list();
    const usage = await images.usage();
    const summed = list.reduce((sum, image) => sum + image.sizeBytes, 0);
    // The six copies alone would add five times the small image to a per-image sum; the engine's total does not.
    expect(usage.totalBytes).toBeLessThanOrEqual(summed - 5 * base.Size);
    expect(usage.totalBytes).toBeGreaterThan(0);
    expect(usage.sharedBytes).toBeGreaterThanOrEqual(base.Size);
    expect(usage.sharedBytes).toBeLessThanOrEqual(usage.totalBytes);
    for (const reference of derived) {
      const id = (await docker.getImage(reference).inspect()).Id;
      expect(list.filter((image) => image.id === id)).toHaveLength(1);
    }
  });
});
