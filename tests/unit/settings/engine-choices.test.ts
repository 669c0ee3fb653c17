/**
 * Issue 10 items 1 and 17: the engine and the Docker config file change only through main — a choice among what
 * main discovered, or an address main checks and the user confirms in main's dialog — and a bad address is
 * explained and changes nothing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../../preload/api';
import type { EndpointEnvironment } from '../../../main/core/engine/endpoint';
import { SettingsChoices, type ChooseDockerConfigFile, type ConfirmEngine, type EngineConfirmation } from '../../../main/core/settings/choices';
import type { Preferences } from '../../../main/core/settings/document';
import { openSettings } from '../../support/settings';

const environment = (env: NodeJS.ProcessEnv = {}, sockets: string[] = []): EndpointEnvironment => ({
  env,
  platform: 'linux',
  homeDir: '/home/dev',
  exists: (file) => sockets.includes(file),
  readFile: () => {
    throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  },
});

const toSettings = (preferences: Preferences): Settings => ({
  engineEndpoint: preferences.engineEndpoint,
  dockerConfigPath: preferences.dockerConfigPath,
  maxConcurrentPulls: preferences.maxConcurrentPulls,
  closeToTray: preferences.closeToTray,
  updateSchedule: preferences.updateSchedule,
  updateNotifications: preferences.updateNotifications,
  updatesIgnoredImages: preferences.updatesIgnoredImages,
  updatesIgnoredStacks: preferences.updatesIgnoredStacks,
});

function setup(options: { confirm?: ConfirmEngine | null; chooseFile?: ChooseDockerConfigFile | null; env?: EndpointEnvironment; runtime?: 'electron' | 'preview' } = {}) {
  const settings = openSettings();
  const reconnect = vi.fn();
  const confirmEngine = options.confirm === null ? undefined : vi.fn(options.confirm ?? (async () => true));
  const chooseDockerConfigFile = options.chooseFile === null ? undefined : vi.fn(options.chooseFile ?? (async () => undefined));
  const choices = new SettingsChoices({
    settings,
    reconnect,
    toSettings,
    confirmEngine,
    chooseDockerConfigFile,
    runtime: () => options.runtime ?? 'electron',
    environment: () => options.env ?? environment({ DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1', XDG_RUNTIME_DIR: '/run/user/1000' }, ['/run/user/1000/podman/podman.sock']),
    env: {},
  });
  return { settings, reconnect, confirmEngine, chooseDockerConfigFile, choices };
}

const engineSetting = (settings: ReturnType<typeof openSettings>) => settings.get('preferences').engineEndpoint;

describe('the engines main offers', () => {
  it('lists Automatic first, then DOCKER_HOST, the platform default and Podman, each once', () => {
    const env = environment({ DOCKER_HOST: 'unix:///var/run/docker.sock', XDG_RUNTIME_DIR: '/run/user/1000' }, ['/run/user/1000/podman/podman.sock']);
    const { choices } = setup({ env });
    const offered = choices.engineChoices();
    expect(offered.selected).toBe('automatic');
    expect(offered.choices.map((choice) => [choice.id, choice.url])).toEqual([
      ['automatic', 'unix:///var/run/docker.sock'],
      ['docker-host', 'unix:///var/run/docker.sock'],
      ['podman', 'unix:///run/user/1000/podman/podman.sock'],
    ]);
    expect(offered.choices[0]?.detail).toMatch(/Now it uses DOCKER_HOST\./);
    expect(offered.unavailable).toBeUndefined();
  });
});

describe('choosing an engine from the list', () => {
  it('asks main\'s confirmation naming the exact address, and changes nothing when the user declines', async () => {
    const { choices, confirmEngine, reconnect, settings } = setup({ confirm: async () => false });
    const answer = await choices.chooseEngine('docker-host');
    expect(confirmEngine).toHaveBeenCalledOnce();
    const question = confirmEngine!.mock.calls[0]![0] as EngineConfirmation;
    expect(question.message).toBe('Connect Stevedore to tcp://10.0.0.5:2376?');
    expect(question.detail).toMatch(/stored registry passwords/);
    expect(answer.changed).toBe(false);
    expect(engineSetting(settings)).toBeUndefined();
    expect(reconnect).not.toHaveBeenCalled();
  });

  it('saves and reconnects when the user confirms', async () => {
    const { choices, reconnect, settings } = setup({ confirm: async () => true });
    const answer = await choices.chooseEngine('docker-host');
    expect(answer).toMatchObject({ changed: true, settings: { engineEndpoint: 'tcp://10.0.0.5:2376' } });
    expect(engineSetting(settings)).toBe('tcp://10.0.0.5:2376');
    expect(reconnect).toHaveBeenCalledOnce();
    expect(choices.engineChoices().selected).toBe('docker-host');
  });

  it('goes back to Automatic without a confirmation', async () => {
    const { choices, confirmEngine, settings } = setup({ confirm: async () => true });
    await choices.chooseEngine('docker-host');
    confirmEngine!.mockClear();
    const answer = await choices.chooseEngine('automatic');
    expect(answer.changed).toBe(true);
    expect(confirmEngine).not.toHaveBeenCalled();
    expect(engineSetting(settings)).toBeUndefined();
  });

  it('refuses an id main did not offer', async () => {
    const { choices, confirmEngine } = setup();
    await expect(choices.chooseEngine('tcp://evil.example.com:2375')).rejects.toMatchObject({ code: 'ENGINE_CHOICE_UNKNOWN' });
    expect(confirmEngine).not.toHaveBeenCalled();
  });

  it('shows one dialog at a time', async () => {
    let answer: (value: boolean) => void = () => undefined;
    const { choices } = setup({ confirm: () => new Promise<boolean>((resolve) => (answer = resolve)) });
    const first = choices.chooseEngine('docker-host');
    await expect(choices.chooseCustomEngine('tcp://127.0.0.1:2375')).rejects.toMatchObject({ code: 'DIALOG_OPEN' });
    answer(false);
    await expect(first).resolves.toMatchObject({ changed: false });
  });
});

describe('another address ("Other address…")', () => {
  it('is only a proposal: main confirms the exact address, warns about plain TCP, and saves only when confirmed', async () => {
    const withoutTls = environment({ DOCKER_HOST: 'unix:///var/run/docker.sock' });
    const declined = setup({ confirm: async () => false, env: withoutTls });
    await declined.choices.chooseCustomEngine('  tcp://192.0.2.7:2375 ');
    expect(engineSetting(declined.settings)).toBeUndefined();
    const question = declined.confirmEngine!.mock.calls[0]![0] as EngineConfirmation;
    expect(question.message).toBe('Connect Stevedore to tcp://192.0.2.7:2375?');
    expect(question.detail).toMatch(/plain TCP without TLS.*will not send it any registry credentials/s);

    const accepted = setup({ confirm: async () => true, env: withoutTls });
    const answer = await accepted.choices.chooseCustomEngine('ssh://me@build-box');
    expect(answer).toMatchObject({ changed: true, settings: { engineEndpoint: 'ssh://me@build-box' } });
    expect(accepted.choices.engineChoices()).toMatchObject({ selected: 'custom', custom: 'ssh://me@build-box' });
  });

  it.each([
    ['not a url', /does not start with a scheme.*unix:\/\/\/path\/docker.sock.*tcp:\/\/host:port/],
    ['10.0.0.5:2375', /no scheme.*write tcp:\/\/10.0.0.5:2375/],
    ['/var/run/docker.sock', /write unix:\/\/\/var\/run\/docker.sock/],
    ['unix://docker.sock', /must be absolute.*three slashes/],
    ['tcp://host:99999', /not a valid tcp:\/\/ address.*port/],
    ['tcp://', /not a valid tcp:\/\/ address|names no host/],
    ['tcp://user:pw@host:2376', /cannot carry a user name or password/],
    ['ftp://box', /scheme "ftp" is not one the engine speaks/],
    ['tcp://host:2375/v1.41', /has no path/],
  ])('refuses %j, says what is wrong and how to write it, and keeps the old value', async (proposal, message) => {
    const { choices, confirmEngine, settings, reconnect } = setup({ confirm: async () => true });
    await choices.chooseEngine('podman');
    reconnect.mockClear();
    confirmEngine!.mockClear();
    await expect(choices.chooseCustomEngine(proposal)).rejects.toMatchObject({ code: 'ENGINE_ENDPOINT_INVALID', message: expect.stringMatching(message) });
    expect(confirmEngine).not.toHaveBeenCalled();
    expect(reconnect).not.toHaveBeenCalled();
    expect(engineSetting(settings)).toBe('unix:///run/user/1000/podman/podman.sock');
  });
});

describe('where main has no native dialogs (preview)', () => {
  it('offers the list but only Automatic can be chosen, and says how to start preview instead', async () => {
    const { choices, settings } = setup({ confirm: null, chooseFile: null, runtime: 'preview' });
    expect(choices.engineChoices().unavailable).toMatch(/not available in preview.*DOCKER_HOST=/);
    await expect(choices.chooseEngine('docker-host')).rejects.toMatchObject({ code: 'NOT_AVAILABLE', message: expect.stringMatching(/DOCKER_HOST/) });
    await expect(choices.chooseCustomEngine('tcp://127.0.0.1:2375')).rejects.toMatchObject({ code: 'NOT_AVAILABLE' });
    await expect(choices.chooseCustomEngine('not a url')).rejects.toMatchObject({ code: 'ENGINE_ENDPOINT_INVALID' });
    await expect(choices.chooseDockerConfig()).rejects.toMatchObject({ code: 'NOT_AVAILABLE', message: expect.stringMatching(/in preview.*DOCKER_CONFIG=/) });
    await expect(choices.chooseEngine('automatic')).resolves.toMatchObject({ changed: false });
    // Nothing stored changed: still the defaults of a fresh settings file.
    expect(settings.get('preferences')).toEqual(openSettings().get('preferences'));
  });
});

describe('the Docker config file', () => {
  const folder = () => mkdtempSync(path.join(tmpdir(), 'stevedore-choose-config-'));

  it('is chosen in main\'s file dialog, checked, saved; "Use default" clears it', async () => {
    const file = path.join(folder(), 'config.json');
    writeFileSync(file, JSON.stringify({ auths: {} }));
    const { choices, chooseDockerConfigFile, settings } = setup({ chooseFile: async () => file });
    await expect(choices.chooseDockerConfig()).resolves.toMatchObject({ changed: true, settings: { dockerConfigPath: file } });
    expect(chooseDockerConfigFile).toHaveBeenCalledWith({ defaultPath: path.join(homedir(), '.docker', 'config.json') });
    expect(settings.get('preferences').dockerConfigPath).toBe(file);
    await expect(choices.useDefaultDockerConfig()).resolves.toMatchObject({ changed: true });
    expect(settings.get('preferences').dockerConfigPath).toBeUndefined();
  });

  it('changes nothing when the dialog is cancelled', async () => {
    const { choices, settings } = setup({ chooseFile: async () => undefined });
    await expect(choices.chooseDockerConfig()).resolves.toMatchObject({ changed: false });
    expect(settings.get('preferences').dockerConfigPath).toBeUndefined();
  });

  it.runIf(process.platform !== 'win32')('refuses a device, a folder or a broken file from the dialog, and keeps the old value', async () => {
    const good = path.join(folder(), 'config.json');
    writeFileSync(good, '{}');
    const broken = path.join(folder(), 'config.json');
    writeFileSync(broken, '{"auths": ');
    const answers = [good, '/dev/zero', folder(), broken];
    const { choices, settings } = setup({ chooseFile: async () => answers.shift() });
    await choices.chooseDockerConfig();
    await expect(choices.chooseDockerConfig()).rejects.toMatchObject({ message: expect.stringMatching(/\/dev\/zero is not a regular file/) });
    await expect(choices.chooseDockerConfig()).rejects.toMatchObject({ message: expect.stringMatching(/is not a regular file \(it is a folder\)/) });
    await expect(choices.chooseDockerConfig()).rejects.toMatchObject({ code: 'DOCKER_CONFIG_INVALID' });
    expect(settings.get('preferences').dockerConfigPath).toBe(good);
  });
});
