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

/** A warning box whose Cancel is the default button: true only when the user picked the confirming button. */
async function askToConfirm(
  window: BrowserWindow | undefined,
  question: { title: string; message: string; detail: string; confirmLabel: string; cancelLabel: string },
): Promise<boolean> {
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
  const result = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
  return result.response === CONFIRM;
}

/** The native open dialog over the window when there is one; the chosen path, or undefined when cancelled. */
async function pickPath(window: BrowserWindow | undefined, options: OpenDialogOptions): Promise<string | undefined> {
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return result.canceled ? undefined : result.filePaths[0];
}

export function createSettingsDialogs(parentWindow: () => BrowserWindow | undefined): SettingsDialogs {
  return {
    confirmEngine: (question) => askToConfirm(parentWindow(), question),
    chooseDockerConfigFile: ({ defaultPath }) =>
      pickPath(parentWindow(), {
        title: 'Choose the Docker config file',
        buttonLabel: 'Use this file',
        defaultPath,
        // Only files: the core checks again that it is a regular file of a config file's size.
        properties: ['openFile', 'showHiddenFiles', 'dontAddToRecent'],
        filters: [
          { name: 'Docker config (config.json)', extensions: ['json'] },
          { name: 'All files', extensions: ['*'] },
        ],
      }),
    confirmHostKey: ({ host, port, keyType, fingerprint }) =>
      askToConfirm(parentWindow(), {
        title: 'Unknown SSH host',
        message: `The authenticity of ${port === 22 ? host : `[${host}]:${port}`} can't be established.`,
        detail: `Its ${keyType} key fingerprint is\n${fingerprint}\n\nCompare it with the one the host's administrator gives you (ssh-keygen -lf on the host). If you accept, Stevedore adds it to ~/.ssh/known_hosts, which the docker CLI uses too.`,
        confirmLabel: 'Accept and connect',
        cancelLabel: 'Cancel',
      }),
    chooseTlsFolder: ({ title, message }) =>
      pickPath(parentWindow(), {
        title,
        message,
        buttonLabel: 'Use these certificates',
        properties: ['openDirectory', 'showHiddenFiles', 'dontAddToRecent'],
      }),
  };
}
