/**
 * The `auths` a Swarm deploy is given: one credential per registry host, because that is all a Docker config can
 * hold (`docker stack deploy --with-registry-auth` looks each image's host up there and sends that auth with the
 * service). Each image's credential is resolved by Stevedore's own rules first; when two images on one host need
 * different credentials there is no config that serves both, so the deploy is refused rather than one guessed.
 */
import { StevedoreError } from '../errors';
import { serverAddressFor } from '../credentials/address';
import type { CredentialResolution } from '../credentials/resolve';
import type { DockerAuthConfig } from '../credentials/registry-types';

export type SwarmAuthErrorCode = 'SWARM_CONFLICTING_CREDENTIALS';

export class SwarmAuthError extends StevedoreError {
  declare readonly code: SwarmAuthErrorCode;
  constructor(
    message: string,
    /** The images involved and what each would use (explanations only: no secret). */
    readonly images: ReadonlyArray<{ image: string; credential: string }>,
  ) {
    super('SWARM_CONFLICTING_CREDENTIALS', message);
  }
}

/** One image of the stack with the resolver's answer for it. */
export interface ResolvedImage {
  service: string;
  image: string;
  host: string;
  resolution: CredentialResolution;
}

/** A Docker config `auths` entry: what the docker CLI reads (`auth` = base64 of `user:password`, or a token). */
interface ConfigAuthEntry {
  auth?: string;
  identitytoken?: string;
}

/** Holds secrets: never log it or put it in a message. */
export type ConfigAuths = Record<string, ConfigAuthEntry>;

/** Same account and secret: the same entry in a Docker config. */
function sameCredential(a: DockerAuthConfig, b: DockerAuthConfig): boolean {
  return a.username === b.username && a.password === b.password && a.identitytoken === b.identitytoken;
}

function toEntry(auth: DockerAuthConfig): ConfigAuthEntry {
  if (auth.identitytoken !== undefined) return { identitytoken: auth.identitytoken, auth: Buffer.from(`${auth.username ?? '<token>'}:`).toString('base64') };
  return { auth: Buffer.from(`${auth.username ?? ''}:${auth.password ?? ''}`).toString('base64') };
}

/**
 * The `auths` for these images, keyed as the docker CLI looks them up (`https://index.docker.io/v1/` for Docker
 * Hub, else `host[:port]`). Anonymous images add nothing; an anonymous image on a host where another image has
 * credentials is pulled with them (a registry lets an account read what anyone may read).
 * Throws SwarmAuthError when one host would need two different credentials.
 */
export function configAuthsFor(images: readonly ResolvedImage[]): ConfigAuths {
  const byHost = new Map<string, { auth: DockerAuthConfig; first: ResolvedImage }>();
  for (const image of images) {
    const auth = image.resolution.auth;
    if (auth === undefined) continue;
    const key = serverAddressFor(image.host);
    const seen = byHost.get(key);
    if (seen === undefined) {
      byHost.set(key, { auth, first: image });
    } else if (!sameCredential(seen.auth, auth)) {
      const involved = [seen.first, image].map((one) => ({ image: one.image, credential: one.resolution.explanation.summary }));
      throw new SwarmAuthError(
        `Images ${seen.first.image} (service ${seen.first.service}) and ${image.image} (service ${image.service}) are both on ${image.host} but need different credentials. ` +
          `A Swarm deploy hands the engine one credential per registry, so one of them would be pulled with the wrong account. ` +
          `Make both images use the same stored registry for ${image.host} (Registries → Image patterns), or deploy them as separate stacks.`,
        involved,
      );
    }
  }
  const auths: ConfigAuths = {};
  for (const [key, { auth }] of byHost) auths[key] = toEntry(auth);
  return auths;
}
