/**
 * Issue 13 from the window: the bench's mutual-TLS engine (tests/env/remote.sh, tcp://127.0.0.1:2376) is added with
 * Settings' "Add an engine" form — main asks for the TLS folder with its own folder dialog and confirms with its own
 * dialog (stand-ins of main's, tests/e2e/main-dialogs.ts, drawn over the page for the screenshot) — then Stevedore
 * runs on it: a pull with stored credentials and a deployed stack, both on that engine, not on the bench's. Back on
 * the automatic engine the stack says where it is, and "Switch to this engine" goes through main's confirmation.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDockerContexts } from '../../main/core/engine/contexts';
import { loadBench, remoteEngines } from '../env/bench';
import { launchApp, screenshot, type RunningApp } from './harness';
import { MainDialogDouble } from './main-dialogs';

const RUN = Date.now().toString(36);
const CONTEXT = `e2e-tls-${RUN}`;
const STACK = `e2e-on-tls-${RUN}`;

describe('Engines: add the TLS engine from the window and work on it', () => {
  const bench = loadBench();
  const { tls } = remoteEngines(bench);
  const tlsDocker = new Docker({ host: '127.0.0.1', port: Number(new URL(tls.host.replace('tcp:', 'http:')).port), protocol: 'https', ca: readFileSync(tls.ca), cert: readFileSync(tls.cert), key: readFileSync(tls.key) });
  const dialogs = new MainDialogDouble();
  let work: string;
  let configDir: string;
  let app: RunningApp;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'stevedore-e2e-engines-'));
    // A Docker config of this test's own for the context it adds (never the bench's), with the bench's compose plugin.
    configDir = path.join(work, 'docker-config');
    mkdirSync(configDir);
    symlinkSync(path.join(bench.dockerConfigDir, 'cli-plugins'), path.join(configDir, 'cli-plugins'));
    // The pull must really happen on the TLS engine.
    await tlsDocker.getImage(bench.images.small.plain).remove({ force: true }).catch(() => undefined);
    app = await launchApp({ viewport: { width: 1280, height: 800 }, dockerConfigDir: configDir, mainDialogs: dialogs.dialogs });
    dialogs.page = app.page;
  }, 60_000);

  afterAll(async () => {
    // Whatever the test reached: nothing of this stack stays on the TLS engine.
    const label = [`com.docker.compose.project=${STACK}`];
    for (const container of await tlsDocker.listContainers({ all: true, filters: { label } }).catch(() => [])) {
      await tlsDocker.getContainer(container.Id).remove({ force: true }).catch(() => undefined);
    }
    for (const network of await tlsDocker.listNetworks({ filters: { label } }).catch(() => [])) {
      await tlsDocker.getNetwork(network.Id).remove().catch(() => undefined);
    }
    await app?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  }, 120_000);

  it('cannot be added or chosen by the page alone: main asks, and a cancelled dialog changes nothing', async () => {
    const { page, preview } = app;
    // The page calls the bridge itself, as a compromised renderer could; the user closes main's dialogs.
    const invoke = (name: string, request: unknown) =>
      page.evaluate(
        ([call, body]) => (window as unknown as { stevedore: { invoke: (name: string, request: unknown) => Promise<unknown> } }).stevedore.invoke(call as string, body),
        [name, request] as const,
      );
    const unchanged = { ok: true, value: expect.objectContaining({ changed: false }) as unknown };
    dialogs.willChooseFolder(tls.certDir);
    dialogs.willConfirm(false);
    expect(await invoke('engine.add', { name: `${CONTEXT}-page`, address: tls.host })).toMatchObject(unchanged);
    dialogs.willConfirm(false);
    expect(await invoke('engine.chooseCustom', { address: tls.host })).toMatchObject(unchanged);
    expect(dialogs.asked.map((dialog) => dialog.kind)).toEqual(['choose-tls-folder', 'confirm-engine', 'confirm-engine']);
    // The settings call has no engine field: whatever it answers, the address is not taken from it.
    await invoke('settings.update', { engineEndpoint: tls.host });
    expect(preview.core.engine.currentEndpoint?.url).toBe(bench.dockerHost);
    expect(preview.core.settings.get('preferences').engineEndpoint).toBeUndefined();
    expect(listDockerContexts(configDir)).toEqual([]);
    dialogs.asked.length = 0;
  });

  it('adds the engine through main’s folder dialog and confirmation, pulls and deploys on it, and switches back', async () => {
    const { page, preview } = app;
    const { plain } = bench.registries;
    await preview.core.registries.add({ name: 'Team', address: plain.address, username: plain.username, secret: plain.password, patterns: ['stevedore/**'], isDefault: false });

    // Add: the window proposes a name and an address; main asks for the folder and confirms.
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('engine-add-name').fill(CONTEXT);
    await page.getByTestId('engine-add-address').fill(tls.host);
    await page.getByTestId('engine-add').scrollIntoViewIfNeeded();
    dialogs.willChooseFolder(tls.certDir);
    dialogs.willConfirm(true);
    dialogs.whileShown = async (dialog) => {
      if (dialog.kind === 'confirm-engine') await screenshot(page, 'engines-add');
    };
    await page.getByTestId('engine-add-submit').click();
    await expect.poll(() => preview.core.engine.status.state, { timeout: 20_000 }).toBe('connected');
    await expect.poll(() => preview.core.engine.currentEndpoint?.url, { timeout: 20_000 }).toBe(tls.host);
    dialogs.whileShown = undefined;
    expect(dialogs.asked).toEqual([
      expect.objectContaining({ kind: 'choose-tls-folder', title: `TLS certificates for ${tls.host}` }),
      expect.objectContaining({ kind: 'confirm-engine', title: 'Add a container engine', message: `Add ${tls.host} as "${CONTEXT}" and connect Stevedore to it?`, buttons: ['Add and connect', 'Cancel'] }),
    ]);
    expect(preview.core.engine.currentEndpoint).toMatchObject({ tls: true, contextName: CONTEXT });
    // Written as a docker context the CLI knows, in the test's own config folder.
    expect(listDockerContexts(configDir).find((context) => context.name === CONTEXT)).toMatchObject({ host: tls.host, tls: { ca: expect.any(String) as string } });
    const added = page.getByTestId(`settings-engine-choice-context:${CONTEXT}`);
    await expect.poll(() => added.isChecked(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.getByTestId(`engine-probe-context:${CONTEXT}`).textContent(), { timeout: 10_000 }).toContain('Reachable');
    await added.scrollIntoViewIfNeeded();
    await screenshot(page, 'engines-switched');

    // Pull with the stored credentials: the image lands on the TLS engine.
    await page.getByTestId('nav-pull').click();
    await page.getByTestId('pull-image').fill(bench.images.small.plain);
    await expect.poll(() => page.getByTestId('pull-credential-line').textContent(), { timeout: 10_000 }).toContain('Team');
    await page.getByTestId('pull-submit').click();
    await expect.poll(() => page.getByTestId('pull-progress').getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
    await expect(tlsDocker.getImage(bench.images.small.plain).inspect()).resolves.toMatchObject({ RepoTags: expect.arrayContaining([bench.images.small.plain]) as string[] });

    // Deploy a stack: its container runs on the TLS engine.
    await preview.core.stacks.create({
      name: STACK,
      yaml: ['services:', '  web:', `    image: ${bench.images.small.plain}`, '    command: ["sh", "-c", "echo ready on tls; exec sleep 3600"]', '    stop_signal: SIGKILL', ''].join('\n'),
    });
    await page.getByTestId('nav-stacks').click();
    await page.locator(`[data-testid="stack-row"][data-stack-name="${STACK}"] a`).first().click();
    await page.getByTestId('stack-deploy').click();
    await expect.poll(() => page.getByTestId('deploy-progress').getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
    const web = page.locator('[data-testid="service-row"][data-service="web"]');
    await expect.poll(() => web.getAttribute('data-state'), { timeout: 30_000 }).toBe('running');
    const onTls = await tlsDocker.listContainers({ filters: { label: [`com.docker.compose.project=${STACK}`] } });
    expect(onTls.map((container) => container.State)).toEqual(['running']);
    await page.locator('#main').evaluate((element) => element.scrollTo({ top: 0 }));
    await screenshot(page, 'engines-stack-on-tls');

    // Back to the automatic engine (the bench's): no confirmation needed, and the stack says where it runs.
    const asked = dialogs.asked.length;
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-engine-choice-automatic').check();
    await page.getByTestId('settings-engine-use').click();
    await expect.poll(() => preview.core.engine.currentEndpoint?.url, { timeout: 20_000 }).toBe(bench.dockerHost);
    expect(dialogs.asked).toHaveLength(asked);
    await page.getByTestId('nav-stacks').click();
    const other = page.locator(`[data-testid="stack-row"][data-stack-name="${STACK}"] [data-testid="stack-row-other-engine"]`);
    await expect.poll(() => other.textContent(), { timeout: 20_000 }).toContain(tls.host);
    await screenshot(page, 'engines-switched-back');

    // "Switch to this engine" from the stack page: main confirms, then the stack is taken down there.
    await page.locator(`[data-testid="stack-row"][data-stack-name="${STACK}"] a`).first().click();
    dialogs.willConfirm(true);
    await page.getByTestId('stack-other-engine').getByRole('button', { name: 'Switch to this engine' }).click();
    await expect.poll(() => preview.core.engine.currentEndpoint?.url, { timeout: 20_000 }).toBe(tls.host);
    expect(dialogs.asked.at(-1)).toMatchObject({ kind: 'confirm-engine', message: expect.stringContaining(tls.host) as string });
    await expect.poll(() => web.getAttribute('data-state'), { timeout: 30_000 }).toBe('running');
    await page.getByTestId('stack-down').click();
    await page.getByTestId('stack-down-confirm').click();
    await expect.poll(async () => (await tlsDocker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${STACK}`] } })).length, { timeout: 60_000 }).toBe(0);

    // Credentials never reached the page.
    expect(JSON.stringify(app.outgoing)).not.toContain(plain.password);
  }, 300_000);
});
