/**
 * A private, temporary Docker config for one docker CLI run: a folder only the user can open (0700) holding a
 * `config.json` only the user can read (0600) with the `auths` of the run, removed afterwards on every path —
 * success, failure, a thrown error. Nothing else is in it, so the user's own config, helpers and contexts play no
 * part in what the CLI sends.
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ConfigAuths } from './registry-auths';

/** Folder-name prefix, so a leak scan (and a person) can tell these folders apart. */
export const PRIVATE_CONFIG_PREFIX = 'stevedore-swarm-config-';

export interface PrivateConfigOptions {
  /** Where the folder is made; the system temp folder by default. */
  parent?: string;
}

export async function withPrivateDockerConfig<T>(auths: ConfigAuths, use: (configDir: string) => Promise<T>, options: PrivateConfigOptions = {}): Promise<T> {
  // mkdtemp creates the folder with mode 0700.
  const dir = await mkdtemp(path.join(options.parent ?? os.tmpdir(), PRIVATE_CONFIG_PREFIX));
  try {
    // Created with 0600 from the start ('wx': never through an existing file or link).
    const file = await open(path.join(dir, 'config.json'), 'wx', 0o600);
    try {
      await file.writeFile(JSON.stringify({ auths }), 'utf8');
    } finally {
      await file.close();
    }
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
