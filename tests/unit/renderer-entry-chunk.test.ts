/**
 * The renderer's entry chunk is what the page evaluates before its first calls leave (renderer/main.tsx,
 * renderer/boot.ts; issue 18, the Images cold load): it must stay the boot alone — no screen, no React DOM, and no
 * Intl formatter made at evaluation (the page's first one costs tens of milliseconds, renderer/boot.ts
 * intlLocaleSteps) — with the app in a chunk of its own.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { rendererBuildOptions } from './renderer-build';

function buildRenderer() {
  return build({ ...rendererBuildOptions, splitting: true, outdir: 'out' });
}

describe("the renderer's chunks", { timeout: 60_000 }, () => {
  it('the entry holds the boot, not the app: no screen, no react-dom, no Intl formatter', async () => {
    const result = await buildRenderer();
    const outputs = result.metafile.outputs;
    const entryName = Object.keys(outputs).find((name) => outputs[name]!.entryPoint?.endsWith('renderer/main.tsx'));
    expect(entryName, 'the entry chunk').toBeDefined();
    // What the page evaluates before the entry's own code: the entry and the chunks it imports statically.
    const evaluatedFirst = new Set<string>();
    const visit = (name: string): void => {
      if (evaluatedFirst.has(name)) return;
      evaluatedFirst.add(name);
      for (const imported of outputs[name]!.imports) if (imported.kind === 'import-statement') visit(imported.path);
    };
    visit(entryName!);
    const modules = [...evaluatedFirst].flatMap((name) => Object.keys(outputs[name]!.inputs));
    expect(modules.some((module) => module.endsWith('renderer/boot.ts'))).toBe(true);
    expect(modules.filter((module) => module.includes('renderer/screens/') || module.includes('node_modules/react-dom/'))).toEqual([]);
    const text = result.outputFiles.filter((file) => [...evaluatedFirst].some((name) => file.path.endsWith(name))).map((file) => file.text).join('\n');
    // A formatter, not Intl.Locale: boot.ts's intlLocaleSteps warm ICU's data with one, in a task after the first calls.
    expect(text).not.toMatch(/new Intl\.(DateTimeFormat|NumberFormat|Collator|RelativeTimeFormat|PluralRules|ListFormat|DisplayNames|Segmenter)\b/);
    // The app is still part of the build, in a chunk the entry imports.
    expect(Object.values(outputs).some((output) => Object.keys(output.inputs).some((module) => module.endsWith('renderer/images/ImageTable.tsx')))).toBe(true);
  });

  it('each screen is a chunk of its own, loaded when opened: the app chunk holds none', async () => {
    const { metafile } = await buildRenderer();
    const screensIn = (output: { inputs: Record<string, unknown> }) => Object.keys(output.inputs).filter((module) => /renderer\/screens\/\w+Screen\.tsx$/.test(module));
    const app = Object.values(metafile.outputs).find((output) => output.entryPoint?.endsWith('renderer/renderApp.tsx'));
    expect(app, 'the app chunk').toBeDefined();
    expect(screensIn(app!)).toEqual([]);
    const chunksWithScreens = Object.values(metafile.outputs).filter((output) => screensIn(output).length > 0);
    expect(chunksWithScreens.map((output) => screensIn(output).length)).toEqual([1, 1, 1, 1, 1]);
  });
});
