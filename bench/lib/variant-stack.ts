/**
 * The stack benchmarks' shared setup: the eight seeded images (lib/seed.ts) in a compose file of their own,
 * opened in Stevedore as a user opens a file; `dispose` deletes the stack and the file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchApp } from './app';
import type { BenchContext } from './context';
import type { DockerCli } from './docker-cli';
import { seedVariants, writeVariantStack, type SeededImage } from './seed';

export interface VariantStack {
  app: BenchApp;
  cli: DockerCli;
  images: SeededImage[];
  /** Every layer of the eight images, to remove them from the engine between runs. */
  diffIds: string[];
  file: string;
  stackId: string;
  dispose(): Promise<void>;
}

export async function openVariantStack(context: BenchContext, section: string, project: string, options: { keepRunning: boolean }): Promise<VariantStack> {
  const app = await context.app();
  const cli = await context.cli();
  context.log(`${section}: seeding the eight images`);
  const images = await seedVariants(context.bench);
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
    file,
    stackId: opened.id,
    async dispose() {
      await app.stacks.delete(opened.id).catch(() => undefined);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
