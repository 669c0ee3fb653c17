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
 * The renderer's entry chunk sends the first calls and then loads the app with import() (renderer/main.tsx): a
 * modulepreload link for the app's chunk lets the browser fetch and compile it meanwhile, not only once the entry
 * has run. Not the screens' chunks, which the entry can also import: only the opened one is loaded, when opened.
 */
function preloadAppChunk(appModule: string): Plugin {
  return {
    name: 'stevedore:preload-app-chunk',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const app = (context.chunk?.dynamicImports ?? []).filter((file) => {
          const chunk = context.bundle?.[file];
          return chunk?.type === 'chunk' && chunk.facadeModuleId?.endsWith(appModule) === true;
        });
        return app.map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` }, injectTo: 'head' as const }));
      },
    },
  };
}

const targets: Record<string, UserConfig> = {
  renderer: {
    root: 'renderer',
    base: './',
    plugins: [react(), preloadAppChunk('/renderer/renderApp.tsx')],
    // One stylesheet, linked from index.html as before the app was split into chunks: it loads beside the scripts,
    // and no chunk waits for a stylesheet of its own before it renders.
    build: { outDir: '../dist/renderer', emptyOutDir: true, target: 'chrome130', sourcemap: false, cssCodeSplit: false },
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
