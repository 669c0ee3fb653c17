import {
  DOCKER_HUB,
  checkRegistryHost,
  describeCharacterProblem,
  isRegistryHostSegment,
} from './address';
import { StevedoreError } from '../errors';

/**
 * Image references, parsed the way distribution/reference's ParseNormalizedNamed + ParseDockerRef do, with
 * two deliberate differences: every Docker Hub alias becomes docker.io, and hosts are lower-cased.
 */
export interface ImageReference {
  /** Canonical registry host, lower case: `docker.io`, `ghcr.io`, `localhost:5000`, `[::1]:5000`. */
  host: string;
  /** Repository path on that host: `library/nginx`, `team/app`. */
  path: string;
  /** The tag; `latest` when neither tag nor digest was given, absent when only a digest was given. */
  tag?: string;
  /** `algorithm:hex`; when present it decides what is pulled (the tag is kept for display only). */
  digest?: string;
  /** `host/path` — what Image Patterns are matched against. */
  name: string;
  /** The name as docker prints it: `nginx`, `user/app`, `ghcr.io/o/a`. */
  familiar: string;
  /** `familiar` with the tag and digest: `nginx:1.25`. */
  familiarReference: string;
  /** `host/path[:tag][@digest]` — parses back to an equal reference. */
  canonical: string;
  /** What to ask the engine for: `host/path@digest` when a digest was given, else `host/path:tag`. */
  pullReference: string;
}

export type ImageReferenceErrorCode = 'REFERENCE_EMPTY' | 'REFERENCE_INVALID';

export class ImageReferenceError extends StevedoreError {
  declare readonly code: ImageReferenceErrorCode;
  constructor(code: ImageReferenceErrorCode, message: string) {
    super(code, message);
  }
}

const DEFAULT_TAG = 'latest';
export const MAX_NAME_LENGTH = 255;
/** Far above any valid reference; only there so absurd input is refused before any further work. */
const MAX_INPUT_LENGTH = 4096;

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const IMAGE_ID = /^[a-f0-9]{64}$/;
/** The algorithms go-digest accepts, and the length of their lower-case hex. */
const DIGEST_HEX_LENGTH: ReadonlyMap<string, number> = new Map([
  ['sha256', 64],
  ['sha384', 96],
  ['sha512', 128],
]);

/** One `/`-separated part of a repository path, per the reference grammar. */
export function isValidPathComponent(component: string): boolean {
  return PATH_COMPONENT.test(component);
}

/** Docker Hub's official images live under `library/`: `nginx` means `library/nginx` there, nowhere else. */
export function withOfficialLibraryPrefix(host: string, path: string): string {
  return host === DOCKER_HUB && !path.includes('/') ? `library/${path}` : path;
}

/**
 * How docker prints a name: Docker Hub loses its host, official images lose `library/`. Unlike docker, the host
 * stays when the path's first segment would read as a host (`docker.io/localhost/x`), so the familiar form
 * always names the same image.
 */
function familiarName(host: string, path: string): string {
  if (host !== DOCKER_HUB) return `${host}/${path}`;
  const official = path.startsWith('library/') ? path.slice('library/'.length) : undefined;
  if (official !== undefined && !official.includes('/')) return official;
  const [firstSegment = ''] = path.split('/');
  return isRegistryHostSegment(firstSegment) ? `${host}/${path}` : path;
}

function invalid(message: string): ImageReferenceError {
  return new ImageReferenceError('REFERENCE_INVALID', message);
}

/** Separates a leading registry host segment from the path segments (§1 rule); shared with Image Patterns. */
export function splitRepositoryHost(segments: readonly string[]): { hostSegment: string | undefined; pathSegments: string[] } {
  const [first, ...rest] = segments;
  if (first !== undefined && rest.length > 0 && isRegistryHostSegment(first)) {
    return { hostSegment: first, pathSegments: rest };
  }
  return { hostSegment: undefined, pathSegments: [...segments] };
}

function parseRepositoryName(nameText: string, original: string): { host: string; path: string } {
  const segments = nameText.split('/');
  if (segments.some((segment) => segment === '')) {
    throw invalid(
      `'${original}' has an empty part between slashes (a leading, trailing or double '/'); remove the extra '/'.`,
    );
  }
  const { hostSegment, pathSegments } = splitRepositoryHost(segments);
  let host = DOCKER_HUB;
  if (hostSegment !== undefined) {
    const check = checkRegistryHost(hostSegment);
    if (!check.ok) throw invalid(`The registry host in '${original}' is not valid: ${check.problem}.`);
    if (!isRegistryHostSegment(check.host)) {
      // Lower-cased, this host would read as a Docker Hub user and the reference would name another image.
      // The suggestions are complete references: the path in lower case, the tag or digest as written.
      const lowerPath = pathSegments.join('/').toLowerCase();
      const tagOrDigest = original.startsWith(nameText) ? original.slice(nameText.length) : '';
      throw invalid(
        `'${hostSegment}' is read as a registry host only because of its capital letters. ` +
          `Write the host in lower case with its port or full domain name (e.g. '${check.host}:5000/${lowerPath}${tagOrDigest}'), ` +
          `or, for a Docker Hub repository, write it all in lower case ('${check.host}/${lowerPath}${tagOrDigest}').`,
      );
    }
    host = check.host;
  }
  const rawPath = pathSegments.join('/');
  if (rawPath !== rawPath.toLowerCase()) {
    throw invalid(`The repository name must be lowercase: use '${rawPath.toLowerCase()}' instead of '${rawPath}'.`);
  }
  for (const component of pathSegments) {
    if (!isValidPathComponent(component)) {
      throw invalid(
        `'${component}' in '${original}' is not a valid repository name part: use lowercase letters and digits, ` +
          `separated by single '.', '_', '__' or '-' (not at the start or end).`,
      );
    }
  }
  const path = withOfficialLibraryPrefix(host, rawPath);
  const name = `${host}/${path}`;
  if (name.length > MAX_NAME_LENGTH) {
    throw invalid(`The repository name '${name.slice(0, 40)}…' is ${name.length} characters long; the limit is ${MAX_NAME_LENGTH}.`);
  }
  return { host, path };
}

