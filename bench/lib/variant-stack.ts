/**
 * The stack benchmarks' shared setup: a section's eight seeded images (lib/seed.ts) in a compose file of their own,
 * opened in Stevedore as a user opens a file; `dispose` deletes the stack and the file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import type { BenchApp } from './app';
import type { BenchContext } from './context';
import type { DockerCli } from './docker-cli';
import { seedVariants, writeVariantStack, type SeededImage, type VariantSet } from './seed';

export interface VariantStack {
  app: BenchApp;
  cli: DockerCli;
  images: SeededImage[];
  /** Every layer of the eight images. */
  diffIds: string[];
  /**
   * Removes the eight images, and so every layer of them, from the engine (between runs: "from nothing"), and waits
   * until the app has listed the engine after it (its images.changed): otherwise that listing — at 2,000 images
   * about 250 ms of the engine and 100–200 ms of the app's event loop — lands in the next timed run, on the app's
   * own event loop when Stevedore runs next (delaying its first pulls) and beside compose's process when compose does.
   */
  removeImages(): Promise<void>;
  file: string;
  stackId: string;
  dispose(): Promise<void>;
}

/** `set`: the section's own images (lib/seed.ts), so removing every layer of them touches no other section's. */
export async function openVariantStack(context: BenchContext, section: string, project: string, set: VariantSet, options: { keepRunning: boolean }): Promise<VariantStack> {
  const app = await context.app();
  const cli = await context.cli();
  context.log(`${section}: seeding the eight images`);
  const images = await seedVariants(context.bench, set);
  const folder = mkdtempSync(path.join(tmpdir(), `stevedore-bench-${section}-`));
  const file = writeVariantStack(folder, project, images, options);
  app.setComposeSource(file);
  const opened = await app.stacks.open();
  if (!opened) {
    rmSync(folder, { recursive: true, force: true });
    throw new Error('the stack service did not open the benchmark compose file');
  }
  return {
    app,
    cli,
    images,
    diffIds: [...new Set(images.flatMap((image) => image.diffIds))],
    removeImages: async () => {
      const published = app.sent.counts.get('images.changed') ?? 0;
      if (await removeVariantImages(context.docker, images)) await appHasSeenTheRemoval(app, published);
    },
    file,
    stackId: opened.id,
    async dispose() {
      await app.stacks.delete(opened.id).catch(() => undefined);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/**
 * A set's layers are its own (lib/seed.ts), so removing its images by name leaves none of them in the engine. No
 * scan of every image in the engine, which took minutes once the ui section had left 2,000 images there.
 */
async function removeVariantImages(docker: Docker, images: readonly SeededImage[]): Promise<boolean> {
  let removed = false;
  for (const image of images) {
    await docker
      .getImage(image.reference)
      .remove({ force: true })
      .then(() => (removed = true))
      .catch((error: { statusCode?: number }) => {
        if (error.statusCode !== 404) throw error;
      });
  }
  return removed;
}

/** The app's next images.changed after `published` of them (its listing after the removal's events), or 10 s. */
async function appHasSeenTheRemoval(app: BenchApp, published: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((app.sent.counts.get('images.changed') ?? 0) <= published && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
