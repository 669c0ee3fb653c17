import { hostOfServerKey, serverAddressFor } from '../credentials/address';
import { StevedoreError } from '../errors';
import { decodeAuthField } from './auths';
import { readDockerConfigFile } from './file';
import { listCredentialHelper } from './helper';
import { dockerConfigFilePath } from './location';
import { lookupDockerConfigCredential, type DockerConfigCredentialOrigin, type DockerConfigOptions } from './lookup';

/** "Import from Docker": what the user's Docker config knows about, without secrets, and fetching one for import. */

export type DockerConfigSetting = 'auths' | 'credHelpers' | 'credsStore';

export interface DockerConfigRegistry {
  /** Canonical host, ready to be a stored registry's address. */
  host: string;
  /** The keys in the config (or helper) that name this host. */
  keys: string[];
  /** Every place the host appears. */
  settings: DockerConfigSetting[];
  /** The helper that would be asked for this host, if any. */
  helper?: string;
  /** Not a secret; known when the config or the helper's `list` says it. */
  username?: string;
}

export interface DockerConfigRegistryList {
  configFile: string;
  configExists: boolean;
  registries: DockerConfigRegistry[];
  /** Things that could not be read (e.g. the credsStore helper failing), each safe to show. */
  problems: string[];
}

export async function listDockerConfigRegistries(options: DockerConfigOptions = {}): Promise<DockerConfigRegistryList> {
  const configFile = dockerConfigFilePath(options);
  const config = await readDockerConfigFile(configFile);
  const byHost = new Map<string, DockerConfigRegistry>();
  const problems: string[] = [];

  const note = (key: string, setting: DockerConfigSetting, details: { helper?: string; username?: string } = {}): void => {
    const host = hostOfServerKey(key);
    if (host === undefined) {
      problems.push(`${setting} key '${key}' does not name a registry host; skipped`);
      return;
    }
    const registry = byHost.get(host) ?? { host, keys: [], settings: [] };
    byHost.set(host, registry);
    if (!registry.keys.includes(key)) registry.keys.push(key);
    if (!registry.settings.includes(setting)) registry.settings.push(setting);
    // The exact key's details win over a look-alike key's (e.g. Docker Desktop's ".../access-token").
    const isExactKey = key === serverAddressFor(host);
    if (details.helper !== undefined && (registry.helper === undefined || setting === 'credHelpers')) registry.helper = details.helper;
    if (details.username && (registry.username === undefined || isExactKey)) registry.username = details.username;
  };

  for (const [key, entry] of config.auths) {
    let username = entry.username;
    if (entry.auth !== undefined) {
      try {
        username = decodeAuthField(entry.auth, { file: configFile, key })?.username ?? username;
      } catch (error) {
        if (!(error instanceof StevedoreError)) throw error;
        problems.push(error.message);
      }
    }
    note(key, 'auths', username === undefined ? {} : { username });
  }
  for (const [key, helper] of config.credHelpers) note(key, 'credHelpers', { helper });
  if (config.credsStore !== undefined) {
    const helper = config.credsStore;
    try {
      const listed = await listCredentialHelper(helper, {
        configFile,
        setting: 'credsStore',
        ...(options.runHelper === undefined ? {} : { runHelper: options.runHelper }),
        ...(options.env === undefined ? {} : { env: options.env }),
        ...(options.helperTimeoutMs === undefined ? {} : { timeoutMs: options.helperTimeoutMs }),
      });
      for (const [key, username] of listed) note(key, 'credsStore', { helper, username });
    } catch (error) {
      if (!(error instanceof StevedoreError)) throw error;
      problems.push(error.message);
    }
    // Hosts listed in auths are read through the credsStore too, unless credHelpers names another helper.
    for (const registry of byHost.values()) registry.helper ??= helper;
  }

  const registries = [...byHost.values()].sort((a, b) => a.host.localeCompare(b.host));
  return { configFile, configExists: config.exists, registries, problems };
}

/** A credential to copy into the encrypted store. Holds the secret: main process only. */
export interface ImportableCredential {
  host: string;
  serverAddress: string;
  username?: string;
  secret: string;
  secretKind: 'password' | 'identity-token';
  origin: DockerConfigCredentialOrigin;
}

/**
 * Reads one registry's credential for import, through the same lookup a pull uses (helpers included).
 * `key` is a host or any config key form. Undefined when the Docker config holds nothing for it.
 */
export async function readDockerConfigCredential(key: string, options: DockerConfigOptions = {}): Promise<ImportableCredential | undefined> {
  const host = hostOfServerKey(key);
  if (host === undefined) {
    throw new StevedoreError('ADDRESS_INVALID', `'${key.slice(0, 100)}' does not name a registry host; choose a registry from the list.`);
  }
  const lookup = await lookupDockerConfigCredential(host, options);
  if (lookup.found === undefined) return undefined;
  const { credential, origin } = lookup.found;
  const base = { host, serverAddress: serverAddressFor(host), origin };
  if (credential.kind === 'password') {
    return { ...base, username: credential.username, secret: credential.password, secretKind: 'password' };
  }
  return {
    ...base,
    ...(credential.username === undefined ? {} : { username: credential.username }),
    secret: credential.identityToken,
    secretKind: 'identity-token',
  };
}
