export { DockerConfigError, type DockerConfigErrorCode } from './errors';
export { dockerConfigFilePath, type DockerConfigLocationOptions } from './location';
export { readDockerConfigFile, parseDockerConfigText, type DockerConfigFile, type DockerAuthsEntry } from './file';
export { configKeysForHost, credentialFromAuthsEntry, decodeAuthField, type DecodedAuth } from './auths';
export { toDockerAuthConfig, type DockerCredential } from './credential';
export {
  DEFAULT_HELPER_TIMEOUT_MS,
  credentialHelperProgram,
  getFromCredentialHelper,
  listCredentialHelper,
  type CredentialHelperOptions,
  type CredentialHelperSetting,
} from './helper';
export {
  lookupDockerConfigCredential,
  type DockerConfigCredentialOrigin,
  type DockerConfigLookup,
  type DockerConfigOptions,
} from './lookup';
export { DockerConfigLookups } from './lookup-cache';
export {
  listDockerConfigRegistries,
  readDockerConfigCredential,
  type DockerConfigRegistry,
  type DockerConfigRegistryList,
  type DockerConfigSetting,
  type ImportableCredential,
} from './import';
export { ProcessRunError, runProcess, type ProcessRequest, type ProcessResult, type ProcessRunner, type ProcessRunErrorCode } from '../process/run';
export { redactSecrets } from './redact';
