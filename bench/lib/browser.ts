/**
 * The built renderer in headless Debian Chromium, served by the real preview server with the real core behind it
 * (as `npm run preview` and tests/e2e/harness.ts start it), pointed at the bench's engine. One browser, signed in
 * once through the one-time address; `newPage` opens a fresh context (no cache) carrying that session.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startPreview, type RunningPreview } from '../../main/preview/preview';
import type { ServerMessage } from '../../preload/transports/websocket-protocol';
import type { BenchContext } from './context';
import { launchHeadlessChromium } from '../../scripts/headless-chromium';

export interface BenchBrowser {
  preview: RunningPreview;
  browser: Browser;
  /** A new page in a fresh context, signed in, with `initScripts` run before the app's own code. */
  newPage(options?: { initScripts?: readonly string[] }): Promise<{ context: BrowserContext; page: Page }>;
  /** Called with every message the preview sends to a page. */
  onOutgoing(listener: ((message: ServerMessage) => void) | undefined): void;
  close(): Promise<void>;
}

export async function startBenchBrowser(context: BenchContext): Promise<BenchBrowser> {
  await context.built();
  const rendererDir = path.join(context.root, 'dist/renderer');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'stevedore-bench-preview-'));
  const { version } = JSON.parse(readFileSync(path.join(context.root, 'package.json'), 'utf8')) as { version: string };
  let outgoing: ((message: ServerMessage) => void) | undefined;
  // As tests/e2e/harness.ts does: the preview's core finds Compose v2 through DOCKER_CONFIG (the bench's
  // cli-plugins), as ~/.docker does on a user's machine. Put back on close.
  const savedEnv = { DOCKER_CONFIG: process.env.DOCKER_CONFIG, DOCKER_HOST: process.env.DOCKER_HOST };
  process.env.DOCKER_CONFIG = context.bench.dockerConfigDir;
  process.env.DOCKER_HOST = context.bench.dockerHost;
  const restoreEnv = () => {
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  const preview = await startPreview({
    rendererDir,
    previewBridgeFile: path.join(context.root, 'dist/preview/bridge.js'),
    version,
    dataDir,
    engine: { findEndpoint: () => ({ url: context.bench.dockerHost, source: 'DOCKER_HOST', tls: false }) },
    onOutgoing: (message) => outgoing?.(message),
  });
  let browser: Browser | undefined;
  try {
    browser = await launchHeadlessChromium();
    // The one-time address signs one browser in, once: every page after reuses that session cookie.
    const signIn = await browser.newContext();
    await (await signIn.newPage()).goto(preview.url);
    const session = await signIn.cookies();
    await signIn.close();
    const launched = browser;
    return {
      preview,
      browser: launched,
      async newPage(options = {}) {
        const pageContext = await launched.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
        await pageContext.addCookies(session);
        const page = await pageContext.newPage();
        for (const script of options.initScripts ?? []) await page.addInitScript({ content: script });
        return { context: pageContext, page };
      },
      onOutgoing(listener) {
        outgoing = listener;
      },
      async close() {
        await launched.close();
        await preview.close();
        restoreEnv();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await preview.close();
    restoreEnv();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
