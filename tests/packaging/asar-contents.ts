/** Reading a packaged app.asar and the import specifiers of a built bundle, for the packaging test. */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// electron-builder's own asar reader (a dependency of electron-builder; CommonJS).
const asar = require('@electron/asar') as {
  listPackage: (archive: string, options: { isPack: boolean }) => string[];
  statFile: (archive: string, file: string, followLinks?: boolean) => { size?: number; files?: unknown; link?: string };
  extractFile: (archive: string, file: string) => Buffer;
};
// npm's own range matching, as electron-builder uses it (a dependency of electron-builder; CommonJS).
const semver = require('semver') as { satisfies: (version: string, range: string, options: { includePrerelease: boolean }) => boolean };
export const satisfies = semver.satisfies;

/** Every file in the archive (not folders or links), as a relative POSIX path, with its size in bytes. */
export function asarEntries(archive: string): Map<string, number> {
  const entries = new Map<string, number>();
  for (const listed of asar.listPackage(archive, { isPack: false })) {
    const file = listed.replace(/\\/g, '/').replace(/^\//, '');
    const stat = asar.statFile(archive, file, false);
    if (stat.files !== undefined || stat.link !== undefined) continue;
    entries.set(file, stat.size ?? 0);
  }
  return entries;
}

/**
 * The bare specifiers (`dockerode`, `zod/v4`, `node:fs`) a JavaScript bundle imports: static imports and
 * re-exports, side-effect imports, dynamic `import('…')` with a literal, and `require('…')`. Relative and
 * absolute specifiers are left out; they point into the bundle itself.
 */
export function bareImportsOf(source: string): string[] {
  const patterns = [
    /\bimport\s+(?:[^'"`;]*?\s+from\s+)?["']([^"']+)["']/g,
    /\bexport\s+[^'"`;]*?\s+from\s+["']([^"']+)["']/g,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\(\s*["']([^"']+)["']\s*\)/g,
  ];
  const found = new Set<string>();
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) {
      const specifier = match[1];
      if (specifier && !specifier.startsWith('.') && !specifier.startsWith('/')) found.add(specifier);
    }
  }
  return [...found];
}

/** The package folder a file in the archive belongs to (`node_modules/a/node_modules/@s/b`), or undefined. */
export function packageFolderOf(file: string): string | undefined {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file);
  return match?.[1];
}

export interface PackedPackage {
  /** e.g. `node_modules/conf/node_modules/env-paths`. */
  folder: string;
  name: string;
  version: string;
  dependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
}

/** Every package in the archive with what its package.json says. */
export function packedPackages(archive: string, entries: Map<string, number>): PackedPackage[] {
  const folders = new Set([...entries.keys()].map(packageFolderOf).filter((folder): folder is string => folder !== undefined));
  return [...folders].flatMap((folder) => {
    if (!entries.has(`${folder}/package.json`)) return [];
    const manifest = JSON.parse(asar.extractFile(archive, `${folder}/package.json`).toString('utf8')) as Partial<PackedPackage>;
    return [
      {
        folder,
        name: manifest.name ?? folder.split('node_modules/').at(-1) ?? folder,
        version: manifest.version ?? '',
        dependencies: manifest.dependencies ?? {},
        optionalDependencies: manifest.optionalDependencies ?? {},
      },
    ];
  });
}

/**
 * Where Node finds `dependency` from inside `folder`: its own node_modules, then each enclosing package's, then
 * the top level — electron-builder lays packages out its own way, so this is checked on what it packed.
 */
export function resolvePackedDependency(folder: string, dependency: string, byFolder: Map<string, PackedPackage>): PackedPackage | undefined {
  let current: string | undefined = folder;
  while (current !== undefined) {
    const found = byFolder.get(`${current}/node_modules/${dependency}`);
    if (found) return found;
    const parent: string | undefined = /^(.*)\/node_modules\/(?:@[^/]+\/)?[^/]+$/.exec(current)?.[1];
    current = parent === undefined || parent === '' ? undefined : parent;
  }
  return byFolder.get(`node_modules/${dependency}`);
}
