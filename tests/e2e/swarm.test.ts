/**
 * A Swarm stack from the window: the app runs against the bench's Swarm engine (tests/env/swarm.sh, a single-node
 * manager), the stack page offers "Deploy to Swarm", and the services table shows the replicas reaching 1/1.
 */
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listStackServices } from '../../main/core/swarm/services';
import { removeSwarmStack } from '../../main/core/swarm/deploy';
import { loadBench, swarmEngine } from '../env/bench';
import { launchApp, screenshot, type RunningApp } from './harness';

const STACK = 'e2e-swarm';

describe('Stacks on Docker Swarm', () => {
  let app: RunningApp;
  const swarm = swarmEngine(loadBench());
  const docker = new Docker({ socketPath: swarm.socket });

  beforeAll(async () => {
    app = await launchApp({ viewport: { width: 1280, height: 800 }, dockerHost: swarm.host });
  });
  afterAll(async () => {
    await removeSwarmStack(STACK, docker, { endpoint: { url: swarm.host, source: 'DOCKER_HOST', tls: false }, dockerProgram: loadBench().dockerCli }).catch(() => undefined);
    await app?.close();
  });

  it('deploys a stack to the Swarm and shows its replicas running', async () => {
    const { page, bench } = app;
    const { plain, anon } = bench.registries;
    await app.preview.core.registries.add({ name: 'Team', address: plain.address, username: plain.username, secret: plain.password, patterns: ['stevedore/**'], isDefault: false });
    await app.preview.core.stacks.create({
      name: STACK,
      yaml: [
        'version: "3.8"',
        'services:',
        '  web:',
        `    image: ${bench.images.small.plain}`,
        '    command: ["sh", "-c", "echo web ready; sleep 3600"]',
        '    stop_grace_period: 1s',
        '  worker:',
        `    image: ${anon.address}/stevedore/small:1.0`,
        '    command: ["sh", "-c", "echo worker ready; sleep 3600"]',
        '    stop_grace_period: 1s',
        '',
      ].join('\n'),
    });

    await page.getByTestId('nav-stacks').click();
    await page.locator(`[data-testid="stack-row"][data-stack-name="${STACK}"] a`).first().click();
    const deploy = page.getByTestId('swarm-deploy');
    await deploy.waitFor({ timeout: 20_000 });
    await deploy.click();

    const rows = page.getByTestId('swarm-row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);
    for (const service of ['web', 'worker']) {
      const row = page.locator(`[data-testid="swarm-row"][data-service="${service}"]`);
      await expect.poll(() => row.getAttribute('data-running'), { timeout: 60_000 }).toBe('1');
      expect(await row.getAttribute('data-desired')).toBe('1');
    }
    await expect.poll(() => page.getByTestId('swarm-replicas').first().textContent(), { timeout: 10_000 }).toContain('1/1 running');
    // What the window shows is what the manager has.
    const services = await listStackServices(docker, STACK);
    expect(services.map((service) => `${service.service} ${service.running}/${service.desired}`)).toEqual(['web 1/1', 'worker 1/1']);
    // In the stacks list it is deployed to Swarm with its replicas, not "Not deployed".
    const listed = page.locator(`[data-testid="stack-row"][data-stack-name="${STACK}"]`);
    await expect.poll(() => listed.getByTestId('stack-row-swarm').textContent(), { timeout: 20_000 }).toBe('Swarm · 2 services');
    expect(await listed.getByTestId('stack-row-status').textContent()).toBe('Running 2/2');
    // And it remembers the engine it went to.
    expect((await app.preview.core.stacks.list()).find((stack) => stack.name === STACK)?.deployedEngine?.url).toBe(swarm.host);
    await page.getByTestId('swarm-table').scrollIntoViewIfNeeded();
    await screenshot(page, 'stacks-swarm');
  });
});
