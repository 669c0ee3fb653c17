// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

/**
 * The layers, one rule: each area of the code lists the areas it may import from (relative imports, resolved to
 * the file they name). main/core is plain Node behaviour; the shell (the rest of main/) wraps it in Electron; preload
 * is the contract and the bridge; the renderer is untrusted UI that sees only the contract; shared/ is plain code
 * both sides may use and which imports nothing of theirs. docs/structure.md explains the layering.
 */
const AREAS = [
  { name: 'main/core', folder: 'main/core/', mayImport: ['main/core', 'preload/api', 'shared'] },
  { name: 'main/preview', folder: 'main/preview/', mayImport: ['main/preview', 'main/core', 'preload', 'shared'] },
  { name: 'main (shell)', folder: 'main/', mayImport: ['main (shell)', 'main/core', 'preload/api', 'shared'] },
  { name: 'preload', folder: 'preload/', mayImport: ['preload', 'shared'] },
  { name: 'renderer', folder: 'renderer/', mayImport: ['renderer', 'preload/api', 'shared'] },
  { name: 'shared', folder: 'shared/', mayImport: ['shared'] },
];

/** The area a repository path belongs to ('preload/api' is the contract inside preload). */
function areaOf(repoPath) {
  if (repoPath === 'preload/api' || repoPath === 'preload/api.ts') return 'preload/api';
  return AREAS.find((area) => repoPath.startsWith(area.folder))?.name;
}

function allowed(from, to) {
  if (to === undefined) return true;
  const area = AREAS.find((candidate) => candidate.name === from);
  if (!area) return true;
  if (area.mayImport.includes(to)) return true;
  // The contract is part of preload: whoever may import preload may import it.
  return to === 'preload/api' && area.mayImport.includes('preload');
}

const layersRule = {
  meta: { type: 'problem', schema: [], docs: { description: 'Each area imports only from the areas it may (eslint.config.js, AREAS).' } },
  create(context) {
    const root = path.dirname(fileURLToPath(import.meta.url));
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    const from = areaOf(file);
    if (from === undefined) return {};
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.(js|ts|tsx)$/, '');
      const to = areaOf(target);
      if (!allowed(from, to)) {
        context.report({ node: node.source, message: `${from} may not import from ${to} (${spec}). Allowed: ${AREAS.find((a) => a.name === from)?.mayImport.join(', ')}. See docs/structure.md.` });
      }
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

const noElectron = {
  paths: [{ name: 'electron', message: 'main/core/ is plain Node: pass Electron features in from the shell (main/).' }],
  patterns: [{ group: ['electron/*', '@electron/*', 'electron-store'], message: 'main/core/ is plain Node: pass Electron features in from the shell (main/).' }],
};

export default tseslint.config(
  { ignores: ['.bench/**', 'dist/**', 'release/**', 'node_modules/**', 'tests/env/.state/**', 'bench/results/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['main/**/*.ts', 'preload/**/*.ts', 'renderer/**/*.{ts,tsx}', 'shared/**/*.ts'],
    plugins: { stevedore: { rules: { layers: layersRule } } },
    rules: { 'stevedore/layers': 'error' },
  },
  {
    files: ['main/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noElectron] },
  },
  {
    // The renderer is untrusted UI: it may use the contract's types, never main-process code.
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'The renderer talks to main only through window.stevedore.' }], patterns: [{ group: ['electron/*', '@electron/*', 'electron-store'], message: 'The renderer talks to main only through window.stevedore.' }] },
      ],
    },
  },
  {
    files: ['preload/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // shared/ runs in main and in the renderer: plain code, no packages.
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^[^.]', message: 'shared/ imports nothing but shared/: it runs in main and in the renderer.' }] }] },
  },
);
