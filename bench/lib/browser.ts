/**
 * The built renderer in headless Debian Chromium, served by the real preview server with the real core behind it
 * (as `npm run preview` and tests/e2e/harness.ts start it), pointed at the bench's engine. One browser, signed in
 * once through the one-time address; `newPage` opens a fresh context (no cache) carrying that session.
 * `startBenchBrowser` keeps the preview in this process (the memory section's renderer, itself a process of its own,
 * reads its core's log streams); the ui section's runs in a child (bench/lib/preview-process.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startPreview, type RunningPreview } from '../../main/preview/preview';
import type { BenchContext } from './context';
import { launchHeadlessChromium } from '../../scripts/headless-chromium';

export type BenchBrowser = SignedInBrowser & { preview: RunningPreview };

export async function startBenchBrowser(context: BenchContext): Promise<BenchBrowser> {
  await context.built();
  const rendererDir = path.join(context.root, 'dist/renderer');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'stevedore-bench-preview-'));
  const { version } = JSON.parse(readFileSync(path.join(context.root, 'package.json'), 'utf8')) as { version: string };
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
  });
  return signedInTo({
    ...preview,
    async close() {
      await preview.close();
      restoreEnv();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

export interface SignedInBrowser {
  browser: Browser;
  /** A new page in a fresh context, signed in, with `initScripts` run before the app's own code. */
  newPage(options?: { initScripts?: readonly string[] }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** Headless Chromium signed in to a preview once through its one-time address `signInUrl`. */
async function startSignedInBrowser(signInUrl: string): Promise<SignedInBrowser> {
  const browser = await launchHeadlessChromium();
  try {
    // The one-time address signs one browser in, once: every page after reuses that session cookie.
    const signIn = await browser.newContext();
    await (await signIn.newPage()).goto(signInUrl);
    const session = await signIn.cookies();
    await signIn.close();
    return {
      browser,
      async newPage(options = {}) {
        const pageContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
        await pageContext.addCookies(session);
        const page = await pageContext.newPage();
        for (const script of options.initScripts ?? []) await page.addInitScript({ content: script });
        return { context: pageContext, page };
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** A browser signed in to `preview`; closing it closes the preview too (and the preview alone if signing in fails). */
export async function signedInTo<P extends { url: string; close(): Promise<void> }>(preview: P): Promise<SignedInBrowser & { preview: P }> {
  try {
    const signedIn = await startSignedInBrowser(preview.url);
    return {
      ...signedIn,
      preview,
      async close() {
        await signedIn.close();
        await preview.close();
      },
    };
  } catch (error) {
    await preview.close();
    throw error;
  }
}
