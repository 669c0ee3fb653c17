/**
 * The app as users install it: electron-builder packages the built app (`npm run build` first) for `linux dir`
 * against a stand-in Electron folder (no Electron binary can be had here), then this checks what landed in
 * resources/: every import of the main bundle resolves inside app.asar, nothing only development needs is packed,
 * no native `.node` file is packed, the icons main loads are there, the asar stays within its size budget — and
 * the packaged main process starts against the `electron` double and answers contract calls.
 *
 * Fuses are left out of the derived config: flipping them edits the real Electron binary, which the stand-in is not.
 */
import { execFile } from 'node:child_process';
import { builtinModules } from 'node:module';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { trayIconPath, windowIconPath } from '../../main/core/tray/icon';
import { callChannel } from '../../preload/api';
import { app, double, settle } from '../shell/electron-double';
import { asarEntries, bareImportsOf, packedPackages, resolvePackedDependency, satisfies } from './asar-contents';

const run = promisify(execFile);
const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * app.asar measured 9,397,509 bytes (1,367 files) when this was written: the built app and main's runtime
 * dependencies (zod, dockerode with grpc-js, protobufjs and ssh2, yaml, electron-store with conf and ajv). Then the
 * registry client (main/core/registry-client/) brought undici (lib/ 1.6 MB; its docs/ folder is left out):
 * 10,972,469 bytes (1,489 files) with it. The budget leaves ~9 % headroom over that, so an accidental dependency
 * still fails it. Before issue 17 the asar was ~22 MB, ~37 % of it react, react-dom and ws.
 */
const ASAR_BUDGET_BYTES = 12_000_000;

/** Packages the renderer bundles or only the preview uses: never part of the desktop app's asar. */
const NEVER_PACKED = ['react', 'react-dom', 'ws', 'electron', 'electron-builder', 'vite', 'vitest', 'typescript'];

let work: string;
let resources: string;
let asarFile: string;
let entries: Map<string, number>;

