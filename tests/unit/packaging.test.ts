/**
 * The installer configuration, checked with electron-builder's own validator (the one `electron-builder` runs
 * before building) and against what the security spec requires of a packaged Stevedore.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
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
};

// electron-builder's validator and metadata check (CommonJS; the metadata check is not in its typings).
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration: (config: unknown, debugLogger: unknown) => Promise<void>;
};
const { checkMetadata } = require('app-builder-lib/out/util/packageMetadata') as {
  checkMetadata: (metadata: unknown, devMetadata: unknown, appPackageFile: string, devPackageFile: string) => void;
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
  it("passes electron-builder's own schema validation", async () => {
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
