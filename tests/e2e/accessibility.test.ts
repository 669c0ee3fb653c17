/**
 * An axe-core scan of every screen, in light and dark, at 1280×800 and 800×600, with real content: a registry and
 * its explanation, a pull that worked and one that failed, local images, a stack's preflight and a running
 * stack's status and logs. Any `serious` or `critical` violation fails the test, each printed with its rule,
 * element and advice.
 *
 * The app's Content-Security-Policy allows no inline script, so axe is not added as a <script>: its source is
 * evaluated through the DevTools protocol (`page.evaluate` → `Runtime.evaluate`), which the CSP does not govern.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Docker from 'dockerode';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, type RunningApp } from './harness';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// Names of this run only: another run of the suite on the same bench must not take these stacks down.
const RUN = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const RUNNING_STACK = `a11y-running-${RUN}`;
const DRAFT_STACK = `a11y-draft-${RUN}`;

interface Finding {
  screen: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

async function scan(page: Page, screen: string): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const { violations, passed } = await page.evaluate(async () => {
    type Rule = { id: string; impact?: string | null; help: string; nodes: Array<{ target: unknown[] }> };
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Rule[]; passes: Rule[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return {
      passed: result.passes.length,
      violations: result.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? 'unknown',
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
      })),
    };
  });
  // The scan really ran (rules checked and passed), so an empty list means something.
  expect(passed).toBeGreaterThan(10);
  console.log(`${screen}: ${violations.map((violation) => `${violation.id}/${violation.impact}`).join(', ') || 'no violations'}`);
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => ({ screen, ...violation }));
}

async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((next) => {
    window.location.hash = next;
  }, hash);
}

describe('Accessibility (axe-core)', () => {
  let app: RunningApp;
  let image: string;
  const ids = { okPull: '', failedPull: '', running: '', draft: '' };

  beforeAll(async () => {
    app = await launchApp();
    const { bench, preview } = app;
    const { plain, anon } = bench.registries;
    image = bench.images.small.plain;
    await preview.core.registries.add({
      name: 'Team',
      address: plain.address,
      username: plain.username,
      secret: plain.password,
      patterns: ['stevedore/**'],
      isDefault: false,
    });
    const docker = new Docker({ socketPath: bench.dockerHost.replace('unix://', '') });
    await docker.getImage(image).remove({ force: true }).catch(() => undefined);
    ids.okPull = preview.core.pulls.start({ image }).id;
    // Nothing listens there: the pull fails with a connection error, shown as an error card.
    ids.failedPull = preview.core.pulls.start({ image: '127.0.0.1:5999/stevedore/missing:1.0' }).id;

    const service = (serviceImage: string, text: string) => [
      `    image: ${serviceImage}`,
      '    init: true',
      `    command: ["sh", "-c", "i=0; while true; do i=$$((i+1)); echo ${text} $$i; sleep 1; done"]`,
    ];
    const running = await preview.core.stacks.create({
      name: RUNNING_STACK,
      yaml: ['services:', '  web:', ...service(`${anon.address}/stevedore/small:1.0`, 'serving'), ''].join('\n'),
    });
    const draft = await preview.core.stacks.create({
      name: DRAFT_STACK,
      yaml: ['services:', '  web:', ...service(image, 'serving'), '  worker:', ...service(`${anon.address}/library/small:1.0`, 'working'), ''].join('\n'),
    });
    ids.running = running.stack.id;
    ids.draft = draft.stack.id;
    const deploy = await preview.core.stacks.deploy(ids.running);
    const finished = await preview.core.stacks.waitForDeploy(deploy.id);
    expect(finished.state).toBe('done');
  });

  afterAll(async () => {
    for (const id of [ids.running, ids.draft]) {
      if (!id) continue;
      await app?.preview.core.stacks.down(id, { volumes: true }).catch(() => undefined);
      await app?.preview.core.stacks.delete(id).catch(() => undefined);
    }
    await app?.close();
  });

  it('keeps keyboard focus after removing an image: on the next row, or on the heading', async () => {
    const { page, bench } = app;
    // An image of its own that nothing uses (the bench's images share one ID with what the running stack runs):
    // a snapshot of the running stack's container.
    const docker = new Docker({ socketPath: bench.dockerHost.replace('unix://', '') });
    const [container] = await docker.listContainers({ filters: { label: [`com.docker.compose.project=${RUNNING_STACK}`] } });
    expect(container).toBeDefined();
    const snapshot = `stevedore-e2e/focus-check:${RUN}`;
    // Without pausing it: the scans below need the stack running, not a pause/unpause in flight.
    await docker.getContainer(container!.Id).commit({ repo: 'stevedore-e2e/focus-check', tag: RUN, pause: false });
    await page.setViewportSize({ width: 1280, height: 800 });
    await go(page, '#/images');
    const rows = page.getByTestId('image-row');
    const row = page.locator(`[data-testid="image-row"][data-tags~="${snapshot}"]`);
    await expect.poll(() => row.count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(1);
    const ids = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-id')));
    const removedId = await row.getAttribute('data-id');
    const index = ids.indexOf(removedId);
    const expected = ids[index + 1] ?? ids[index - 1];
    await row.getByTestId('image-remove').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('image-remove-confirm').click();
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(0);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid="image-row"]')?.getAttribute('data-id') ?? document.activeElement?.tagName))
      .toBe(expected);
  });

  for (const scheme of ['light', 'dark'] as const) {
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 800, height: 600 },
    ]) {
      it(`has no serious or critical violation on any screen, ${scheme}, ${viewport.width}×${viewport.height}`, async () => {
        const { page } = app;
        await page.setViewportSize(viewport);
        await page.emulateMedia({ colorScheme: scheme });
        const findings: Finding[] = [];

        await go(page, '#/registries');
        await page.getByTestId('explain-image').fill(image);
        await expect.poll(() => page.getByTestId('explain-source').textContent(), { timeout: 10_000 }).toContain('Team');
        findings.push(...(await scan(page, 'Registries with an explanation')));

        await go(page, '#/pull');
        await page.getByTestId('screen-pull').waitFor();
        findings.push(...(await scan(page, 'Pull')));

        await go(page, `#/pull/${ids.okPull}`);
        await expect.poll(() => page.getByTestId('screen-pull').textContent(), { timeout: 60_000 }).toMatch(/Done/);
        findings.push(...(await scan(page, 'Pull result')));

        await go(page, `#/pull/${ids.failedPull}`);
        await expect.poll(() => page.locator('.error-card').count(), { timeout: 60_000 }).toBeGreaterThan(0);
        findings.push(...(await scan(page, 'Pull error card')));

        await go(page, '#/images');
        await expect.poll(() => page.getByTestId('image-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
        findings.push(...(await scan(page, 'Images')));

        await go(page, `#/stacks/${ids.draft}`);
        await expect.poll(() => page.getByTestId('preflight-row').count(), { timeout: 20_000 }).toBe(2);
        findings.push(...(await scan(page, 'Stack preflight')));

        await go(page, `#/stacks/${ids.running}`);
        await expect.poll(() => page.locator('[data-testid="service-row"][data-state="running"]').count(), { timeout: 30_000 }).toBe(1);
        await expect.poll(() => page.getByTestId('logs-panel').textContent(), { timeout: 20_000 }).toContain('serving');
        findings.push(...(await scan(page, 'Running stack')));

        await go(page, '#/settings');
        await page.getByTestId('screen-settings').waitFor();
        findings.push(...(await scan(page, 'Settings')));

        const report = findings.map((finding) => `${finding.screen}: ${finding.id} (${finding.impact}) — ${finding.help}\n    ${finding.targets.join('\n    ')}`);
        if (report.length > 0) console.log(`axe, ${scheme} ${viewport.width}×${viewport.height}:\n${report.join('\n')}`);
        expect(report).toEqual([]);
      });
    }
  }
});
