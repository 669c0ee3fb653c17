/**
 * "Add an engine" (SSH or TCP+TLS): the window only proposes a name and an address. Main checks both, asks for
 * the TLS material with its own folder dialog (never a path from the window), has the user confirm in its own
 * dialog, writes the engine as a docker context (contexts.ts, the CLI's layout, so `docker context ls` shows it)
 * and only then switches to it. Nothing is written unless the user confirmed.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SettingsChange } from '../../../preload/api';
import { StevedoreError } from '../errors';
import type { ConfirmEngine, EngineConfirmation } from '../settings/choices';
import { checkNewContext, writeDockerContext } from './contexts';

/** Main's folder dialog for a TLS folder holding ca.pem, cert.pem and key.pem; undefined when cancelled. */
export type ChooseTlsFolder = (options: { title: string; message: string }) => Promise<string | undefined>;

export interface AddEngineOptions {
  configDir: () => string;
  confirmEngine?: ConfirmEngine;
  chooseTlsFolder?: ChooseTlsFolder;
  /** Saves the (already confirmed) address as the engine and reconnects. */
  useEngine: (url: string) => Promise<SettingsChange>;
  unchanged: () => SettingsChange;
  /** Why adding is not possible here (no native dialogs, e.g. preview). */
  unavailable: () => string;
}

type TlsFile = 'ca' | 'cert' | 'key';
const MAX_PEM_BYTES = 64 * 1024;

export async function addEngine(options: AddEngineOptions, proposal: { name: string; address: string }): Promise<SettingsChange> {
  const configDir = options.configDir();
  // Checked first, so a mistake is explained even where no dialog can follow.
  const { name, host } = checkNewContext(configDir, { name: proposal.name, host: proposal.address });
  const confirm = options.confirmEngine;
  if (!confirm) throw new StevedoreError('NOT_AVAILABLE', options.unavailable());

  let tls: { ca: string; cert: string; key: string } | undefined;
  if (host.startsWith('tcp://')) {
    if (!options.chooseTlsFolder) throw new StevedoreError('NOT_AVAILABLE', options.unavailable());
    const folder = await options.chooseTlsFolder({
      title: `TLS certificates for ${host}`,
      message: 'Choose the folder with ca.pem, cert.pem and key.pem (as DOCKER_CERT_PATH holds them).',
    });
    if (folder === undefined) return options.unchanged();
    tls = readTlsFolder(folder);
  }
  if (!(await confirm(addConfirmation(name, host, tls !== undefined)))) return options.unchanged();
  writeDockerContext(configDir, { name, host, description: 'Added in Stevedore', tls });
  return options.useEngine(host);
}

/** Reads the three PEM files, refusing anything that is not a small regular PEM file, with which file and why. */
function readTlsFolder(folder: string): { ca: string; cert: string; key: string } {
  const read = (file: TlsFile): string => {
    const full = path.join(folder, `${file}.pem`);
    let size: number;
    try {
      const stat = statSync(full);
      if (!stat.isFile()) throw new Error('not a regular file');
      size = stat.size;
    } catch (error) {
      throw new StevedoreError('ENGINE_TLS_INVALID', `${full} cannot be used (${(error as Error).message}). The folder must hold ca.pem, cert.pem and key.pem, e.g. the one DOCKER_CERT_PATH names.`);
    }
    if (size > MAX_PEM_BYTES) throw new StevedoreError('ENGINE_TLS_INVALID', `${full} is ${size} bytes: too large for a PEM certificate or key. Choose the folder with the engine's client certificates.`);
    const text = readFileSync(full, 'utf8');
    if (!/-----BEGIN [A-Z ]+-----/.test(text)) throw new StevedoreError('ENGINE_TLS_INVALID', `${full} is not a PEM file (no "-----BEGIN" line). Choose the folder with the engine's client certificates.`);
    return text;
  };
  return { ca: read('ca'), cert: read('cert'), key: read('key') };
}

function addConfirmation(name: string, host: string, tls: boolean): EngineConfirmation {
  return {
    title: 'Add a container engine',
    message: `Add ${host} as "${name}" and connect Stevedore to it?`,
    detail: [
      `Stevedore will write it as the docker context "${name}", so the docker CLI can use it too (docker --context ${name}).`,
      tls ? 'The TLS certificates you chose are copied into that context, readable only by you.' : 'SSH connections use your SSH agent and check the host key.',
      'Stevedore will pull images and run your compose stacks on this engine, and send it your stored registry passwords when you pull or test a registry.',
      'Continue only if you chose this engine yourself.',
    ].join('\n\n'),
    confirmLabel: 'Add and connect',
    cancelLabel: 'Cancel',
  };
}
