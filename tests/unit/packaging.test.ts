/**
 * The installer configuration, checked with electron-builder's own validator (the one `electron-builder` runs
 * before building) and against what the security spec requires of a packaged Stevedore.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { trayIconPath, windowIconPath } from '../../main/core/tray/icon';
import { ICNS_TYPES, readIcns, readIco } from '../../scripts/icon-containers';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

type Config = Record<string, unknown> & {
  appId?: string;
  productName?: string;
  electronVersion?: string;
  asar?: boolean;
  files?: string[];
  electronFuses?: Record<string, boolean>;
  linux?: { target?: unknown; category?: string; icon?: string; maintainer?: string; synopsis?: string };
  win?: { target?: unknown; icon?: string };
  mac?: { target?: unknown; category?: string; icon?: string };
  extraResources?: unknown;
};

// electron-builder's validator and metadata check (CommonJS; the metadata check is not in its typings).
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration: (config: unknown, debugLogger: unknown) => Promise<void>;
};
const { checkMetadata } = require('app-builder-lib/out/util/packageMetadata') as {
  checkMetadata: (metadata: unknown, devMetadata: unknown, appPackageFile: string, devPackageFile: string) => void;
};
// electron-builder's own copy step for `files`/`extraResources` (what `npm run dist` runs to fill resources/).
const { getFileMatchers, copyFiles } = require('app-builder-lib/out/fileMatcher') as {
  getFileMatchers: (config: unknown, name: 'extraResources', destination: string, options: Record<string, unknown>) => unknown[] | null;
  copyFiles: (matchers: unknown[] | null, transformer: null, isUseHardLink: boolean) => Promise<unknown>;
};
const quietDebugLogger = { isEnabled: false, add: () => {} };
const validate = (config: unknown): Promise<void> => validateConfiguration(structuredClone(config), quietDebugLogger);

const config = parse(readFileSync(path.join(projectDir, 'electron-builder.yml'), 'utf8')) as Config;
const packageJson = JSON.parse(readFileSync(path.join(projectDir, 'package.json'), 'utf8')) as Record<string, unknown> & {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

const targetNames = (target: unknown): string[] =>
  (Array.isArray(target) ? target : [target]).map((entry) =>
    typeof entry === 'string' ? entry : String((entry as { target?: string }).target),
  );

describe('electron-builder.yml', () => {
  // Loading electron-builder's validator takes ~3 s on a quiet 2-core machine and more on a busy one; the limit only
  // ends a run that hangs.
  it("passes electron-builder's own schema validation", { timeout: 60_000 }, async () => {
    await expect(validate(config)).resolves.toBeUndefined();
  });

  it('is rejected by the same validator when it has an unknown key or a misspelt fuse', async () => {
    await expect(validate({ ...config, electronFusez: { runAsNode: false } })).rejects.toThrow(/unknown property 'electronFusez'/);
    await expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsnode: false } })).rejects.toThrow(/electronFuses/);
    await expect(validate({ ...config, asar: 'yes please' })).rejects.toThrow(/asar/);
  });

  it('names the app and pins Electron', () => {
    expect(config.appId).toBe('dev.stevedore.app');
    expect(config.productName).toBe('Stevedore');
    expect(config.electronVersion).toBe('45.4.1');
    expect(packageJson.dependencies?.electron ?? packageJson.devDependencies?.electron).toBe(config.electronVersion);
  });

  it('packs the built app into an asar', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'package.json']));
    expect(packageJson.main).toBe('dist/main/index.js');
  });

  it('sets every fuse the security spec asks for', () => {
    expect(config.electronFuses).toStrictEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds AppImage, deb and rpm for Linux, NSIS for Windows, dmg for macOS', () => {
    expect(targetNames(config.linux?.target).sort()).toEqual(['AppImage', 'deb', 'rpm']);
    expect(config.linux?.category).toBe('Development');
    expect(config.linux?.maintainer).toMatch(/<[^@\s]+@[^@\s]+>/);
    expect(config.linux?.synopsis).toBeTruthy();
    expect(targetNames(config.win?.target)).toEqual(['nsis']);
    expect(targetNames(config.mac?.target)).toEqual(['dmg']);
    expect(config.mac?.category).toBe('public.app-category.developer-tools');
  });

  it("leaves electron out of package.json's runtime dependencies (electron-builder refuses to build otherwise)", () => {
    const packageFile = path.join(projectDir, 'package.json');
    expect(() => checkMetadata(packageJson, packageJson, packageFile, packageFile)).not.toThrow();
  });
});

describe('app icons', () => {
  const resolve = (file: string | undefined): string => path.join(projectDir, file ?? '(missing)');
  const pngSize = (data: Buffer): { width: number; height: number } => {
    const { width, height } = PNG.sync.read(data);
    return { width, height };
  };

  it('has the SVG source and the 512px PNG', () => {
    expect(existsSync(path.join(projectDir, 'build', 'icon.svg'))).toBe(true);
    expect(pngSize(readFileSync(path.join(projectDir, 'build', 'icons', 'icon.png')))).toEqual({ width: 512, height: 512 });
  });

  it('gives Linux a folder of <N>x<N>.png icons up to 512px and beyond', () => {
    const folder = resolve(config.linux?.icon);
    expect(statSync(folder).isDirectory()).toBe(true);
    const files = readdirSync(folder).filter((file) => file.endsWith('.png'));
    const sizes = files.map((file) => {
      const match = /^(\d+)x(\d+)\.png$/.exec(file);
      if (!match) throw new Error(`${file} does not say its size`);
      const size = Number(match[1]);
      expect(pngSize(readFileSync(path.join(folder, file))), file).toEqual({ width: size, height: size });
      return size;
    });
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 64, 128, 256, 512]));
  });

  it('gives Windows an .ico holding PNGs from 16 to 256px', () => {
    const images = readIco(readFileSync(resolve(config.win?.icon)));
    for (const image of images) expect(pngSize(image.png)).toEqual({ width: image.width, height: image.height });
    expect(images.map((image) => image.width)).toEqual(expect.arrayContaining([16, 32, 48, 256]));
  });

  it('gives macOS an .icns whose every element is a PNG of its size', () => {
    const elements = readIcns(readFileSync(resolve(config.mac?.icon)));
    expect(elements.map((element) => element.type)).toEqual(ICNS_TYPES.map((entry) => entry.type));
    for (const element of elements) {
      const size = ICNS_TYPES.find((entry) => entry.type === element.type)?.size;
      expect(pngSize(element.data), element.type).toEqual({ width: size, height: size });
    }
  });
});

describe('tray icon resources', () => {
  const platforms = [
    { platform: 'linux', options: () => config.linux },
    { platform: 'win32', options: () => config.win },
    { platform: 'darwin', options: () => config.mac },
  ] as const;

  /** Runs electron-builder's extraResources copy for one platform into a fresh resources folder; returns its files. */
  async function packagedResources(platformOptions: unknown): Promise<{ resources: string; files: string[]; cleanup: () => void }> {
    const resources = mkdtempSync(path.join(tmpdir(), 'stevedore-resources-'));
    const matchers = getFileMatchers(config, 'extraResources', resources, {
      macroExpander: (pattern: string) => pattern,
      customBuildOptions: platformOptions ?? {},
      globalOutDir: path.join(projectDir, 'release'),
      defaultSrc: projectDir,
    });
    await copyFiles(matchers, null, false);
    const files = readdirSync(resources, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(resources, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
      .sort();
    return { resources, files, cleanup: () => rmSync(resources, { recursive: true, force: true }) };
  }

  it.each(platforms)('packages the file the tray loads on $platform, where the packaged app looks for it', async ({ platform, options }) => {
    const { resources, files, cleanup } = await packagedResources(options());
    try {
      const icon = trayIconPath(platform, { isPackaged: true, resourcesPath: resources, appPath: path.join(resources, 'app.asar') });
      expect(existsSync(icon.file), `${icon.file} in ${files.join(', ')}`).toBe(true);
      // The same file as in the source tree, which the unpackaged app (`npm start`) loads.
      const unpackaged = trayIconPath(platform, { isPackaged: false, resourcesPath: '', appPath: projectDir });
      expect(readFileSync(icon.file).equals(readFileSync(unpackaged.file))).toBe(true);
      if (platform === 'darwin') expect(existsSync(icon.file.replace(/\.png$/, '@2x.png'))).toBe(true);
    } finally {
      cleanup();
    }
  });

  it('packages the file the Linux window icon loads, where the packaged app looks for it', async () => {
    const { resources, files, cleanup } = await packagedResources(config.linux);
    try {
      const icon = windowIconPath('linux', { isPackaged: true, resourcesPath: resources, appPath: path.join(resources, 'app.asar') });
      expect(icon && existsSync(icon), `${icon} in ${files.join(', ')}`).toBe(true);
    } finally {
      cleanup();
    }
  });

  it('copies only the few tray and window images, not the whole icon set', async () => {
    const { files, cleanup } = await packagedResources(config.linux);
    cleanup();
    expect(files).toEqual(['icons/icon.ico', 'icons/png/256x256.png', 'icons/png/32x32.png', 'icons/tray/trayTemplate.png', 'icons/tray/trayTemplate@2x.png']);
  });

  it('gives macOS template images: black with alpha, 16 px and 32 px (@2x)', () => {
    for (const [file, size] of [
      ['trayTemplate.png', 16],
      ['trayTemplate@2x.png', 32],
    ] as const) {
      const image = PNG.sync.read(readFileSync(path.join(projectDir, 'build', 'icons', 'tray', file)));
      expect({ width: image.width, height: image.height }, file).toEqual({ width: size, height: size });
      let coloured = 0;
      let opaque = 0;
      for (let offset = 0; offset < image.data.length; offset += 4) {
        if (image.data[offset] !== 0 || image.data[offset + 1] !== 0 || image.data[offset + 2] !== 0) coloured += 1;
        if ((image.data[offset + 3] ?? 0) > 128) opaque += 1;
      }
      expect(coloured, `${file}: pixels that are not black`).toBe(0);
      // A shape, not an empty or a filled square.
      expect(opaque / (size * size), file).toBeGreaterThan(0.2);
      expect(opaque / (size * size), file).toBeLessThan(0.8);
    }
  });
});
