import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, screenshot, type RunningApp } from './harness';

const STACK = 'e2e-shop';

describe('Stacks screen', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await launchApp({ viewport: { width: 1440, height: 900 } });
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
      '    command: ["sh", "-c", "while true; do echo serving $${GREETING}; sleep 1; done"]',
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
    await page.getByTestId('preflight-table').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('[data-testid="preflight-row"][data-service="worker"]').textContent()).toMatch(/anonymous/i);
    await screenshot(page, 'stacks-preflight');

    await page.getByTestId('stack-deploy').click();
    const progress = page.getByTestId('deploy-progress');
    await expect.poll(() => progress.getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
    await expect.poll(() => page.getByTestId('deploy-log').textContent()).toMatch(/Started|Running|Created/);

    for (const service of ['web', 'worker']) {
      await expect
        .poll(() => page.locator(`[data-testid="service-row"][data-service="${service}"]`).getAttribute('data-state'), { timeout: 30_000 })
        .toBe('running');
    }

    await page.getByTestId('logs-service').selectOption('web');
    await expect.poll(() => page.getByTestId('logs-panel').textContent(), { timeout: 20_000 }).toContain('serving hello');
    await page.getByTestId('logs-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'stacks-running');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'stacks-running-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByTestId('stack-down').click();
    await page.getByTestId('stack-down-confirm').click();
    await expect
      .poll(() => page.locator('[data-testid="service-row"][data-state="running"]').count(), { timeout: 60_000 })
      .toBe(0);
    expect(JSON.stringify(app.outgoing)).not.toContain(plain.password);
  });
});
