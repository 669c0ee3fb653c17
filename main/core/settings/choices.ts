/**
 * The two settings the renderer may not write: which engine main connects to, and which Docker config file main
 * reads. The window can only pick among the engines main discovered (by id), propose an address that main checks
 * and then has the user confirm in a native dialog, or ask main to show its own file dialog. Nothing changes
 * unless the user confirms in main's dialog; going back to the automatic engine or the default Docker config
 * needs no confirmation, since it points nowhere the user has not already set up.
 *
 * The dialogs are host functions (like `chooseComposeSource`), so this stays free of Electron and tests can
 * answer them. Where a host has none (`npm run preview`), only the automatic engine and the default Docker
 * config can be chosen, and the messages say how to start preview with another one.
 */
import type { EngineChoices, Settings, SettingsChange } from '../../../preload/api';
import { dockerConfigFilePath, readDockerConfigFile } from '../docker-config';
import { StevedoreError } from '../errors';
import { AUTOMATIC_ENGINE, CUSTOM_ENGINE, discoverEngineChoices, selectedEngineChoice } from '../engine/choices';
import { credentialsRefusal } from '../engine/credentials-guard';
import { findEngineEndpoint, realEndpointEnvironment, type EndpointEnvironment } from '../engine/endpoint';
import type { Preferences } from './document';
import type { SettingsStore } from './store';

/** What main's native confirmation shows; the host only displays it and answers whether the user confirmed. */
export interface EngineConfirmation {
  title: string;
  message: string;
  detail: string;
  confirmLabel: string;
  cancelLabel: string;
}

export type ConfirmEngine = (question: EngineConfirmation) => Promise<boolean>;
/** Main's open-file dialog for a Docker config file; undefined when the user cancelled. */
export type ChooseDockerConfigFile = (options: { defaultPath?: string }) => Promise<string | undefined>;

export interface SettingsChoicesOptions {
  settings: SettingsStore;
  /** Connects again after the engine setting changed. */
  reconnect: () => void;
  toSettings: (preferences: Preferences) => Settings;
  confirmEngine?: ConfirmEngine;
  chooseDockerConfigFile?: ChooseDockerConfigFile;
  /** 'preview' has no native dialogs; messages then say how to start preview instead. */
  runtime: () => 'electron' | 'preview';
  environment?: () => EndpointEnvironment;
  /** For the default Docker config location (`DOCKER_CONFIG`). */
  env?: NodeJS.ProcessEnv;
}

export class SettingsChoices {
  /** One of main's dialogs at a time: a window cannot stack confirmations on top of each other. */
  private dialogOpen = false;

  constructor(private readonly options: SettingsChoicesOptions) {}

  engineChoices(): EngineChoices {
    const choices = discoverEngineChoices(this.environment());
    const setting = this.preferences().engineEndpoint;
    const selected = selectedEngineChoice(setting, choices);
    const result: EngineChoices = { selected, choices };
    if (selected === CUSTOM_ENGINE && setting) result.custom = setting;
    if (!this.options.confirmEngine) result.unavailable = this.engineUnavailable();
    return result;
  }

  /** Picks one of `engineChoices()` by id; anything but "Automatic" is confirmed by the user in main's dialog first. */
  async chooseEngine(id: string): Promise<SettingsChange> {
    if (id === AUTOMATIC_ENGINE) return this.saveEngine(undefined);
    const choice = discoverEngineChoices(this.environment()).find((candidate) => candidate.id === id);
    if (!choice || choice.url === '') {
      throw new StevedoreError('ENGINE_CHOICE_UNKNOWN', `There is no engine choice "${id.slice(0, 100)}" any more: the environment may have changed. Reload Settings and choose again.`);
    }
    return this.confirmAndSave(choice.url);
  }

  /** "Other address…": `proposal` is only a proposal — main checks it, then the user confirms it in main's dialog. */
  async chooseCustomEngine(proposal: string): Promise<SettingsChange> {
    // Checked first, so a mistake is explained even where no dialog can follow (ENGINE_ENDPOINT_INVALID).
    const endpoint = findEngineEndpoint(proposal, this.environment());
    return this.confirmAndSave(endpoint.url);
  }

