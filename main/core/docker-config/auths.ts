import { hostOfServerKey, serverAddressFor } from '../credentials/address';
import type { DockerCredential } from './credential';
import { DockerConfigError } from './errors';
import type { DockerAuthsEntry } from './file';

/**
 * The config keys that belong to `host`, best first: the exact key the docker CLI files it under
 * (`https://index.docker.io/v1/` for Docker Hub, the host otherwise), then every key whose host — scheme and
 * path stripped — is the same (`docker.io`, `http://host:5000`, `host:5000/v2/`), in file order.
 */
export function configKeysForHost(keys: Iterable<string>, host: string): string[] {
  const exactKey = serverAddressFor(host);
  const all = [...keys];
  const sameHost = all.filter((key) => key !== exactKey && hostOfServerKey(key) === host);
  return all.includes(exactKey) ? [exactKey, ...sameHost] : sameHost;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

export interface DecodedAuth {
  username: string;
  password: string;
}

/** Decodes an `auth` value: base64 of `username:password`, split at the first ':' (passwords may contain ':'). */
export function decodeAuthField(auth: string, where: { file: string; key: string }): DecodedAuth | undefined {
  const trimmed = auth.trim();
  if (trimmed === '') return undefined;
  const problem = (detail: string): DockerConfigError =>
    new DockerConfigError(
      'DOCKER_CONFIG_INVALID',
      `The 'auth' value of auths["${where.key}"] in ${where.file} ${detail}; run docker login ${where.key} again, or remove that entry.`,
    );
  if (!BASE64.test(trimmed)) throw problem('is not base64');
  const decoded = Buffer.from(trimmed, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) throw problem("does not decode to 'username:password'");
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The credential an `auths` entry holds, or undefined when it holds none (e.g. `{}` next to a credsStore). */
export function credentialFromAuthsEntry(
  entry: DockerAuthsEntry,
  where: { file: string; key: string },
): DockerCredential | undefined {
  const decoded = entry.auth === undefined ? undefined : decodeAuthField(entry.auth, where);
  const username = decoded?.username ?? entry.username ?? '';
  const password = decoded?.password ?? entry.password ?? '';
  const identityToken = entry.identitytoken ?? '';
  if (identityToken !== '') {
    return username === '' ? { kind: 'identity-token', identityToken } : { kind: 'identity-token', identityToken, username };
  }
  if (username !== '' && password !== '') return { kind: 'password', username, password };
  return undefined;
}
