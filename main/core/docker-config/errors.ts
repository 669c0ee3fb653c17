import { StevedoreError } from '../errors';

export type DockerConfigErrorCode =
  | 'DOCKER_CONFIG_INVALID'
  | 'DOCKER_CONFIG_UNREADABLE'
  | 'CREDENTIAL_HELPER_INVALID'
  | 'CREDENTIAL_HELPER_NOT_FOUND'
  | 'CREDENTIAL_HELPER_TIMEOUT'
  | 'CREDENTIAL_HELPER_FAILED';

/** Problems with the user's Docker config file or its credential helpers; messages name the file and setting. */
export class DockerConfigError extends StevedoreError {
  declare readonly code: DockerConfigErrorCode;
  constructor(code: DockerConfigErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