function validateTag(tag: string): void {
  if (tag === '') throw invalid("The tag after ':' is empty; remove the ':' or write a tag, e.g. nginx:1.25.");
  if (!TAG.test(tag)) {
    throw invalid(
      `The tag '${tag.length > 40 ? `${tag.slice(0, 40)}…` : tag}' is not valid: a tag is 1 to 128 letters, digits, '_', '.' or '-', ` +
        `and does not start with '.' or '-'.`,
    );
  }
}

function validateDigest(digest: string): void {
  if (digest === '') throw invalid("The digest after '@' is empty; write it as sha256:<64 hex digits>.");
  const colon = digest.indexOf(':');
  const algorithm = colon === -1 ? digest : digest.slice(0, colon);
  const expectedLength = DIGEST_HEX_LENGTH.get(algorithm);
  if (!DIGEST.test(digest)) {
    throw invalid(`The digest '${digest.slice(0, 80)}' is not valid: write it as algorithm:hex, e.g. sha256:<64 hex digits>.`);
  }
  if (expectedLength === undefined) {
    throw invalid(`The digest algorithm '${algorithm}' is not supported; use sha256 (or sha384, sha512).`);
  }
  const hex = digest.slice(colon + 1);
  if (hex.length !== expectedLength || hex !== hex.toLowerCase()) {
    throw invalid(`A ${algorithm} digest is exactly ${expectedLength} lowercase hex digits; '${algorithm}:${hex.slice(0, 12)}…' has ${hex.length}.`);
  }
}

/**
 * Parses what a user (or a compose file) calls an image. Throws `REFERENCE_EMPTY` or `REFERENCE_INVALID` with a
 * message naming the bad part.
 */
export function parseImageReference(input: string): ImageReference {
  if (typeof input !== 'string') throw invalid('The image reference must be text, e.g. nginx:1.25.');
  const text = input.trim();
  if (text === '') {
    throw new ImageReferenceError('REFERENCE_EMPTY', 'Enter an image reference, e.g. nginx:1.25 or ghcr.io/org/app:tag.');
  }
  if (text.length > MAX_INPUT_LENGTH) {
    throw invalid(`The image reference is ${text.length} characters long; a repository name is at most ${MAX_NAME_LENGTH}.`);
  }
  const characterProblem = describeCharacterProblem(text, 'image reference');
  if (characterProblem !== undefined) throw invalid(characterProblem);
  if (IMAGE_ID.test(text)) {
    throw invalid(
      `'${text.slice(0, 12)}…' looks like an image ID (64 hex digits), not a reference; use the image's name, e.g. nginx:1.25.`,
    );
  }

  const at = text.indexOf('@');
  const beforeDigest = at === -1 ? text : text.slice(0, at);
  const digest = at === -1 ? undefined : text.slice(at + 1);
  if (digest !== undefined) {
    if (digest.includes('@')) throw invalid("The image reference has more than one '@'; only one digest is allowed.");
    validateDigest(digest);
  }
  // A ':' after the last '/' starts the tag; earlier ones belong to the host's port.
  const colon = beforeDigest.lastIndexOf(':');
  const hasTag = colon > beforeDigest.lastIndexOf('/');
  const nameText = hasTag ? beforeDigest.slice(0, colon) : beforeDigest;
  const givenTag = hasTag ? beforeDigest.slice(colon + 1) : undefined;
  if (nameText === '') throw invalid(`'${text}' has no repository name; write it as name[:tag], e.g. nginx:1.25.`);
  if (givenTag !== undefined) validateTag(givenTag);

  const { host, path } = parseRepositoryName(nameText, text);
  const tag = givenTag ?? (digest === undefined ? DEFAULT_TAG : undefined);
  return buildImageReference(host, path, tag, digest);
}

function buildImageReference(host: string, path: string, tag: string | undefined, digest: string | undefined): ImageReference {
  const name = `${host}/${path}`;
  const suffix = `${tag === undefined ? '' : `:${tag}`}${digest === undefined ? '' : `@${digest}`}`;
  const familiar = familiarName(host, path);
  const reference: ImageReference = {
    host,
    path,
    name,
    familiar,
    familiarReference: `${familiar}${suffix}`,
    canonical: `${name}${suffix}`,
    pullReference: digest === undefined ? `${name}:${tag ?? DEFAULT_TAG}` : `${name}@${digest}`,
  };
  if (tag !== undefined) reference.tag = tag;
  if (digest !== undefined) reference.digest = digest;
  return reference;
}

/** True when `parseImageReference` would accept the input. */
export function isValidImageReference(input: string): boolean {
  try {
    parseImageReference(input);
    return true;
  } catch (error) {
    if (error instanceof ImageReferenceError) return false;
    throw error;
  }
}
