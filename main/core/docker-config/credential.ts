import type { DockerAuthConfig } from '../credentials/registry-types';

/** A credential found in the Docker config or a helper. Holds a secret: never log it or put it in a message. */
export type DockerCredential =
  | { kind: 'password'; username: string; password: string }
  | { kind: 'identity-token'; identityToken: string; username?: string };

export function toDockerAuthConfig(credential: DockerCredential, serverAddress: string): DockerAuthConfig {
  if (credential.kind === 'password') {
    return { username: credential.username, password: credential.password, serveraddress: serverAddress };
  }
  const auth: DockerAuthConfig = { identitytoken: credential.identityToken, serveraddress: serverAddress };
  if (credential.username !== undefined) auth.username = credential.username;
  return auth;
}
