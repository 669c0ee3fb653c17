import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBench } from '../env/bench';

const root = path.resolve(import.meta.dirname, '../..');

describe('the preview command', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('serves the built app on loopback with a one-time URL, and the page shows the engine connected', async () => {
    const bench = loadBench();
    // The same script `npm run preview` runs after building (the suite runs on a fresh build).
    child = spawn(process.execPath, ['--import', 'tsx', 'scripts/preview.ts'], {
      cwd: root,
      env: { ...process.env, DOCKER_HOST: bench.dockerHost },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`preview printed no address:\n${output}`)), 60_000);
      child?.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child?.on('exit', (code) => reject(new Error(`preview exited with ${code}:\n${output}`)));
    });

    const browser = await chromium.launch({
      executablePath: process.env.STEVEDORE_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(url);
      await expect.poll(() => page.getByTestId('engine-status').getAttribute('data-state'), { timeout: 20_000 }).toBe('connected');
      await expect.poll(() => page.getByTestId('engine-version').textContent()).toContain(bench.engineVersion);
      // The token leaves the address bar once the page has it.
      expect(page.url()).not.toContain('token=');
      // Without the token, the same page cannot connect.
      const stranger = await browser.newPage();
      const refused = new Promise<boolean>((resolve) => {
        stranger.on('websocket', (socket) => socket.on('socketerror', () => resolve(true)).on('close', () => resolve(true)));
      });
      await stranger.goto(new URL(url).origin);
      // The page that has the token connected within seconds; give the stranger as long before judging.
      expect(await Promise.race([refused, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000))])).toBe(true);
      expect(await stranger.getByTestId('engine-status').getAttribute('data-state')).not.toBe('connected');
    } finally {
      await browser.close();
    }
  });
});
