/**
 * Opening a screen fetches one file: the screen's own chunk (issue 18, the Images cold load). The code screens share
 * with each other is in one chunk that index.html preloads with the app's, so it arrives while the page boots. Before,
 * the Images chunk needed six more small chunks, asked for only once the entry had run; from a preview busy with the
 * first calls' answers the last of them arrived 300–900 ms after the Images chunk itself, and the screen waited for it.
 * Built with the project's own Vite config, as `npm run build` does (into a temporary folder).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, type Rolldown } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const outDir = mkdtempSync(path.join(tmpdir(), 'stevedore-renderer-chunks-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

async function buildRenderer(): Promise<{ chunks: Map<string, Rolldown.OutputChunk>; html: string }> {
  const result = await build({ configFile: path.join(root, 'vite.config.ts'), mode: 'renderer', logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((output) => ('output' in output ? output.output : []));
  const chunks = new Map(outputs.filter((output): output is Rolldown.OutputChunk => output.type === 'chunk').map((chunk) => [chunk.fileName, chunk]));
  return { chunks, html: readFileSync(path.join(outDir, 'index.html'), 'utf8') };
}

describe("the renderer's screen chunks", { timeout: 120_000 }, () => {
  it("need nothing but the screen's own chunk beyond what index.html loads", async () => {
    const { chunks, html } = await buildRenderer();
    // What the page asks for while it parses index.html: the entry and every modulepreload.
    const loadedByHtml = new Set([...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]!));
    const needs = (fileName: string, seen = new Set<string>()): Set<string> => {
      if (seen.has(fileName)) return seen;
      seen.add(fileName);
      for (const imported of chunks.get(fileName)?.imports ?? []) needs(imported, seen);
      return seen;
    };
    const screenChunks = [...chunks.values()].filter((chunk) => chunk.isDynamicEntry && /renderer\/screens\/\w+Screen\.tsx$/.test(chunk.facadeModuleId ?? ''));
    expect(screenChunks).toHaveLength(5);
    for (const screen of screenChunks) {
      const fetchedOnOpening = [...needs(screen.fileName)].filter((fileName) => !loadedByHtml.has(fileName));
      expect(fetchedOnOpening, `opening ${screen.name}`).toEqual([screen.fileName]);
    }
    // Each screen's own code stays in its own chunk: index.html loads no screen.
    expect(screenChunks.filter((screen) => loadedByHtml.has(screen.fileName))).toEqual([]);
    expect(readdirSync(path.join(outDir, 'assets')).length).toBeGreaterThan(0);
  });
});
