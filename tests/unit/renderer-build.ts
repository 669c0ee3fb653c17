/** esbuild options that bundle the renderer from renderer/main.tsx as Vite does, for tests that read its module graph. */
import path from 'node:path';
import type { BuildOptions } from 'esbuild';

const root = path.resolve(import.meta.dirname, '../..');

export const rendererBuildOptions = {
  entryPoints: [path.join(root, 'renderer/main.tsx')],
  bundle: true,
  write: false,
  metafile: true,
  format: 'esm',
  platform: 'browser',
  jsx: 'automatic',
  loader: { '.css': 'empty', '.svg': 'empty', '.png': 'empty' },
  logLevel: 'silent',
} satisfies BuildOptions;
