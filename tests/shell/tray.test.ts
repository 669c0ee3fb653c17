/**
 * The tray, notifications and close-to-tray, through the real shell (main/launch.ts) and the real core services.
 * The engine is either the small fake on a unix socket (tests/shell/fake-engine.ts: connected, pulls progress
 * when the test says) or nothing at all (pulls fail with ENGINE_UNREACHABLE).
 */
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-double'));

import { callChannel, type EngineStatus, type PullView } from '../../preload/api';
import type { StevedoreCore } from '../../main/core/app';
import { EngineConnection } from '../../main/core/engine/connection';
import { TrayStateSource } from '../../main/core/tray/state';
import { createAppTray } from '../../main/tray';
import { downloading, fsLayer, pullingFrom } from '../unit/pull/messages';
import { app, clipboard, dialog, double, settle, type Tray } from './electron-double';
import { startFakeEngine, type FakeEngine } from './fake-engine';
import { startShell, stopShells, useDesktop, type StartedShell } from './harness';
import { waitFor } from '../support/wait-for';

const projectDir = path.resolve(import.meta.dirname, '../..');
let engine: FakeEngine | undefined;

afterEach(async () => {
  stopShells();
  await engine?.close();
  engine = undefined;
});

/**
 * Events cross a real socket and a throttle, so the tests wait for what they expect (tests/support/wait-for.ts)
 * rather than for a time. The wait's limit sits well under this file's test timeout so a wait that never ends says
 * what it waited for instead of only "timed out"; neither bounds any behaviour.
 */
const WAIT_LIMIT_MS = 10_000;
vi.setConfig({ testTimeout: 30_000 });

interface TrayShell extends StartedShell {
  core: StevedoreCore;
  tray: Tray;
}

/** The shell on this desktop, the app folder being this project (so build/icons is there). */
async function startOn(desktop: string, options: { connected: boolean }): Promise<StartedShell & { core: StevedoreCore }> {
  useDesktop(desktop);
  let launchOptions = {};
  if (options.connected) {
    const fake = await startFakeEngine();
    engine = fake;
    launchOptions = { engine: new EngineConnection({ findEndpoint: () => fake.endpoint, retryDelays: [100] }) };
  }
  const shell = await startShell(launchOptions, () => {
    app.appPath = projectDir;
  });
  const core = shell.launched.core();
  if (!core) throw new Error('no core');
  return { ...shell, core };
}

/** On a desktop with a tray (KDE). */
async function startWithTray(options: { connected: boolean } = { connected: true }): Promise<TrayShell> {
  const shell = await startOn('KDE', options);
  const tray = double.onlyTray();
  if (options.connected) await waitFor(() => tray.tooltip === 'Stevedore', 'the tray shows a connected engine', WAIT_LIMIT_MS);
  return { ...shell, tray };
}

function pullView(core: StevedoreCore, id: string) {
  const view = core.pulls.get(id);
  if (!view) throw new Error(`no pull ${id}`);
  return view;
}

