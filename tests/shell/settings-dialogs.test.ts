/**
 * Issue 10 items 1 and 6 in the shell: the engine confirmation and the Docker config picker are main's native
 * dialogs, wired into the core; and the settings file is written for its owner only.
 */
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-double'));

import { callChannel } from '../../preload/api';
import { createSettingsDialogs } from '../../main/settings-dialogs';
import { app, BrowserWindow, dialog } from './electron-double';
import { startShell, stopShells } from './harness';

afterEach(() => {
  vi.restoreAllMocks();
  stopShells();
});

describe('choosing the engine in the desktop app', () => {
  it('asks in a native message box naming the address, with Cancel as the default, and saves nothing when cancelled', async () => {
    const { contents, window } = await startShell();
    const showMessageBox = vi.spyOn(dialog, 'showMessageBox').mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    const answer = await contents.invoke(callChannel('engine.chooseCustom'), [{ address: 'tcp://192.0.2.1:2375' }]);
    expect(answer).toMatchObject({ ok: true, value: { changed: false, settings: { engineEndpoint: undefined } } });
    expect(showMessageBox).toHaveBeenCalledOnce();
    const [parent, options] = showMessageBox.mock.calls[0] as [unknown, Record<string, unknown>];
    expect(parent).toBe(window);
    expect(options).toMatchObject({
      type: 'warning',
      message: 'Connect Stevedore to tcp://192.0.2.1:2375?',
      detail: expect.stringMatching(/plain TCP without TLS/),
      buttons: ['Connect', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
    });
  });

  it('saves the address when the user presses Connect in the native box', async () => {
    const { contents } = await startShell();
    vi.spyOn(dialog, 'showMessageBox').mockResolvedValueOnce({ response: 0, checkboxChecked: false });
    const answer = await contents.invoke(callChannel('engine.chooseCustom'), [{ address: 'ssh://me@build-box' }]);
    expect(answer).toMatchObject({ ok: true, value: { changed: true, settings: { engineEndpoint: 'ssh://me@build-box' } } });
  });
});

describe('choosing the Docker config file in the desktop app', () => {
  it('uses the native open dialog for files only, and keeps the file the user picked', async () => {
    const { contents, window } = await startShell();
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'stevedore-shell-config-')), 'config.json');
    writeFileSync(file, '{"auths": {}}');
    dialog.answers.push({ canceled: false, filePaths: [file] });
    const answer = await contents.invoke(callChannel('settings.chooseDockerConfig'), [undefined]);
    expect(answer).toMatchObject({ ok: true, value: { changed: true, settings: { dockerConfigPath: file } } });
    const [parent, options] = dialog.calls.at(-1) as [unknown, { properties: string[] }];
    expect(parent).toBe(window);
    expect(options.properties).toContain('openFile');
    expect(options.properties).not.toContain('openDirectory');
  });

  it('keeps the old value when the dialog is cancelled', async () => {
    const { contents } = await startShell();
    const answer = await contents.invoke(callChannel('settings.chooseDockerConfig'), [undefined]);
    expect(answer).toMatchObject({ ok: true, value: { changed: false, settings: { dockerConfigPath: undefined } } });
  });
});

describe('the SSH host key and TLS folder dialogs', () => {
  it('asks about an unknown host key with Cancel as the default, over the window when there is one', async () => {
    const window = new BrowserWindow();
    const withWindow = createSettingsDialogs(() => window as never);
    const showMessageBox = vi.spyOn(dialog, 'showMessageBox').mockResolvedValueOnce({ response: 0, checkboxChecked: false });
    await expect(withWindow.confirmHostKey({ host: 'build-box', port: 2222, keyType: 'ssh-ed25519', fingerprint: 'SHA256:abc' })).resolves.toBe(true);
    const [parent, options] = showMessageBox.mock.calls[0] as [unknown, Record<string, unknown>];
    expect(parent).toBe(window);
    expect(options).toMatchObject({
      type: 'warning',
      message: "The authenticity of [build-box]:2222 can't be established.",
      detail: expect.stringContaining('ssh-ed25519 key fingerprint is\nSHA256:abc'),
      buttons: ['Accept and connect', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
    });

    const withoutWindow = createSettingsDialogs(() => undefined);
    showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    await expect(withoutWindow.confirmHostKey({ host: 'build-box', port: 22, keyType: 'ssh-rsa', fingerprint: 'SHA256:x' })).resolves.toBe(false);
    const [options22] = showMessageBox.mock.calls[1] as [Record<string, unknown>];
    expect(options22.message).toBe("The authenticity of build-box can't be established.");
  });

  it('picks a folder (not a file) for TLS certificates, and answers nothing when cancelled', async () => {
    const dialogs = createSettingsDialogs(() => undefined);
    dialog.answers.push({ canceled: false, filePaths: ['/certs/box'] });
    await expect(dialogs.chooseTlsFolder({ title: 'Certificates', message: 'ca.pem, cert.pem, key.pem' })).resolves.toBe('/certs/box');
    const [options] = dialog.calls.at(-1) as [{ properties: string[]; title: string; buttonLabel: string }];
    expect(options.title).toBe('Certificates');
    expect(options.buttonLabel).toBe('Use these certificates');
    expect(options.properties).toContain('openDirectory');
    expect(options.properties).not.toContain('openFile');
    await expect(dialogs.chooseTlsFolder({ title: 'Certificates', message: '' })).resolves.toBeUndefined();
  });
});

describe.runIf(process.platform !== 'win32')('the settings file', () => {
  it('is readable by its owner only, after the first write and after an update', async () => {
    const { contents } = await startShell();
    const file = path.join(app.getPath('userData'), 'settings.json');
    await contents.invoke(callChannel('settings.update'), [{ maxConcurrentPulls: 2 }]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await contents.invoke(callChannel('settings.update'), [{ closeToTray: false }]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