beforeAll(async () => {
  for (const built of ['dist/main/index.js', 'dist/preload/index.cjs', 'dist/renderer/index.html']) {
    if (!existsSync(path.join(projectDir, built))) throw new Error(`${built} is missing: run "npm run build" before the packaging test.`);
  }
  work = mkdtempSync(path.join(tmpdir(), 'stevedore-packaging-'));

  // The stand-in for Electron's own files: electron-builder copies the folder and renames `electron` to the
  // app's executable name.
  const electronDist = path.join(work, 'electron-dist');
  mkdirSync(path.join(electronDist, 'resources'), { recursive: true });
  writeFileSync(path.join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary" >&2\nexit 1\n');
  chmodSync(path.join(electronDist, 'electron'), 0o755);

  const config = parse(readFileSync(path.join(projectDir, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
    directories: Record<string, string>;
    linux: Record<string, unknown>;
  };
  delete config.electronFuses;
  config.electronDist = electronDist;
  config.directories = { ...config.directories, output: path.join(work, 'release') };
  config.linux = { ...config.linux, target: ['dir'] };
  const configFile = path.join(work, 'electron-builder.json');
  writeFileSync(configFile, JSON.stringify(config));

  try {
    await run(process.execPath, [path.join(projectDir, 'node_modules/electron-builder/cli.js'), '--config', configFile, '--linux', 'dir', '--x64', '--publish', 'never'], {
      cwd: projectDir,
      // Only what a shell would pass: the test runner's own variables are not electron-builder's business.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? work, TMPDIR: tmpdir(), CI: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`electron-builder failed:\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`, { cause: error });
  }
  resources = path.join(work, 'release', 'linux-unpacked', 'resources');
  asarFile = path.join(resources, 'app.asar');
  entries = asarEntries(asarFile);
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packaged app (electron-builder, linux dir)', () => {
  it('packs the built app and package.json, not the preview bridge', () => {
    expect(entries.has('package.json')).toBe(true);
    expect(entries.has('dist/main/index.js')).toBe(true);
    expect(entries.has('dist/preload/index.cjs')).toBe(true);
    expect(entries.has('dist/renderer/index.html')).toBe(true);
    expect([...entries.keys()].filter((file) => file.startsWith('dist/preview/'))).toEqual([]);
  });

  it("packs every file the window loads: index.html's scripts and styles and every chunk they import", () => {
    // The renderer is split into chunks loaded by import() (renderer/main.tsx, renderer/navigation/screenModules.ts):
    // a chunk left out would only fail when its screen is opened.
    const rendererDir = path.join(projectDir, 'dist/renderer');
    const referenced = new Set<string>();
    const follow = (file: string): void => {
      if (referenced.has(file)) return;
      referenced.add(file);
      if (!file.endsWith('.js')) return;
      const text = readFileSync(path.join(rendererDir, file), 'utf8');
      for (const [, name] of text.matchAll(/["'`]\.\/([\w.-]+\.(?:js|css))["'`]/g)) follow(path.posix.join(path.posix.dirname(file), name!));
    };
    const html = readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
    for (const [, file] of html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)) follow(file!);
    expect([...referenced].filter((file) => file.endsWith('.js')).length).toBeGreaterThan(2);
    expect([...referenced].filter((file) => !entries.has(`dist/renderer/${file}`))).toEqual([]);
  });

  it('resolves every bare import of dist/main inside app.asar, as Node resolves them', async () => {
    const mainFiles = [...entries.keys()].filter((file) => file.startsWith('dist/main/') && /\.(m|c)?js$/.test(file));
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`), 'electron']);
    const specifiers = new Set<string>();
    for (const file of mainFiles) {
      for (const specifier of bareImportsOf(readFileSync(path.join(projectDir, file), 'utf8'))) if (!builtins.has(specifier)) specifiers.add(specifier);
    }
    expect(specifiers.size).toBeGreaterThan(0);

    // Node itself resolves each one from the extracted main file, in a folder with no node_modules above it. (The
    // start-up test below cannot prove this: the test runner would fall back to the project's own node_modules.)
    const extracted = await extractAsar();
    const checker = path.join(extracted, 'dist', 'main', 'resolve-check.mjs');
    writeFileSync(
      checker,
      `const out = {};\nfor (const s of ${JSON.stringify([...specifiers])}) { try { out[s] = import.meta.resolve(s); } catch (e) { out[s] = 'ERROR ' + e.message; } }\nconsole.log(JSON.stringify(out));\n`,
    );
    const { stdout } = await run(process.execPath, [checker], { cwd: extracted });
    const resolved = JSON.parse(stdout) as Record<string, string>;
    const outside = Object.entries(resolved).filter(([, url]) => !url.startsWith(pathToFileURL(extracted).href + '/'));
    expect(outside, 'imports of dist/main that do not resolve inside app.asar').toEqual([]);
  });

  it('packs no package that only development needs', () => {
    const lock = JSON.parse(readFileSync(path.join(projectDir, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { name?: string; version?: string; dev?: boolean }>;
    };
    // electron-builder lays node_modules out its own way, so packages are matched by name and version: a packed
    // package is dev-only when every copy npm installed of that version is marked `dev`.
    const installed = Object.entries(lock.packages).filter(([folder]) => folder.includes('node_modules/'));
    const devOnly = packedPackages(asarFile, entries).filter(({ name, version }) => {
      const copies = installed.filter(([folder, entry]) => (entry.name ?? folder.split('node_modules/').at(-1)) === name && entry.version === version);
      return copies.length > 0 && copies.every(([, entry]) => entry.dev === true);
    });
    expect(devOnly.map(({ name, version }) => `${name}@${version}`), 'dev-only packages inside app.asar').toEqual([]);
    const never = packedPackages(asarFile, entries).filter(({ name }) => NEVER_PACKED.includes(name));
    expect(never.map(({ folder }) => folder), 'packages the desktop app never loads').toEqual([]);
  });

  it('gives every packed package the dependency versions it asks for, as Node would find them in the asar', () => {
    const packages = packedPackages(asarFile, entries);
    const byFolder = new Map(packages.map((entry) => [entry.folder, entry]));
    const problems: string[] = [];
    for (const entry of packages) {
      for (const [dependency, range] of Object.entries({ ...entry.dependencies, ...entry.optionalDependencies })) {
        const optional = dependency in entry.optionalDependencies;
        const found = resolvePackedDependency(entry.folder, dependency, byFolder);
        if (!found) {
          if (!optional) problems.push(`${entry.name}@${entry.version} needs ${dependency}@${range}: not packed`);
        } else if (!satisfies(found.version, range, { includePrerelease: true }) && /^[~^<>=\d\s.|x*-]+$/.test(range)) {
          problems.push(`${entry.name}@${entry.version} needs ${dependency}@${range}: finds ${found.version} at ${found.folder}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('packs no native module, in the asar or unpacked next to it', () => {
    expect([...entries.keys()].filter((file) => file.endsWith('.node'))).toEqual([]);
    expect([...entries.keys()].filter((file) => file.includes('node_modules/cpu-features/'))).toEqual([]);
    const unpacked = path.join(resources, 'app.asar.unpacked');
    expect(existsSync(unpacked) ? listFiles(unpacked).filter((file) => file.endsWith('.node')) : []).toEqual([]);
  });

  it('has every icon main loads at run time under resources/', () => {
    const location = { isPackaged: true, resourcesPath: resources, appPath: asarFile };
    const files = [
      ...(['linux', 'win32', 'darwin'] as const).map((platform) => trayIconPath(platform, location).file),
      path.join(resources, 'icons', 'tray', 'trayTemplate@2x.png'),
      windowIconPath('linux', location),
    ];
    for (const file of files) {
      expect(file?.startsWith(resources + path.sep), `${file} is under resources/`).toBe(true);
      expect(file !== undefined && existsSync(file), `${file} exists`).toBe(true);
    }
  });

  it(`keeps app.asar under its size budget (${ASAR_BUDGET_BYTES.toLocaleString('en-US')} bytes)`, () => {
    const size = statSync(asarFile).size;
    console.info(`[packaging] app.asar: ${size.toLocaleString('en-US')} bytes, ${entries.size} files`);
    expect(size).toBeLessThan(ASAR_BUDGET_BYTES);
  });

  it('starts the packaged main process against the electron double and answers contract calls', async () => {
    const extracted = await extractAsar();
    // Inside Electron, `electron` is built in; in the extracted folder it is a package that only the double answers.
    const electronStub = path.join(extracted, 'node_modules', 'electron', 'index.js');
    mkdirSync(path.dirname(electronStub), { recursive: true });
    writeFileSync(path.join(path.dirname(electronStub), 'package.json'), JSON.stringify({ name: 'electron', main: 'index.js' }));
    writeFileSync(electronStub, "throw new Error('the electron double should have replaced this module');\n");
    vi.doMock(electronStub, () => import('../shell/electron-double'));

    process.env.DOCKER_HOST = 'unix:///nonexistent/stevedore-packaging.sock';
    process.env.XDG_CURRENT_DESKTOP = 'GNOME';
    double.reset();
    app.isPackaged = true;
    app.appPath = extracted;
    await import(pathToFileURL(path.join(extracted, 'dist', 'main', 'index.js')).href);
    app.becomeReady();
    await vi.waitFor(() => expect(double.windows.length).toBe(1), { timeout: 10_000 });
    await settle();
    const contents = double.lastWindow().webContents;
    const invoke = async (name: string) => (await contents.invoke(callChannel(name as never), [undefined])) as { ok: boolean; value: unknown };
    try {
      expect(await invoke('app.info')).toMatchObject({ ok: true, value: { name: 'Stevedore', runtime: 'electron' } });
      expect(await invoke('settings.get')).toMatchObject({ ok: true, value: { closeToTray: true } });
      expect(await invoke('registries.list')).toEqual({ ok: true, value: [] });
      expect(await invoke('engine.status')).toMatchObject({ ok: true, value: { state: expect.any(String) as unknown } });
      expect(await invoke('app.tools')).toMatchObject({ ok: true, value: { compose: { found: expect.any(Boolean) as unknown } } });
    } finally {
      app.emit('will-quit');
      double.removeTempFolders();
    }
  });
});

let extractedRoot: string | undefined;
/** app.asar extracted once to resources/app — where Electron would also look for an unpacked app. */
async function extractAsar(): Promise<string> {
  if (extractedRoot) return extractedRoot;
  const asar = (await import('@electron/asar')) as unknown as { extractAll: (archive: string, destination: string) => void };
  const destination = path.join(resources, 'app');
  asar.extractAll(asarFile, destination);
  extractedRoot = destination;
  return destination;
}

function listFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}