describe('the tray', () => {
  it('is built at start from the menu model, with the app icon and a tooltip', async () => {
    const { tray } = await startWithTray();
    expect(tray.image.path).toBe(path.join(projectDir, 'build', 'icons', 'png', '32x32.png'));
    expect(tray.image.isEmpty()).toBe(false);
    expect(tray.image.isTemplateImage()).toBe(false);
    // Engine: main's engine choices (issue 13), as radio items.
    expect(tray.menu().labels()).toEqual(['Quick pull', 'Pull image from clipboard', 'Stacks', 'Engine', '---', 'Open Stevedore', 'Quit Stevedore']);
    expect(tray.menu().item('Quick pull', 'No favourites or recent pulls yet').enabled).toBe(false);
    expect(tray.menu().item('Pull image from clipboard').enabled).toBe(false);
  });

  it('says when the engine is gone, and disables what needs it', async () => {
    const { tray, core } = await startWithTray({ connected: false });
    await core.library.setFavourite('nginx', true);
    await waitFor(() => tray.tooltip === 'Stevedore — engine disconnected', 'the tooltip says the engine is gone', WAIT_LIMIT_MS);
    expect(tray.menu().item('Engine disconnected').enabled).toBe(false);
    expect(() => tray.menu().item('Quick pull', 'nginx:latest').click()).toThrow(/disabled/);
  });

  it('takes its icon from the resources folder in a packaged app', async () => {
    useDesktop('KDE');
    await startShell({}, () => {
      app.isPackaged = true;
      app.appPath = '/opt/Stevedore/resources/app.asar';
    });
    expect(double.onlyTray().image.path).toBe(path.join('/opt/Stevedore/resources', 'icons', 'png', '32x32.png'));
  });

  it('rebuilds the menu when a favourite is added, and not when nothing it shows changed', async () => {
    const { tray, core } = await startWithTray();
    const built = tray.menus.length;
    await core.library.setFavourite('nginx', true);
    await settle();
    expect(tray.menus.length).toBe(built + 1);
    expect(tray.menu().item('Quick pull', 'nginx:latest')).toMatchObject({ enabled: true });

    // The same favourite spelt otherwise, and a reconnect to the same engine: events, but nothing new to show.
    await core.library.setFavourite('docker.io/library/nginx:latest', true);
    await core.engine.reconnect();
    await settle();
    expect(core.engine.status.state).toBe('connected');
    expect(tray.menus.length).toBe(built + 1);
  });

  it('follows a quick pull: the tooltip and menu show the running pull and its percentage, then it is gone', async () => {
    const { tray, core } = await startWithTray();
    await core.library.setFavourite('nginx', true);
    await settle();
    tray.menu().item('Quick pull', 'nginx:latest').click();
    const pull = await engine!.pull(1);
    expect(pull.reference).toBe('docker.io/library/nginx:latest');
    const [running] = core.pulls.list();
    if (!running) throw new Error('no pull in the service');

    const shownInTooltip = (): string => `Stevedore — 1 pull · ${Math.floor(pullView(core, running.id).percent)}%`;
    pull.write(pullingFrom('library/nginx', 'latest'));
    pull.write(fsLayer('layer-1'));
    pull.write(downloading('layer-1', 50, 100));
    await waitFor(() => pullView(core, running.id).bytesDone === 50 && tray.tooltip === shownInTooltip(), 'the tooltip shows the progress', WAIT_LIMIT_MS);
    const percent = Math.floor(pullView(core, running.id).percent);
    expect(percent).toBeGreaterThan(0);
    expect(tray.tooltip).toBe(`Stevedore — 1 pull · ${percent}%`);
    expect(tray.menu().labels().slice(0, 2)).toEqual([`1 pull · ${percent}%`, `nginx:latest — ${percent}%`]);
    expect(tray.menu().item(`1 pull · ${percent}%`).enabled).toBe(false);

    pull.write(downloading('layer-1', 100, 100));
    await waitFor(() => pullView(core, running.id).bytesDone === 100 && tray.tooltip === shownInTooltip(), 'the tooltip moves on', WAIT_LIMIT_MS);
    expect(tray.tooltip).not.toBe(`Stevedore — 1 pull · ${percent}%`);

    pull.end();
    await core.pulls.waitFor(running.id);
    await waitFor(() => tray.tooltip === 'Stevedore', 'the tooltip is back to idle', WAIT_LIMIT_MS);
    expect(tray.menu().labels()[0]).toBe('Quick pull');
  });

  it('starts a quick pull with the stored registry whose pattern matches the favourite', async () => {
    const { tray, core } = await startWithTray();
    await core.registries.add({
      name: 'Team registry',
      address: 'registry.example.test',
      username: 'robot',
      secret: 'tray-test-secret-7f3a',
      patterns: ['team/*'],
      isDefault: false,
    });
    await core.library.setFavourite('registry.example.test/team/app:1.0', true);
    await settle();
    tray.menu().item('Quick pull', 'registry.example.test/team/app:1.0').click();

    const pull = await engine!.pull(1);
    expect(pull.reference).toBe('registry.example.test/team/app:1.0');
    expect(pull.auth).toMatchObject({ username: 'robot', serveraddress: 'registry.example.test' });
    const [view] = core.pulls.list();
    if (!view) throw new Error('no pull in the service');
    await waitFor(() => pullView(core, view.id).credential.source === 'registry', 'the credentials are chosen', WAIT_LIMIT_MS);
    expect(pullView(core, view.id).credential.summary).toContain('Team registry');

    pull.end();
    const final = await core.pulls.waitFor(view.id);
    expect(final).toMatchObject({ state: 'done', credential: { source: 'registry' } });
    await waitFor(() => double.notifications.length === 1, 'the pull is announced', WAIT_LIMIT_MS);
    const [notification] = double.notifications;
    expect(notification?.title).toBe('Pulled registry.example.test/team/app:1.0');
    expect(notification?.body).toMatch(/^7\.3 MB in \d+\.\d s$/);
    expect(JSON.stringify(double.notifications)).not.toContain('tray-test-secret-7f3a');
  });

  it('pulls the image on the clipboard, checking the clipboard again when clicked', async () => {
    const { tray, core } = await startWithTray();
    await clipboard.writeText('  ghcr.io/acme/api:2.1\n');
    tray.menu().open();
    await waitFor(() => tray.menu().labels().includes('Pull ghcr.io/acme/api:2.1 from clipboard'), 'the menu offers the clipboard image', WAIT_LIMIT_MS);

    // Copied something else after the menu was built: nothing is pulled, the user is told, the menu catches up.
    await clipboard.writeText('rm -rf / # not an image');
    tray.menu().item('Pull ghcr.io/acme/api:2.1 from clipboard').click();
    await waitFor(() => double.notifications.length === 1, 'the user is told', WAIT_LIMIT_MS);
    expect(double.notifications[0]).toMatchObject({ title: 'Nothing to pull from the clipboard' });
    await waitFor(() => tray.menu().labels().includes('Pull image from clipboard'), 'the menu catches up', WAIT_LIMIT_MS);
    expect(tray.menu().item('Pull image from clipboard').enabled).toBe(false);
    expect(engine!.pulls).toHaveLength(0);
    expect(core.pulls.list()).toHaveLength(0);

    await clipboard.writeText('ghcr.io/acme/api:2.1');
    tray.menu().open();
    await waitFor(() => tray.menu().labels().includes('Pull ghcr.io/acme/api:2.1 from clipboard'), 'the menu offers it again', WAIT_LIMIT_MS);
    tray.menu().item('Pull ghcr.io/acme/api:2.1 from clipboard').click();
    expect((await engine!.pull(1)).reference).toBe('ghcr.io/acme/api:2.1');
  });

  it('tells the user with a dialog where the system has no notifications', async () => {
    const { tray } = await startWithTray();
    double.notificationsSupported = false;
    await clipboard.writeText('nginx');
    tray.menu().open();
    await waitFor(() => tray.menu().labels().includes('Pull nginx:latest from clipboard'), 'the menu offers the clipboard image', WAIT_LIMIT_MS);
    await clipboard.writeText('redis');
    tray.menu().item('Pull nginx:latest from clipboard').click();
    await waitFor(() => dialog.messageBoxes.length === 1, 'a message box is shown', WAIT_LIMIT_MS);
    expect(dialog.messageBoxes[0]?.[0]).toMatchObject({ message: 'The clipboard has changed' });
    expect(double.notifications).toHaveLength(0);
  });

  it('is destroyed when the app quits', async () => {
    const { tray, launched } = await startWithTray();
    launched.dispose();
    expect(tray.isDestroyed()).toBe(true);
  });
});