  /** Shows main's open-file dialog; the file must be a regular file holding a readable Docker config. */
  async chooseDockerConfig(): Promise<SettingsChange> {
    const choose = this.options.chooseDockerConfigFile;
    if (!choose) {
      throw new StevedoreError(
        'NOT_AVAILABLE',
        `Choosing a Docker config file is not available ${this.where()}: there is no native file dialog. ${this.options.runtime() === 'preview' ? 'Start preview with DOCKER_CONFIG set to the folder that holds the config.json you want, e.g. DOCKER_CONFIG=$HOME/.docker-work npm run preview.' : 'Set DOCKER_CONFIG before starting Stevedore.'}`,
      );
    }
    const current = dockerConfigFilePath({ configPath: this.preferences().dockerConfigPath, env: this.options.env });
    const file = await this.oneDialog(() => choose({ defaultPath: current }));
    if (file === undefined) return this.unchanged();
    // Checked again here, whatever the dialog allowed: a regular file, of a config file's size, that parses.
    const config = await readDockerConfigFile(file);
    if (!config.exists) {
      throw new StevedoreError('DOCKER_CONFIG_UNREADABLE', `${file} does not exist any more. Choose the file again, or use the default.`);
    }
    return this.save((current) => ({ ...current, dockerConfigPath: file }));
  }

  useDefaultDockerConfig(): Promise<SettingsChange> {
    return this.save((current) => ({ ...current, dockerConfigPath: undefined }));
  }

  /** For main's own "Add an engine" (engine/add.ts), after the user confirmed there; never a handler of its own. */
  useConfirmedEngine(url: string): Promise<SettingsChange> {
    return this.saveEngine(url);
  }

  /** Why engines cannot be added or switched here (no native dialogs). */
  unavailableReason(): string {
    return this.engineUnavailable();
  }

  /** Runs one of main's dialogs, never two at once. */
  dialog<T>(show: () => Promise<T>): Promise<T> {
    return this.oneDialog(show);
  }

  unchangedSettings(): SettingsChange {
    return this.unchanged();
  }

  private async confirmAndSave(url: string): Promise<SettingsChange> {
    if (url === this.preferences().engineEndpoint) return this.unchanged();
    const confirm = this.options.confirmEngine;
    if (!confirm) throw new StevedoreError('NOT_AVAILABLE', this.engineUnavailable());
    const endpoint = findEngineEndpoint(url, this.environment());
    const confirmed = await this.oneDialog(() => confirm(engineConfirmation(endpoint.url, endpoint.tls)));
    return confirmed ? this.saveEngine(endpoint.url) : this.unchanged();
  }

  private async saveEngine(url: string | undefined): Promise<SettingsChange> {
    const before = this.preferences().engineEndpoint;
    const change = await this.save((current) => ({ ...current, engineEndpoint: url }));
    if (before !== url) this.options.reconnect();
    return change;
  }

  private async save(change: (current: Preferences) => Preferences): Promise<SettingsChange> {
    const before = this.preferences();
    const next = await this.options.settings.update('preferences', (current) => {
      const value = change(current);
      return { value, result: value };
    });
    const changed = next.engineEndpoint !== before.engineEndpoint || next.dockerConfigPath !== before.dockerConfigPath;
    return { changed, settings: this.options.toSettings(next) };
  }

  private unchanged(): SettingsChange {
    return { changed: false, settings: this.options.toSettings(this.preferences()) };
  }

  private async oneDialog<T>(show: () => Promise<T>): Promise<T> {
    if (this.dialogOpen) {
      throw new StevedoreError('DIALOG_OPEN', 'Stevedore is already showing a dialog. Answer it first, then try again.');
    }
    this.dialogOpen = true;
    try {
      return await show();
    } finally {
      this.dialogOpen = false;
    }
  }

  private engineUnavailable(): string {
    return `Choosing an engine other than Automatic is not available ${this.where()}: it must be confirmed in a native dialog, and there is none. ${
      this.options.runtime() === 'preview'
        ? 'Start preview with DOCKER_HOST set to the engine you want, e.g. DOCKER_HOST=unix:///run/user/1000/podman/podman.sock npm run preview.'
        : 'Set DOCKER_HOST before starting Stevedore.'
    }`;
  }

  private where(): string {
    return this.options.runtime() === 'preview' ? 'in preview' : 'here';
  }

  private preferences(): Preferences {
    return this.options.settings.get('preferences');
  }

  private environment(): EndpointEnvironment {
    return this.options.environment?.() ?? realEndpointEnvironment();
  }
}

/** The confirmation names the exact address and says what the engine will receive. */
function engineConfirmation(url: string, tls: boolean): EngineConfirmation {
  const plainRemote = credentialsRefusal({ url, tls }) !== undefined;
  const detail = [
    'Stevedore will pull images and run your compose stacks on this engine, and send it your stored registry passwords when you pull or test a registry.',
    plainRemote
      ? 'This engine is reached over plain TCP without TLS, so Stevedore will not send it any registry credentials: only anonymous pulls will work.'
      : undefined,
    'Continue only if you chose this engine yourself.',
  ].filter((line): line is string => line !== undefined);
  return { title: 'Change the container engine', message: `Connect Stevedore to ${url}?`, detail: detail.join('\n\n'), confirmLabel: 'Connect', cancelLabel: 'Cancel' };
}
