/**
 * Main's own dialogs for the two settings the renderer may not write (main/core/settings/choices.ts): the
 * native confirmation before connecting to another engine, and the native file picker for the Docker config.
 * The core composes what the confirmation says; this only shows it. Cancel is the default button, so Enter or
 * Escape never connects to an engine the user did not mean.
 */
import { dialog, type BrowserWindow, type MessageBoxOptions, type OpenDialogOptions } from 'electron';
import type { ChooseTlsFolder } from './core/engine/add';
import type { ConfirmHostKey } from './core/engine/known-hosts';
import type { ChooseDockerConfigFile, ConfirmEngine } from './core/settings/choices';

export interface SettingsDialogs {
  confirmEngine: ConfirmEngine;
  chooseDockerConfigFile: ChooseDockerConfigFile;
  /** "Add an engine" over TCP: the folder with ca.pem, cert.pem and key.pem (the core reads and checks them). */
  chooseTlsFolder: ChooseTlsFolder;
  /** An ssh:// engine's unknown host key, with its fingerprint; Cancel is the default. */
  confirmHostKey: ConfirmHostKey;
}

const CONFIRM = 0;
const CANCEL = 1;

export function createSettingsDialogs(parentWindow: () => BrowserWindow | undefined): SettingsDialogs {
  return {
    async confirmEngine(question) {
      const options: MessageBoxOptions = {
        type: 'warning',
        title: question.title,
        message: question.message,
        detail: question.detail,
        buttons: [question.confirmLabel, question.cancelLabel],
        defaultId: CANCEL,
        cancelId: CANCEL,
        noLink: true,
      };
      const window = parentWindow();
      const result = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
      return result.response === CONFIRM;
    },
    async chooseDockerConfigFile({ defaultPath }) {
      const options: OpenDialogOptions = {
        title: 'Choose the Docker config file',
        buttonLabel: 'Use this file',
        defaultPath,
        // Only files: the core checks again that it is a regular file of a config file's size.
        properties: ['openFile', 'showHiddenFiles', 'dontAddToRecent'],
        filters: [
          { name: 'Docker config (config.json)', extensions: ['json'] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const window = parentWindow();
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
    async confirmHostKey({ host, port, keyType, fingerprint }) {
      const name = port === 22 ? host : `[${host}]:${port}`;
      const options: MessageBoxOptions = {
        type: 'warning',
        title: 'Unknown SSH host',
        message: `The authenticity of ${name} can't be established.`,
        detail: `Its ${keyType} key fingerprint is\n${fingerprint}\n\nCompare it with the one the host's administrator gives you (ssh-keygen -lf on the host). If you accept, Stevedore adds it to ~/.ssh/known_hosts, which the docker CLI uses too.`,
        buttons: ['Accept and connect', 'Cancel'],
        defaultId: CANCEL,
        cancelId: CANCEL,
        noLink: true,
      };
      const window = parentWindow();
      const result = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
      return result.response === CONFIRM;
    },
    async chooseTlsFolder({ title, message }) {
      const options: OpenDialogOptions = {
        title,
        message,
        buttonLabel: 'Use these certificates',
        properties: ['openDirectory', 'showHiddenFiles', 'dontAddToRecent'],
      };
      const window = parentWindow();
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
  };
}