describe('notifications', () => {
  it('announces a failed pull with the error title and fix, once, and clicking it shows the window on that pull', async () => {
    const { core, window } = await startWithTray({ connected: false });
    window.emit('ready-to-show');
    window.hide();
    const started = core.pulls.start({ image: 'nginx:1.25' });
    const final = await core.pulls.waitFor(started.id);
    expect(final.state).toBe('failed');
    expect(final.error?.code).toBe('ENGINE_UNREACHABLE');
    await settle();

    expect(double.notifications).toHaveLength(1);
    const [notification] = double.notifications;
    expect(notification?.title).toBe('Pull failed: nginx:1.25');
    expect(notification?.body).toBe(`${final.error?.title}. ${final.error?.fix}`);

    notification?.click();
    expect(window.isVisible()).toBe(true);
    expect(window.focusCount).toBe(1);
    expect(window.loadedUrl).toBe(`app://stevedore/index.html#/pull/${encodeURIComponent(started.id)}`);
  });

  it('says nothing about a pull the user cancelled', async () => {
    const { core } = await startWithTray();
    const started = core.pulls.start({ image: 'nginx' });
    await engine!.pull(1);
    core.pulls.cancel(started.id);
    await core.pulls.waitFor(started.id);
    await settle();
    expect(double.notifications).toHaveLength(0);
  });

  it('opens a new window on the pull when the window was closed', async () => {
    const { core, window } = await startWithTray({ connected: false });
    // The setting off: the window really closes.
    await window.webContents.invoke(callChannel('settings.update'), [{ closeToTray: false }]);
    window.close();
    expect(window.isDestroyed()).toBe(true);
    const started = core.pulls.start({ image: 'nginx' });
    await core.pulls.waitFor(started.id);
    await settle();
    double.notifications[0]?.click();
    expect(double.windows).toHaveLength(2);
    expect(double.lastWindow().loadedUrl).toBe(`app://stevedore/index.html#/pull/${encodeURIComponent(started.id)}`);
  });

  it('are raised even where the desktop has no tray', async () => {
    const { core } = await startOn('GNOME', { connected: false });
    expect(double.trays).toHaveLength(0);
    const started = core.pulls.start({ image: 'nginx' });
    await core.pulls.waitFor(started.id);
    await settle();
    expect(double.notifications.map((notification) => notification.title)).toEqual(['Pull failed: nginx:latest']);
  });
});

