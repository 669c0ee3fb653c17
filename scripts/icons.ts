/**
 * Renders the app icon, build/icon.svg, to everything the installers need:
 *   build/icons/png/<N>x<N>.png   16…1024 (the Linux icon set; electron-builder reads the size from the name)
 *   build/icons/icon.png          512
 *   build/icons/icon.ico          Windows, 16…256
 *   build/icons/icon.icns         macOS, 16…1024
 *
 * Run `npx tsx scripts/icons.ts` after changing the SVG, and commit the results: packaging itself does not
 * render anything. The SVG is drawn by headless Chromium (the same /usr/bin/chromium the end-to-end tests use,
 * driven by playwright-core), so any SVG a browser shows renders the same here. STEVEDORE_CHROMIUM overrides it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { launchHeadlessChromium } from './headless-chromium';
import { writeIco, writeIcns } from './icon-containers';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceFile = path.join(projectDir, 'build', 'icon.svg');
const outputDir = path.join(projectDir, 'build', 'icons');

export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

async function renderAll(svg: string): Promise<Map<number, Buffer>> {
  const browser = await launchHeadlessChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1024, height: 1024 }, deviceScaleFactor: 1 });
    const source = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    const rendered = new Map<number, Buffer>();
    for (const size of PNG_SIZES) {
      await page.setContent(
        `<!doctype html><html><body style="margin:0;background:transparent">` +
          `<img id="icon" src="${source}" width="${size}" height="${size}" style="display:block"></body></html>`,
      );
      await page.locator('#icon').evaluate((image: HTMLImageElement) => image.decode());
      const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
      const { width, height } = PNG.sync.read(png);
      if (width !== size || height !== size) throw new Error(`Rendered ${width}×${height} for ${size}px.`);
      rendered.set(size, png);
    }
    return rendered;
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const svg = readFileSync(sourceFile, 'utf8');
  const pngs = await renderAll(svg);
  const pngOf = (size: number): Buffer => {
    const png = pngs.get(size);
    if (!png) throw new Error(`No ${size}px rendering.`);
    return png;
  };

  mkdirSync(path.join(outputDir, 'png'), { recursive: true });
  for (const size of PNG_SIZES) writeFileSync(path.join(outputDir, 'png', `${size}x${size}.png`), pngOf(size));
  writeFileSync(path.join(outputDir, 'icon.png'), pngOf(512));
  writeFileSync(path.join(outputDir, 'icon.ico'), writeIco(ICO_SIZES.map((size) => ({ size, png: pngOf(size) }))));
  writeFileSync(path.join(outputDir, 'icon.icns'), writeIcns(pngs));
  console.log(`Icons written to ${path.relative(projectDir, outputDir)}/ (${PNG_SIZES.join(', ')} px).`);
}

await main();
