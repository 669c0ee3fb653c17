import { serverAddressFor } from '../credentials/address';
import { configKeysForHost, credentialFromAuthsEntry } from './auths';
import type { DockerCredential } from './credential';
import { readDockerConfigFile } from './file';
import { getFromCredentialHelper, type CredentialHelperSetting } from './helper';
import { dockerConfigFilePath, type DockerConfigLocationOptions } from './location';
import type { ProcessRunner } from '../process/run';

export interface DockerConfigOptions extends DockerConfigLocationOptions {
  /** Runs credential helpers; defaults to the real `spawn`-based runner. */
  runHelper?: ProcessRunner;
  helperTimeoutMs?: number;
}

/** Where a credential came from — safe to show. */
export type DockerConfigCredentialOrigin =
  | { source: 'credential-helper'; setting: CredentialHelperSetting; helper: string; key: string }
  | { source: 'docker-config'; setting: 'auths'; key: string };

export interface DockerConfigLookup {
  configFile: string;
  configExists: boolean;
  /** Holds a secret in `credential`; keep it away from logs and the renderer. */
  found?: { credential: DockerCredential; origin: DockerConfigCredentialOrigin };
  /** What was tried and came up empty, in words (no secrets), for the explanation. */
  checked: string[];
}

/**
 * The user's Docker configuration for one registry host: `credHelpers[key]`, then `credsStore`, then `auths`,
 * first credential wins. A helper without credentials for the host falls through to the next place.
 */
export async function lookupDockerConfigCredential(host: string, options: DockerConfigOptions = {}): Promise<DockerConfigLookup> {
  const configFile = dockerConfigFilePath(options);
  const config = await readDockerConfigFile(configFile);
  const lookup: DockerConfigLookup = { configFile, configExists: config.exists, checked: [] };
  if (!config.exists) {
    lookup.checked.push(`${configFile} does not exist`);
    return lookup;
  }
  const serverAddress = serverAddressFor(host);
  const helperOptions = (setting: CredentialHelperSetting) => ({
    configFile,
    setting,
    ...(options.runHelper === undefined ? {} : { runHelper: options.runHelper }),
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.helperTimeoutMs === undefined ? {} : { timeoutMs: options.helperTimeoutMs }),
  });

  const [helperKey] = configKeysForHost(config.credHelpers.keys(), host);
  const hostHelper = helperKey === undefined ? undefined : config.credHelpers.get(helperKey);
  if (helperKey !== undefined && hostHelper !== undefined) {
    const credential = await getFromCredentialHelper(hostHelper, serverAddress, helperOptions('credHelpers'));
    if (credential !== undefined) {
      lookup.found = { credential, origin: { source: 'credential-helper', setting: 'credHelpers', helper: hostHelper, key: helperKey } };
      return lookup;
    }
    lookup.checked.push(`credHelpers["${helperKey}"]: docker-credential-${hostHelper} has no credentials for ${serverAddress}`);
  }

  if (config.credsStore !== undefined) {
    const credential = await getFromCredentialHelper(config.credsStore, serverAddress, helperOptions('credsStore'));
    if (credential !== undefined) {
      lookup.found = {
        credential,
        origin: { source: 'credential-helper', setting: 'credsStore', helper: config.credsStore, key: serverAddress },
      };
      return lookup;
    }
    lookup.checked.push(`credsStore: docker-credential-${config.credsStore} has no credentials for ${serverAddress}`);
  }

  const authsKeys = configKeysForHost(config.auths.keys(), host);
  for (const key of authsKeys) {
    const entry = config.auths.get(key);
    const credential = entry === undefined ? undefined : credentialFromAuthsEntry(entry, { file: configFile, key });
    if (credential !== undefined) {
      lookup.found = { credential, origin: { source: 'docker-config', setting: 'auths', key } };
      return lookup;
    }
    lookup.checked.push(`auths["${key}"] holds no credentials`);
  }
  if (authsKeys.length === 0) lookup.checked.push(`no auths entry for ${host}`);
  return lookup;
}
