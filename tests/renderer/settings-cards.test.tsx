import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AddEngineForm } from '../../renderer/engines/AddEngineForm';
import { DockerConfigCard } from '../../renderer/settings/DockerConfigCard';
import { ToolsCard } from '../../renderer/settings/ToolsCard';
import type { Settings } from '../../preload/api';
import { startWorld, type RendererWorld } from './harness';

const user = () => userEvent.setup({ delay: null });
// Main answers in later tasks; a busy machine gets there later still.
const answered = { timeout: 10_000 };
const folder = (): string => mkdtempSync(path.join(tmpdir(), 'stevedore-settings-cards-'));

async function settingsNow(world: RendererWorld): Promise<Settings> {
  const answer = await world.bridge.invoke('settings.get', undefined);
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('Add an engine', () => {
  it('offers Add only with a name and an address; main’s refusal is shown on the address and goes when it is edited', async () => {
    startWorld();
    render(<AddEngineForm disabled={false} onAdded={() => undefined} />);
    const submit = screen.getByTestId('engine-add-submit') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    await user().type(screen.getByLabelText('Add an engine: name'), 'staging-box');
    expect(submit.disabled).toBe(true);
    await user().type(screen.getByLabelText('Address'), 'http://staging:2375');
    expect(submit.disabled).toBe(false);
    await user().click(submit);
    const address = screen.getByLabelText('Address');
    await waitFor(() => expect(address.getAttribute('aria-invalid')).toBe('true'), answered);
    expect(screen.getByTestId('engine-add').textContent).toContain('write ssh://user@host or tcp://host:2376');
    await user().type(address, 'x');
    expect(address.getAttribute('aria-invalid')).not.toBe('true');
    expect(screen.getByTestId('engine-add').textContent).not.toContain('write ssh://user@host');
  });

  it('declined in main’s dialog: nothing changed, the fields kept; confirmed: the context written, the fields emptied, onAdded', async () => {
    const dockerConfig = folder();
    vi.stubEnv('DOCKER_CONFIG', dockerConfig);
    let answer = false;
    const confirmEngine = vi.fn(async () => answer);
    startWorld({ host: { confirmEngine } });
    const onAdded = vi.fn();
    render(<AddEngineForm disabled={false} onAdded={onAdded} />);
    const name = screen.getByLabelText('Add an engine: name') as HTMLInputElement;
    await user().type(name, 'staging-box');
    await user().type(screen.getByLabelText('Address'), 'ssh://deploy@staging.invalid');
    await user().click(screen.getByTestId('engine-add-submit'));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Nothing changed.'), answered);
    expect(confirmEngine).toHaveBeenCalledTimes(1);
    expect(name.value).toBe('staging-box');
    expect(onAdded).not.toHaveBeenCalled();
    expect(existsSync(path.join(dockerConfig, 'contexts'))).toBe(false);

    answer = true;
    await user().click(screen.getByTestId('engine-add-submit'));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Added "staging-box" as a docker context. Connecting…'), answered);
    expect(onAdded).toHaveBeenCalledTimes(1);
    expect(name.value).toBe('');
    expect(readdirSync(path.join(dockerConfig, 'contexts', 'meta'))).toHaveLength(1);
  });

  it('is read-only while disabled', () => {
    startWorld();
    render(<AddEngineForm disabled onAdded={() => undefined} />);
    expect((screen.getByLabelText('Add an engine: name') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByLabelText('Address') as HTMLInputElement).disabled).toBe(true);
  });
});

describe('Settings → Docker credentials', () => {
  it('without a native file dialog says why and what to do; Use default is off while the default is in use', async () => {
    const world = startWorld();
    const settings = await settingsNow(world);
    render(<DockerConfigCard initial={settings} />);
    expect((screen.getByTestId('settings-docker-config-default') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('settings-docker-config-path').textContent).toContain('Default:');
    await user().click(screen.getByTestId('settings-docker-config-choose'));
    const problem = await screen.findByRole('alert', {}, answered);
    expect(problem.textContent).toMatch(/no native file dialog.*Set DOCKER_CONFIG before starting Stevedore/);
  });

  it('shows the file chosen in main’s dialog, then goes back to the default', async () => {
    const file = path.join(folder(), 'config.json');
    writeFileSync(file, '{"auths":{}}');
    const world = startWorld({ host: { chooseDockerConfigFile: async () => file } });
    render(<DockerConfigCard initial={await settingsNow(world)} />);
    await user().click(screen.getByTestId('settings-docker-config-choose'));
    await waitFor(() => expect(screen.getByTestId('settings-docker-config-path').textContent).toBe(file), answered);
    expect(screen.getByRole('status').textContent).toBe('Saved.');
    expect((await settingsNow(world)).dockerConfigPath).toBe(file);

    await user().click(screen.getByTestId('settings-docker-config-default'));
    await waitFor(() => expect(screen.getByTestId('settings-docker-config-path').textContent).toContain('Default:'), answered);
    expect((await settingsNow(world)).dockerConfigPath).toBeUndefined();
    expect((screen.getByTestId('settings-docker-config-default') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('Settings → Tools', () => {
  it('lists what is missing with why, and finds a credential helper installed after Check again', async () => {
    const bin = folder();
    const dockerConfig = folder();
    writeFileSync(path.join(dockerConfig, 'config.json'), JSON.stringify({ credHelpers: { 'ghcr.io': 'gh' } }));
    startWorld({ host: { env: { PATH: bin, DOCKER_CONFIG: dockerConfig } } });
    render(<ToolsCard />);
    const helperRow = await screen.findByTestId('settings-tools-helper-gh', {}, answered);
    expect(helperRow.textContent).toContain('not found');
    expect(helperRow.textContent).toContain('docker-credential-gh is not on PATH');
    expect(screen.getByTestId('settings-tools-docker').textContent).toContain('not found on PATH');
    expect(screen.getByTestId('settings-tools-config').textContent).toContain(path.join(dockerConfig, 'config.json'));
    expect(within(screen.getByTestId('settings-tools-path')).getAllByRole('listitem').map((item) => item.textContent)).toEqual([bin]);

    const helper = path.join(bin, 'docker-credential-gh');
    mkdirSync(bin, { recursive: true });
    writeFileSync(helper, '#!/bin/sh\nexit 0\n');
    chmodSync(helper, 0o755);
    await user().click(screen.getByRole('button', { name: 'Check again' }));
    await waitFor(() => expect(screen.getByTestId('settings-tools-helper-gh').textContent).toContain(helper), answered);
    expect(screen.getByTestId('settings-tools-helper-gh').textContent).toContain('for ghcr.io');
  });

  it('says the Docker config is unreadable, and why', async () => {
    const dockerConfig = folder();
    writeFileSync(path.join(dockerConfig, 'config.json'), '{ not json');
    startWorld({ host: { env: { PATH: folder(), DOCKER_CONFIG: dockerConfig } } });
    render(<ToolsCard />);
    await waitFor(() => expect(screen.getByTestId('settings-tools-config').textContent).toContain('unreadable'), answered);
  });
});