describe('closing the window', () => {
  it('hides it to the tray while the setting is on, and the tray brings it back', async () => {
    const { tray, window } = await startWithTray();
    window.emit('ready-to-show');
    window.close();
    expect(window.isDestroyed()).toBe(false);
    expect(window.isVisible()).toBe(false);
    tray.menu().item('Open Stevedore').click();
    expect(window.isVisible()).toBe(true);
  });

  it('closes it when the setting is off', async () => {
    const { window, contents } = await startWithTray();
    expect(await contents.invoke(callChannel('settings.update'), [{ closeToTray: false }])).toMatchObject({ ok: true, value: { closeToTray: false } });
    window.close();
    expect(window.isDestroyed()).toBe(true);
  });

  it('closes it, and so quits, where the desktop has no tray (stock GNOME)', async () => {
    const { window } = await startOn('GNOME', { connected: false });
    expect(double.trays).toHaveLength(0);
    window.close();
    expect(window.isDestroyed()).toBe(true);
    app.emit('window-all-closed');
    expect(app.quitCount).toBe(1);
  });

  it('closes it when Quit is chosen in the tray, even with close-to-tray on', async () => {
    const { tray, window } = await startWithTray();
    tray.menu().item('Quit Stevedore').click();
    expect(app.quitCount).toBe(1);
    window.close();
    expect(window.isDestroyed()).toBe(true);
  });
});

describe('the tray on macOS', () => {
  it('uses a template image, shows the pulls in the menu-bar title, and reads the clipboard when the pointer arrives', async () => {
    double.reset();
    let clipboardReads = 0;
    let progress: ((view: PullView) => void) | undefined;
    const connected: EngineStatus = {
      state: 'connected',
      endpoint: { url: 'unix:///var/run/docker.sock', source: 'default', tls: false },
      version: '24.0.7',
      apiVersion: '1.43',
      os: 'linux',
      arch: 'arm64',
      product: 'Docker Desktop',
      since: '2026-01-01T00:00:00.000Z',
    };
    const source = new TrayStateSource({
      pulls: {
        list: () => [],
        onProgress: (listener) => {
          progress = listener;
          return () => undefined;
        },
      },
      library: { get: () => ({ favourites: [], recents: [] }), onChange: () => () => undefined },
      engine: { status: connected, onStatus: () => () => undefined },
      readClipboardText: async () => {
        clipboardReads += 1;
        return 'nginx:1.25';
      },
    });
    await source.start();
    const file = path.join(projectDir, 'build', 'icons', 'tray', 'trayTemplate.png');
    const appTray = createAppTray({ source, icon: { file, template: true }, platform: 'darwin', onAction: () => undefined, onActivate: () => undefined });
    const tray = double.onlyTray();
    expect(tray.image.isTemplateImage()).toBe(true);
    expect(tray.image.isEmpty()).toBe(false);
    expect(tray.title).toBe('');

    progress?.({
      id: 'p1',
      image: 'docker.io/library/nginx:1.25',
      familiar: 'nginx:1.25',
      state: 'pulling',
      credential: { source: 'anonymous', summary: 'No credentials.', reason: 'No credentials.' },
      layers: [],
      percent: 42,
      bytesDone: 525,
      bytesTotal: 1000,
      startedAt: '2026-01-01T00:00:00.000Z',
      notes: [],
    });
    expect(tray.title).toBe('1 pull · 42%');
    expect(tray.titleOptions).toEqual({ fontType: 'monospacedDigit' });

    const reads = clipboardReads;
    tray.emit('mouse-enter');
    expect(clipboardReads).toBe(reads + 1);
    appTray.destroy();
    expect(tray.isDestroyed()).toBe(true);
  });
});

