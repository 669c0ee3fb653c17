/**
 * Starts Stevedore for an end-to-end test exactly as `npm run preview` does — built renderer, real bridge and
 * router, real core services in this process — pointed at the test bench's engine, and drives it with
 * Debian's Chromium. Every message sent to the page is recorded so tests can prove what crossed the bridge.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ServerMessage } from '../../preload/transports/websocket-protocol';
import { startPreview, type PreviewOptions, type RunningPreview } from '../../main/preview/preview';
import { loadBench, type Bench } from '../env/bench';
import { launchHeadlessChromium } from '../../scripts/headless-chromium';

const root = path.resolve(import.meta.dirname, '../..');
export const screenshotDir = path.join(root, 'docs', 'screenshots');

export interface RunningApp {
  bench: Bench;
  preview: RunningPreview;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Everything the main side sent to the page, in order. */
  outgoing: ServerMessage[];
  /** The preview's settings folder, to inspect what was written to disk. */
  dataDir: string;
  close(): Promise<void>;
}

/**
 * The data folders of the apps this test file launched on the bench engine (the stacks written in them live there):
 * tests/e2e/setup.ts fails the file, naming them, when a compose project of theirs is still on the engine after it.
 */
export const dataDirsOnBenchEngine: string[] = [];

export async function launchApp(
  options: {
    colorScheme?: 'light' | 'dark';
    viewport?: { width: number; height: number };
    /** Another bench engine (the Swarm one). */
    dockerHost?: string;
    /** A Docker config folder of the test's own (e.g. for the contexts it adds), instead of the bench's. */
    dockerConfigDir?: string;
    /** Main-side stand-ins for native dialogs (tests/e2e/main-dialogs.ts); never reachable from the page. */
    mainDialogs?: PreviewOptions['mainDialogs'];
  } = {},
): Promise<RunningApp> {
  const bench = loadBench();
  // The app finds its engine the way users' machines do: through DOCKER_HOST.
  process.env.DOCKER_HOST = options.dockerHost ?? bench.dockerHost;
  // Where the Compose v2 plugin lives, as ~/.docker/cli-plugins does on a user's machine.
  process.env.DOCKER_CONFIG = options.dockerConfigDir ?? bench.dockerConfigDir;
  const outgoing: ServerMessage[] = [];
  const dataDir = mkdtempSync(path.join(tmpdir(), 'stevedore-e2e-'));
  if (process.env.DOCKER_HOST === bench.dockerHost) dataDirsOnBenchEngine.push(dataDir);
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const preview = await startPreview({
    rendererDir: path.join(root, 'dist/renderer'),
    previewBridgeFile: path.join(root, 'dist/preview/bridge.js'),
    version,
    dataDir,
    engine: { retryDelays: [250, 500, 1000] },
    mainDialogs: options.mainDialogs,
    onOutgoing: (message) => outgoing.push(structuredClone(message)),
  });
  const browser = await launchHeadlessChromium();
  const context = await browser.newContext({
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 1280, height: 800 },
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // The one-time address signs this browser context in (session cookie) and redirects to the app without it.
  await page.goto(preview.url);
  return {
    bench,
    preview,
    browser,
    context,
    page,
    outgoing,
    dataDir,
    async close() {
      await browser.close();
      await preview.close();
      if (pageErrors.length > 0) throw new Error(`The page threw: ${pageErrors.join('; ')}`);
    },
  };
}

/**
 * Saves a screenshot for the README under docs/screenshots/. CSS transitions are run to their end first: a picture
 * taken just after a change of theme caught the selected stack card halfway through its 120 ms background fade,
 * light behind the dark theme's light text.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled' });
  return file;
}
