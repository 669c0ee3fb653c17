import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_PREVIEW_SOCKETS, PREVIEW_BRIDGE_PATH, PREVIEW_REFUSALS } from '../../preload/transports/websocket-protocol';
import { loadBench } from '../env/bench';
import { launchHeadlessChromium } from '../../scripts/headless-chromium';

const root = path.resolve(import.meta.dirname, '../..');

describe('the preview command', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('serves the built app on loopback with a one-time URL that signs one browser in, once', async () => {
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
    const origin = new URL(url).origin;

    const browser = await launchHeadlessChromium();
    const sockets: WebSocket[] = [];
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(url);
      await expect.poll(() => page.getByTestId('engine-status').getAttribute('data-state'), { timeout: 20_000 }).toBe('connected');
      await expect.poll(() => page.getByTestId('engine-version').textContent()).toContain(bench.engineVersion);
      // `npm run preview` has no native dialogs, and nothing stands in for them (the e2e harness's stand-ins are an
      // in-process startPreview option): engines other than Automatic cannot be chosen or added here.
      const choices = (await page.evaluate(() =>
        (window as unknown as { stevedore: { invoke: (name: string, request: unknown) => Promise<unknown> } }).stevedore.invoke('engine.choices', undefined),
      )) as { ok: boolean; value?: { unavailable?: string } };
      expect(choices.value?.unavailable).toMatch(/not available in preview/);
      // The preview banner sits inside a landmark (a labelled region), like the rest of the page.
      expect(await page.getByRole('region', { name: 'Preview mode' }).getByText('credentials are kept in memory only').count()).toBe(1);
      // The server took the token and sent the browser on without it: the address bar and history keep none.
      expect(page.url()).toBe(`${origin}/`);
      // The session is an HttpOnly, SameSite=Strict cookie that page scripts cannot read.
      const [session, ...others] = await context.cookies(origin);
      expect(others).toEqual([]);
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
      expect(await page.evaluate(() => document.cookie)).toBe('');
      // A reload works through the cookie.
      await page.reload();
      await expect.poll(() => page.getByTestId('engine-status').getAttribute('data-state'), { timeout: 20_000 }).toBe('connected');

      // The printed address is spent: another browser profile opening it is told what happened and what to do.
      const other = await browser.newContext();
      const late = await other.newPage();
      const lateAnswer = await late.goto(url);
      expect(lateAnswer?.status()).toBe(410);
      await expect.poll(() => late.getByRole('heading', { level: 1 }).textContent()).toBe('This one-time address was already used');
      expect(await late.textContent('body')).toMatch(/reload it/);
      // And without the address at all, the app is not served.
      const stranger = await other.newPage();
      expect((await stranger.goto(origin))?.status()).toBe(401);
      expect(await stranger.getByTestId('engine-status').count()).toBe(0);

      // Over the socket limit, a new tab is refused with a reason and says so instead of retrying in silence.
      // The first tab holds one socket; these take every other place.
      const cookie = `${session?.name}=${session?.value}`;
      for (let index = 0; index < MAX_PREVIEW_SOCKETS - 1; index++) {
        const socket = new WebSocket(`${origin.replace('http', 'ws')}${PREVIEW_BRIDGE_PATH}`, { headers: { Origin: origin, Cookie: cookie } });
        sockets.push(socket);
        await new Promise<void>((resolve, reject) => {
          socket.once('open', () => resolve());
          socket.once('error', reject);
        });
      }
      const extraTab = await context.newPage();
      await extraTab.goto(origin);
      const refusal = extraTab.getByTestId('preview-refusal');
      await expect.poll(() => refusal.textContent(), { timeout: 20_000 }).toContain(PREVIEW_REFUSALS[4429].message);
      expect(await refusal.textContent()).toContain(PREVIEW_REFUSALS[4429].fix);
      expect(await extraTab.getByRole('region', { name: 'Preview connection' }).count()).toBe(1);
      // The tab that got in keeps working.
      expect(await page.getByTestId('engine-status').getAttribute('data-state')).toBe('connected');
    } finally {
      for (const socket of sockets) socket.terminate();
      await browser.close();
    }
  });
});
