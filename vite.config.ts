/**
 * One config, four targets, picked by `--mode`:
 *   renderer        the React app, loaded from packaged files through the app:// protocol
 *   preload         one CommonJS file: a sandboxed renderer's preload may only require('electron')
 *   main            the Electron main process (ESM); runtime dependencies stay in node_modules
 *   preview-bridge  the same bridge over a WebSocket, for `npm run preview` in a normal browser
 */
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import react from '@vitejs/plugin-react';

const packageJson = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  dependencies?: Record<string, string>;
};
const runtimeDependencies = Object.keys(packageJson.dependencies ?? {});
const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const isExternalForMain = (id: string): boolean =>
  id === 'electron' ||
  nodeBuiltins.includes(id) ||
  runtimeDependencies.some((dependency) => id === dependency || id.startsWith(`${dependency}/`));

/**
 * The renderer's entry chunk sends the first calls and then loads the app with import() (renderer/main.tsx): modulepreload
 * links for the app's chunk and the chunks it imports let the browser fetch and compile them meanwhile, not only once
 * the entry has run. Likewise the code the screens share (`SCREENS_SHARED`), so that opening a screen fetches its own
 * chunk alone (issue 18, the Images cold load: the Images chunk waited for six small shared chunks asked for after the
 * entry ran, from a preview busy answering the first calls). Not the screens' own chunks: only the opened one is
 * loaded, when opened, and the others in idle time after it (renderer/navigation/screenModules.ts).
 */
function preloadAppChunk(appModule: string): Plugin {
  return {
    name: 'stevedore:preload-app-chunk',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const bundle = context.bundle ?? {};
        const chunk = (file: string) => {
          const output = bundle[file];
          return output?.type === 'chunk' ? output : undefined;
        };
        const preloaded = new Set<string>();
        const preload = (file: string): void => {
          if (preloaded.has(file)) return;
          preloaded.add(file);
          for (const imported of chunk(file)?.imports ?? []) preload(imported);
        };
        for (const file of context.chunk?.dynamicImports ?? []) {
          if (chunk(file)?.facadeModuleId?.endsWith(appModule) === true) preload(file);
        }
        for (const file of Object.keys(bundle)) if (chunk(file)?.name === SCREENS_SHARED) preload(file);
        // The entry's own imports already have their links.
        for (const file of [context.chunk?.fileName, ...(context.chunk?.imports ?? [])]) if (file !== undefined) preloaded.delete(file);
        return [...preloaded].map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` }, injectTo: 'head' as const }));
      },
    },
  };
}

/** The chunk of the code two or more screens use and neither the entry nor the app does (`screensSharedChunk`). */
const SCREENS_SHARED = 'screens-shared';
const isScreenModule = (id: string): boolean => /\/renderer\/screens\/\w+Screen\.tsx$/.test(id);

/**
 * Puts the modules that only screens import, and more than one of them, in one chunk (`SCREENS_SHARED`), instead of
 * the handful of small chunks Rolldown makes for each set of screens sharing them; index.html preloads it. A module the
 * entry or the app imports stays where Rolldown puts it (the app's chunks are preloaded too); one used by a single
 * screen stays in that screen's chunk.
 */
type StaticImporters = (id: string) => { importers: readonly string[] } | null;
function screensSharedChunk(): (id: string, context: { getModuleInfo: StaticImporters }) => string | null {
  const usersOf = new Map<string, Set<string>>();
  /** The screens, or the boot and app modules ('' for them), whose static imports reach `id`. */
  const users = (id: string, getModuleInfo: StaticImporters, visiting = new Set<string>()): Set<string> => {
    const known = usersOf.get(id);
    if (known) return known;
    const found = new Set<string>();
    if (isScreenModule(id)) found.add(id);
    else if (!visiting.has(id)) {
      visiting.add(id);
      const importers = getModuleInfo(id)?.importers ?? [];
      // A module nothing imports statically is the entry, the app or a dynamic import of theirs.
      if (importers.length === 0) found.add('');
      for (const importer of importers) for (const user of users(importer, getModuleInfo, visiting)) found.add(user);
      visiting.delete(id);
      if (visiting.size > 0) return found; // inside a cycle: not final until its first module is done
    }
    usersOf.set(id, found);
    return found;
  };
  return (id, context) => {
    if (isScreenModule(id)) return null;
    const found = users(id, (module) => context.getModuleInfo(module));
    return !found.has('') && found.size > 1 ? SCREENS_SHARED : null;
  };
}

/**
 * React DOM (with the scheduler it alone uses) in a chunk of its own, beside the app's (preloaded with it by
 * `preloadAppChunk`, evaluated in the same task). React DOM's body makes Error objects while it is evaluated; when an
 * inspector has the page's Runtime domain on (Playwright in the benchmarks and end-to-end tests, DevTools), V8 records
 * each one's stack with lines and columns and re-parses every function on that stack to find them, among them the top
 * level of the chunk that first calls React DOM. In the app's chunk that top level was React DOM's 210 KB as well;
 * now it is the app's 13 KB. The task evaluating the app: 17.5 -> 13.6 ms of CPU in paired traced cold loads.
 */
const REACT_DOM = 'react-dom';
const isReactDomModule = (id: string): boolean => /\/node_modules\/(react-dom|scheduler)\//.test(id);

const targets: Record<string, UserConfig> = {
  renderer: {
    root: 'renderer',
    base: './',
    plugins: [react(), preloadAppChunk('/renderer/renderApp.tsx')],
    // One stylesheet, linked from index.html as before the app was split into chunks: it loads beside the scripts,
    // and no chunk waits for a stylesheet of its own before it renders.
    build: {
      outDir: '../dist/renderer',
      emptyOutDir: true,
      target: 'chrome130',
      sourcemap: false,
      cssCodeSplit: false,
      // Only the modules named, not what they import: those the entry or the app import stay with them.
      rolldownOptions: {
        output: {
          codeSplitting: {
            groups: [
              { name: REACT_DOM, test: isReactDomModule, includeDependenciesRecursively: false },
              { name: screensSharedChunk(), includeDependenciesRecursively: false },
            ],
          },
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'dist/preload',
      emptyOutDir: true,
      target: 'chrome130',
      minify: false,
      lib: { entry: 'preload/index.ts', formats: ['cjs'], fileName: () => 'index.cjs' },
      rollupOptions: { external: ['electron'] },
    },
  },
  main: {
    build: {
      outDir: 'dist/main',
      emptyOutDir: true,
      target: 'node22',
      minify: false,
      ssr: true,
      lib: { entry: 'main/index.ts', formats: ['es'], fileName: () => 'index.js' },
      rollupOptions: { external: isExternalForMain },
    },
    ssr: { noExternal: true, external: runtimeDependencies },
  },
  'preview-bridge': {
    build: {
      outDir: 'dist/preview',
      emptyOutDir: true,
      target: 'chrome130',
      lib: { entry: 'preload/preview-entry.ts', formats: ['iife'], name: 'StevedorePreviewBridge', fileName: () => 'bridge.js' },
    },
  },
};

export default defineConfig(({ mode }) => {
  const target = targets[mode];
  if (!target) {
    throw new Error(`Unknown build mode "${mode}". Use one of: ${Object.keys(targets).join(', ')}.`);
  }
  return target;
});