describe('stacks in the tray', () => {
  it('lists a stack written in the app, redeploys it from the tray, and announces the failed deploy with its fix', async () => {
    const { tray, core, window } = await startWithTray();
    // No Compose here, whatever the machine has: the deploy fails in a known way once its preflight is done.
    // A main-side setting (the window may not choose programs main runs).
    await core.settings.update('preferences', (current) => ({ value: { ...current, composeBinary: '/nonexistent/docker-compose' }, result: undefined }));
    await core.stacks.create({ name: 'web', yaml: 'services:\n  web:\n    image: nginx:1.27\n' });
    await waitFor(() => tray.menu().item('Stacks').submenu?.labels().includes('web') === true, 'the tray lists the stack', WAIT_LIMIT_MS);

    tray.menu().item('Stacks', 'web', 'Redeploy').click();
    await waitFor(() => double.notifications.length === 1, 'the deploy is announced', WAIT_LIMIT_MS);
    const [deploy] = core.stacks.deploys();
    expect(deploy).toMatchObject({ stackId: 'app:web', state: 'failed', redeploy: true });
    const [notification] = double.notifications;
    expect(notification?.title).toBe('Deploy failed: web');
    expect(notification?.body).toBe(`${deploy?.error?.title}. ${deploy?.error?.fix}`);

    window.hide();
    notification?.click();
    expect(window.isVisible()).toBe(true);
    expect(window.loadedUrl).toBe('app://stevedore/index.html#/stacks/app%3Aweb');
  });

  it("shows a running stack's status, and tells the user why it could not be stopped", async () => {
    const fake = await startFakeEngine();
    fake.containers.push({
      Id: 'c'.repeat(64),
      Names: ['/web-web-1'],
      Labels: { 'com.docker.compose.project': 'web', 'com.docker.compose.service': 'web', 'com.docker.compose.container-number': '1' },
      State: 'running',
      Status: 'Up 2 minutes',
      Image: 'nginx:1.27',
      ImageID: `sha256:${'ab'.repeat(32)}`,
      Created: 1_767_225_600,
      Ports: [],
    });
    useDesktop('KDE');
    engine = fake;
    const { launched } = await startShell({ engine: new EngineConnection({ findEndpoint: () => fake.endpoint }) }, () => {
      app.appPath = projectDir;
    });
    const core = launched.core();
    if (!core) throw new Error('no core');
    const tray = double.onlyTray();
    // A main-side setting (the window may not choose programs main runs).
    await core.settings.update('preferences', (current) => ({ value: { ...current, composeBinary: '/nonexistent/docker-compose' }, result: undefined }));
    await core.stacks.create({ name: 'web', yaml: 'services:\n  web:\n    image: nginx:1.27\n' });
    await waitFor(() => tray.menu().item('Stacks').submenu?.labels().includes('web  ● running') === true, 'the tray shows the stack running', WAIT_LIMIT_MS);

    tray.menu().item('Stacks', 'web  ● running', 'Stop').click();
    await waitFor(() => double.notifications.length === 1, 'the user is told', WAIT_LIMIT_MS);
    expect(double.notifications[0]?.title).toBe('Could not stop the stack');
    expect(double.notifications[0]?.body).toContain('/nonexistent/docker-compose');
  });
});
