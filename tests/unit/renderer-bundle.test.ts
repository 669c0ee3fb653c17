/**
 * The renderer's bundle carries no zod and not the contract's schemas (preload/api.ts). Main checks every request
 * and answer against them; the page only needs their types and a few limits (shared/contract-limits.ts). Building every
 * schema of the contract when a window opens was part of the page's first long task (issue 18: the Images screen's
 * cold load), and zod was a large share of the script the page parses.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { rendererBuildOptions } from './renderer-build';

describe("the renderer's bundle", { timeout: 60_000 }, () => {
  it('holds neither zod nor the schemas of preload/api.ts', async () => {
    const result = await build(rendererBuildOptions);
    const modules = Object.keys(result.metafile.inputs);
    expect(modules.some((module) => module.endsWith('renderer/images/ImageTable.tsx'))).toBe(true);
    expect(modules.filter((module) => module.includes('node_modules/zod/') || module.endsWith('preload/api.ts'))).toEqual([]);
  });
});
