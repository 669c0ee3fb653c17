/**
 * `npm run preview`: Stevedore without the Electron binary. Serves the built renderer on loopback and prints the
 * one-time URL to open in a browser.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPreview } from '../main/preview/preview';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { version: string };
const port = process.env.STEVEDORE_PREVIEW_PORT ? Number(process.env.STEVEDORE_PREVIEW_PORT) : 0;
// Preview forgets everything when it stops: its secrets live in memory, so registries saved to disk would
// come back without them. A fresh folder per run keeps that promise simple.
const dataDir = mkdtempSync(path.join(tmpdir(), 'stevedore-preview-'));

const preview = await startPreview({
  rendererDir: `${root}/dist/renderer`,
  previewBridgeFile: `${root}/dist/preview/bridge.js`,
  port,
  version,
  dataDir,
  onUnexpectedError: (call, error) => console.error(`[preview] ${call} failed unexpectedly:`, error instanceof Error ? error.message : error),
});

console.log(`\nStevedore preview is running. Open this address in Chromium or another browser:\n\n  ${preview.url}\n`);
console.log('The address works once: it signs this browser in, then stops working. Reload the tab to reconnect;');
console.log('for another browser, stop preview and start it again for a new address. Press Ctrl+C to stop.\n');

const shutdown = (): void => {
  void preview.close().finally(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
