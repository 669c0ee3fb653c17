/**
 * Renders the macOS menu-bar icon, build/tray.svg, to the template images the tray loads:
 *   build/icons/tray/trayTemplate.png      16 px
 *   build/icons/tray/trayTemplate@2x.png   32 px (Retina; macOS finds it next to the 1x file)
 *
 * Template images are black with alpha: every pixel's colour is set to black here, so only the shape's coverage
 * survives whatever the browser antialiasing does to colour. Linux and Windows show the colour app icon
 * (build/icons/png/32x32.png, build/icons/icon.ico), rendered by scripts/icons.ts.
 *
 * Run `npx tsx scripts/tray-icons.ts` after changing the SVG, and commit the results. Uses the same headless
 * Chromium as scripts/icons.ts (CHROMIUM_PATH overrides /usr/bin/chromium).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { launchHeadlessChromium } from './headless-chromium';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceFile = path.join(projectDir, 'build', 'tray.svg');
const outputDir = path.join(projectDir, 'build', 'icons', 'tray');
const TRAY_TEMPLATE_SIZES = [
  { size: 16, file: 'trayTemplate.png' },
  { size: 32, file: 'trayTemplate@2x.png' },
] as const;

async function render(svg: string, size: number): Promise<Buffer> {
  const browser = await launchHeadlessChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 64, height: 64 }, deviceScaleFactor: 1 });
    const source = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(
      `<!doctype html><html><body style="margin:0;background:transparent">` +
        `<img id="icon" src="${source}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.locator('#icon').evaluate((image: HTMLImageElement) => image.decode());
    return await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  } finally {
    await browser.close();
  }
}

/** Black everywhere, keeping the alpha: what macOS expects of a template image. */
function asTemplate(png: Buffer): Buffer {
  const image = PNG.sync.read(png);
  for (let offset = 0; offset < image.data.length; offset += 4) {
    image.data[offset] = 0;
    image.data[offset + 1] = 0;
    image.data[offset + 2] = 0;
  }
  return PNG.sync.write(image);
}

async function main(): Promise<void> {
  const svg = readFileSync(sourceFile, 'utf8');
  mkdirSync(outputDir, { recursive: true });
  for (const { size, file } of TRAY_TEMPLATE_SIZES) writeFileSync(path.join(outputDir, file), asTemplate(await render(svg, size)));
  console.log(`Tray template images written to ${path.relative(projectDir, outputDir)}/.`);
}

await main();
