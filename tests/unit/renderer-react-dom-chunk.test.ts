/**
 * React DOM is a chunk of its own, apart from the app's modules (issue 15/18, the Images cold load's longest task).
 * React DOM's body makes Error objects while it is evaluated (`SuspenseException` and others). When an inspector has
 * the page's Runtime domain on, as Playwright has in the benchmarks and the end-to-end tests, V8 then records each
 * Error's stack with lines and columns, and re-parses every function on the stack to find them: React DOM's CommonJS
 * wrapper and the top level of the chunk that first calls it. In one chunk with the app, that top level was the whole
 * 220 KB file; now it is the app's modules alone. In paired traced cold loads the task evaluating the app went from
 * 17.5 to 13.6 ms of CPU (medians of 10 a side; V8.CollectSourcePositions 14.0 -> 10.0 ms).
 * Built with the project's own Vite config, as `npm run build` does (into a temporary folder).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, type Rolldown } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const outDir = mkdtempSync(path.join(tmpdir(), 'stevedore-renderer-react-dom-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const isReactDomModule = (id: string): boolean => /\/node_modules\/(react-dom|scheduler)\//.test(id);

describe("the renderer's React DOM chunk", { timeout: 120_000 }, () => {
  it('holds React DOM alone, is preloaded by index.html, and the entry does not import it', async () => {
    const result = await build({ configFile: path.join(root, 'vite.config.ts'), mode: 'renderer', logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    const outputs = (Array.isArray(result) ? result : [result]).flatMap((output) => ('output' in output ? output.output : []));
    const chunks = outputs.filter((output): output is Rolldown.OutputChunk => output.type === 'chunk');
    const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');

    const withReactDom = chunks.filter((chunk) => chunk.moduleIds.some(isReactDomModule));
    expect(withReactDom.map((chunk) => chunk.name), 'the chunks holding React DOM').toEqual(['react-dom']);
    const reactDom = withReactDom[0]!;
    expect(reactDom.moduleIds.filter((id) => !isReactDomModule(id)), "React DOM's chunk holds nothing else").toEqual([]);
    // react-dom/client, whichever of its builds NODE_ENV picks (under Vitest, the development one).
    expect(reactDom.moduleIds.some((id) => id.endsWith('/node_modules/react-dom/client.js'))).toBe(true);

    // Fetched while index.html is parsed, beside the app's chunk that imports it, not once the app's chunk is in.
    expect(html).toContain(`<link rel="modulepreload" crossorigin href="./${reactDom.fileName}">`);
    const app = chunks.find((chunk) => chunk.facadeModuleId?.endsWith('/renderer/renderApp.tsx'));
    expect(app?.imports, "the app's chunk imports it").toContain(reactDom.fileName);
    // The entry sends the window's first calls before any of it is evaluated (renderer/main.tsx).
    const entry = chunks.find((chunk) => chunk.isEntry);
    const evaluatedWithEntry = new Set<string>();
    const visit = (fileName: string): void => {
      if (evaluatedWithEntry.has(fileName)) return;
      evaluatedWithEntry.add(fileName);
      for (const imported of chunks.find((chunk) => chunk.fileName === fileName)?.imports ?? []) visit(imported);
    };
    visit(entry!.fileName);
    expect([...evaluatedWithEntry]).not.toContain(reactDom.fileName);
  });
});
