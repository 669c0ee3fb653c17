/**
 * `npm run preview`: Stevedore without the Electron binary. Serves the built renderer on loopback and prints the
 * one-time URL to open in a browser.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startPreview } from '../main/preview/preview';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { version: string };
const port = process.env.STEVEDORE_PREVIEW_PORT ? Number(process.env.STEVEDORE_PREVIEW_PORT) : 0;

const preview = await startPreview({
  rendererDir: `${root}/dist/renderer`,
  previewBridgeFile: `${root}/dist/preview/bridge.js`,
  port,
  version,
  onUnexpectedError: (call, error) => console.error(`[preview] ${call} failed unexpectedly:`, error instanceof Error ? error.message : error),
});

console.log(`\nStevedore preview is running. Open this address in Chromium or another browser:\n\n  ${preview.url}\n`);
console.log('The address carries a one-time token; only this page can connect. Press Ctrl+C to stop.\n');

const shutdown = (): void => {
  void preview.close().finally(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
