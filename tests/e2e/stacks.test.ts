import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, screenshot, type RunningApp } from './harness';

const STACK = 'e2e-shop';

describe('Stacks screen', () => {
  let app: RunningApp;
  beforeAll(async () => {
    // The window size a laptop user starts with: the whole stack page must fit it without sideways scrolling.
    app = await launchApp({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    // Leave the engine as we found it, whatever the test reached.
    const stack = (await app?.preview.core.stacks.list())?.find((candidate) => candidate.name === STACK);
    if (stack) await app.preview.core.stacks.down(stack.id, { volumes: true }).catch(() => undefined);
    await app?.close();
  });

  it('writes a stack in the editor, shows the preflight, deploys it, and shows status and logs', async () => {
    const { page, bench } = app;
    const { plain, anon } = bench.registries;
    // The deploy must really pull both images, each with its own credentials.
    const docker = new Docker({ socketPath: bench.dockerHost.replace('unix://', '') });
    for (const image of [bench.images.small.plain, `${anon.address}/stevedore/small:1.0`]) {
      await docker.getImage(image).remove({ force: true }).catch(() => undefined);
    }
    await app.preview.core.registries.add({
      name: 'Team',
      address: plain.address,
      username: plain.username,
      secret: plain.password,
      patterns: ['stevedore/**'],
      isDefault: false,
    });

    await page.getByTestId('nav-stacks').click();
    await page.getByTestId('stack-new').first().click();
    await page.getByTestId('stack-new-name').fill(STACK);
    await page.getByTestId('stack-new-create').click();

    const yaml = [
      'services:',
      '  web:',
      `    image: ${bench.images.small.plain}`,
      '    init: true',
      // Numbered lines, so a line shown twice can be told from the next one.
      '    command: ["sh", "-c", "i=0; while true; do i=$$((i+1)); echo serving $${GREETING} $$i; sleep 1; done"]',
      '    environment:',
      '      GREETING: ${GREETING:-hello}',
      '  worker:',
      `    image: ${anon.address}/stevedore/small:1.0`,
      '    init: true',
      '    command: ["sh", "-c", "while true; do echo working; sleep 1; done"]',
      '',
    ].join('\n');
    const editor = page.getByTestId('stack-editor');
    await editor.fill('services:\n  web:\n    image: [oops');
    await expect.poll(() => page.getByTestId('stack-problem').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('stack-problem').first().getAttribute('data-line')).toBe('3');
    await editor.fill(yaml);
    await expect.poll(() => page.getByTestId('stack-problem').count(), { timeout: 10_000 }).toBe(0);
    await page.getByTestId('stack-save').click();

    const web = page.locator('[data-testid="preflight-row"][data-service="web"]');
    await expect.poll(() => web.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => web.textContent()).toContain('Team');
    expect(await web.getAttribute('data-action')).toBe('pull');
    // The image has its own column: the credentials cell says the choice itself, and the whole sentence on hover.
    const webChoice = web.locator('.preflight-table__summary');
    expect(await webChoice.textContent()).toMatch(/^Uses registry 'Team/);
    expect(await webChoice.textContent()).not.toContain(bench.images.small.plain);
    expect(await web.locator('.preflight-table__credential').getAttribute('title')).toBe(`${bench.images.small.plain} ${(await webChoice.textContent())?.replace(/^U/, 'u')}`);
    await page.getByTestId('preflight-table').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('[data-testid="preflight-row"][data-service="worker"]').textContent()).toMatch(/anonymous/i);
    // Every column fits: the table never hides its Action column behind a sideways scrollbar.
    const table = await page.getByTestId('preflight-table').evaluate((element) => ({
      width: element.scrollWidth,
      room: element.parentElement?.clientWidth ?? 0,
      actionRight: element.querySelector('tbody tr td:last-child')?.getBoundingClientRect().right ?? Number.POSITIVE_INFINITY,
    }));
    expect(table.width).toBeLessThanOrEqual(table.room);
    expect(table.actionRight).toBeLessThanOrEqual(1280);
    await screenshot(page, 'stacks-preflight');

    // From the keyboard: Deploy is off while the deploy runs, and the focus it drops goes to the progress.
    await page.getByTestId('stack-deploy').focus();
    await page.keyboard.press('Enter');
    const progress = page.getByTestId('deploy-progress');
    // The progress is brought into view as the deploy starts.
    await expect.poll(() => progress.evaluate((element) => element.getBoundingClientRect().top < innerHeight && element.getBoundingClientRect().bottom > 0)).toBe(true);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('deploy-progress');
    await expect.poll(() => progress.getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
    // Counts read as what happened: "2 of 2 images pulled", never "0 of 1 images".
    expect(await page.getByTestId('deploy-overall').getAttribute('aria-valuetext')).toBe('100%, 2 of 2 images pulled');
    await expect.poll(() => page.getByTestId('deploy-log').textContent()).toMatch(/Started|Running|Created/);

    for (const service of ['web', 'worker']) {
      await expect
        .poll(() => page.locator(`[data-testid="service-row"][data-service="${service}"]`).getAttribute('data-state'), { timeout: 30_000 })
        .toBe('running');
    }

    // The log view opened while the deploy was starting the containers: each line is shown once.
    const logLines = () => page.getByTestId('logs-panel').locator('.log-view__text').allTextContents();
    const repeated = (lines: string[]) => lines.filter((line, index) => lines.indexOf(line) !== index);
    await page.getByTestId('logs-service').selectOption('web');
    await expect.poll(async () => (await logLines()).filter((line) => line.startsWith('serving hello')).length, { timeout: 20_000 }).toBeGreaterThan(2);
    expect(repeated(await logLines())).toEqual([]);
    // …and again after switching to another service and back.
    await page.getByTestId('logs-service').selectOption('worker');
    await expect.poll(() => page.getByTestId('logs-panel').textContent(), { timeout: 20_000 }).toContain('working');
    await page.getByTestId('logs-service').selectOption('web');
    await expect.poll(() => page.getByTestId('logs-panel').textContent(), { timeout: 20_000 }).toContain('serving hello');
    expect(repeated(await logLines())).toEqual([]);

    // Scrolled to the very bottom of the page, the app shell is still there and the window itself never scrolls.
    await page.locator('#main').evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    await page.mouse.move(800, 400);
    await page.mouse.wheel(0, 4000);
    await page.keyboard.press('End');
    const windowScroll = await page.evaluate(() => ({ height: document.scrollingElement?.scrollHeight ?? 0, top: document.scrollingElement?.scrollTop ?? 0, room: innerHeight }));
    expect(windowScroll.height).toBeLessThanOrEqual(windowScroll.room);
    expect(windowScroll.top).toBe(0);
    for (const landmark of [page.getByRole('navigation', { name: 'Main' }), page.getByTestId('nav-stacks')]) {
      const box = await landmark.boundingBox();
      expect(box !== null && box.y >= 0 && box.y + box.height <= 800).toBe(true);
    }
    await screenshot(page, 'stacks-running');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'stacks-running-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // From the keyboard. After Stop, nothing on the page still says the services run; Stop is off then, and focus
    // has moved on to Start rather than being lost with it.
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);
    await page.getByTestId('stack-stop').focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('[data-testid="service-row"][data-state="running"]').count(), { timeout: 60_000 })
      .toBe(0);
    await expect.poll(async () => (await page.getByTestId('deploy-result').allTextContents()).join(' ')).not.toMatch(/Running/);
    await expect.poll(focused).toBe('stack-start');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('[data-testid="service-row"][data-state="running"]').count(), { timeout: 60_000 })
      .toBe(2);
    await expect.poll(focused).toBe('stack-stop');

    await page.getByTestId('stack-down').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('stack-down-confirm').focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('[data-testid="service-row"][data-state="running"]').count(), { timeout: 60_000 })
      .toBe(0);
    // Every action is off once the stack is down: focus is on what happened, the output of docker compose down.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/^Output of docker compose down/);
    expect(JSON.stringify(app.outgoing)).not.toContain(plain.password);
  });
});
