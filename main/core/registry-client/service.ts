/**
 * The registry client's features as the contract offers them (`registry.tags`, `registry.inspect`,
 * `registry.rateLimit`): each resolves the image's credential with the same resolver a pull uses, so the client
 * asks the registry as the same account the engine would, and answers only what is safe to show.
 */
import type { RateLimitView, RemoteImageView, TagSuggestions } from '../../../preload/api';
import type { CredentialResolution } from '../credentials/resolve';
import { parseImageReference, type ImageReference } from '../credentials/reference';
import { parsePlatform, formatPlatform, type Platform } from '../pull/platform';
import type { DockerAuthConfig } from '../credentials/registry-types';
import { parseRateLimitHeaders, throwForAnswer } from './answers';
import type { RegistryClient } from './client';
import { choosePlatform, compressedSize, indexPlatforms, MANIFEST_TYPES, readConfig, readManifest } from './inspect';
import { filterTags, listAllTags, type TagListing } from './tags';

/** Tags change rarely while someone types: a short cache spares the registry one listing per key press. */
const TAGS_CACHE_MS = 60_000;
const MAX_SUGGESTIONS = 50;
/** Docker Hub's own limit on a config blob is far lower; any image config is well under this. */
const MAX_CONFIG_BYTES = 2 * 1024 * 1024;

export interface RegistryFeaturesOptions {
  client: RegistryClient;
  resolve: (image: string) => Promise<CredentialResolution>;
  now?: () => number;
}

export class RegistryFeatures {
  private readonly tagCache = new Map<string, { at: number; listing: Promise<TagListing> }>();
  private readonly now: () => number;

  constructor(private readonly options: RegistryFeaturesOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Tags of the image's repository matching `prefix`, `latest` and newest versions first. */
  async tags(input: { image: string; prefix?: string }): Promise<TagSuggestions> {
    const reference = parseImageReference(input.image);
    const { listing, account } = await this.listing(reference);
    return {
      repository: reference.familiar,
      tags: filterTags(listing.tags, input.prefix ?? '', MAX_SUGGESTIONS),
      total: listing.tags.length,
      complete: listing.complete,
      invalid: listing.invalid,
      account: account ?? 'anonymous',
    };
  }

  /** Every tag of the image's repository, from every page (up to listAllTags' bound), newest versions first. */
  async allTags(image: string): Promise<string[]> {
    return (await this.listing(parseImageReference(image))).listing.tags;
  }

  private async listing(reference: ImageReference): Promise<{ listing: TagListing; account: string | undefined }> {
    const resolution = await this.options.resolve(reference.familiar);
    const account = accountOf(resolution);
    const key = JSON.stringify([reference.host, reference.path, account ?? '']);
    let cached = this.tagCache.get(key);
    if (cached === undefined || this.now() - cached.at >= TAGS_CACHE_MS) {
      const listing = listAllTags(reference.path, reference.host, async (path) => {
        const answer = await this.options.client.request({ host: reference.host, repository: reference.path, path, ...authOf(resolution) });
        if (answer.status !== 200) throwForAnswer(answer, `the tags of ${reference.familiar}`, account);
        return answer;
      });
      cached = { at: this.now(), listing };
      this.tagCache.set(key, cached);
      listing.catch(() => this.tagCache.delete(key));
    }
    return { listing: await cached.listing, account };
  }

  /** A tag's platforms, and for one platform its compressed size, created date and OCI labels. */
  async inspect(input: { image: string; platform?: string }): Promise<RemoteImageView> {
    const reference = parseImageReference(input.image);
    const resolution = await this.options.resolve(reference.canonical);
    const wanted = input.platform === undefined ? undefined : parsePlatform(input.platform);
    return this.inspectAs(reference, resolution.auth, accountOf(resolution), wanted);
  }

  /**
   * The platforms of a tag for the pull's platform pre-check, asked with the credential the pull already resolved
   * (`auth`, undefined for anonymous), so the registry is asked as the same account as the engine.
   */
  async platforms(image: string, auth: DockerAuthConfig | undefined, signal?: AbortSignal): Promise<Platform[]> {
    const view = await this.inspectAs(parseImageReference(image), auth, auth === undefined ? undefined : auth.username ?? 'a stored token', undefined, signal);
    return view.platforms.map(parsePlatform);
  }

  private async inspectAs(reference: ImageReference, auth: DockerAuthConfig | undefined, account: string | undefined, wanted: Platform | undefined, signal?: AbortSignal): Promise<RemoteImageView> {
    const fetchManifest = async (target: string) => {
      const answer = await this.get(reference, auth, `/v2/${reference.path}/manifests/${target}`, MANIFEST_TYPES, undefined, 'GET', signal);
      if (answer.status !== 200) throwForAnswer(answer, `the manifest of ${reference.familiarReference}`, account);
      return readManifest(answer, reference.familiarReference);
    };
    const top = await fetchManifest(reference.digest ?? reference.tag ?? 'latest');
    const platforms = top.isIndex ? indexPlatforms(top.document) : [];
    let manifest = top;
    let platform = undefined as string | undefined;
    if (top.isIndex) {
      const chosen = choosePlatform(platforms, wanted);
      if (chosen === undefined) {
        return { reference: reference.familiarReference, ...(top.digest ? { digest: top.digest } : {}), platforms: platforms.map((entry) => formatPlatform(entry.platform)), account: account ?? 'anonymous' };
      }
      platform = formatPlatform(chosen.platform);
      manifest = await fetchManifest(chosen.digest);
    }
    const configDigest = manifest.document.config?.digest;
    const facts =
      typeof configDigest === 'string'
        ? await this.get(reference, auth, `/v2/${reference.path}/blobs/${configDigest}`, undefined, MAX_CONFIG_BYTES, 'GET', signal).then((answer) => {
            if (answer.status !== 200) throwForAnswer(answer, `the configuration of ${reference.familiarReference}`, account);
            return readConfig(answer);
          })
        : {};
    const single = facts.platform === undefined ? [] : [formatPlatform(facts.platform)];
    const size = compressedSize(manifest.document);
    return {
      reference: reference.familiarReference,
      ...(top.digest ? { digest: top.digest } : {}),
      platforms: top.isIndex ? platforms.map((entry) => formatPlatform(entry.platform)) : single,
      ...(platform ?? single[0] ? { platform: platform ?? single[0] } : {}),
      ...(size === undefined ? {} : { compressedSize: size }),
      ...(facts.created === undefined ? {} : { created: facts.created }),
      ...(facts.version === undefined ? {} : { version: facts.version }),
      ...(facts.source === undefined ? {} : { source: facts.source }),
      account: account ?? 'anonymous',
    };
  }

  /**
   * Docker Hub's pulls left for the account the image resolves to: a `HEAD` of the manifest (which does not
   * count as a pull) and its `ratelimit-*` headers. Other registries: `applies: false` unless they send them.
   */
  async rateLimit(input: { image: string }): Promise<RateLimitView> {
    const reference = parseImageReference(input.image);
    const resolution = await this.options.resolve(reference.canonical);
    const account = accountOf(resolution) ?? 'anonymous';
    const hub = reference.host === 'docker.io';
    const answer = await this.get(reference, resolution.auth, `/v2/${reference.path}/manifests/${reference.digest ?? reference.tag ?? 'latest'}`, MANIFEST_TYPES, undefined, 'HEAD');
    const limits = parseRateLimitHeaders(answer.headers);
    // Other registries (and mirrors passing Docker Hub's headers on) apply a limit only when they state one.
    if (!hub && limits.remaining === undefined) return { host: reference.host, applies: false, account };
    if (answer.status !== 200 && answer.status !== 429 && limits.remaining === undefined) throwForAnswer(answer, `the manifest of ${reference.familiarReference}`, accountOf(resolution));
    const checkedAt = new Date(this.now());
    const view: RateLimitView = { host: reference.host, applies: true, account, checkedAt: checkedAt.toISOString() };
    if (limits.limit !== undefined) view.limit = limits.limit;
    if (limits.remaining !== undefined) view.remaining = limits.remaining;
    if (limits.windowSeconds !== undefined) {
      view.windowSeconds = limits.windowSeconds;
      // The window slides: with none left, a pull is certainly possible again one window from now at the latest.
      if (limits.remaining === 0) view.resetsBy = new Date(checkedAt.getTime() + limits.windowSeconds * 1000).toISOString();
    }
    return view;
  }

  private get(reference: ImageReference, auth: DockerAuthConfig | undefined, path: string, accept?: string[], maxBodyBytes?: number, method: 'GET' | 'HEAD' = 'GET', signal?: AbortSignal) {
    return this.options.client.request({
      host: reference.host,
      repository: reference.path,
      path,
      method,
      ...(accept === undefined ? {} : { accept }),
      ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
      ...(signal === undefined ? {} : { signal }),
      ...(auth === undefined ? {} : { auth }),
    });
  }
}

function authOf(resolution: CredentialResolution) {
  return resolution.auth === undefined ? {} : { auth: resolution.auth };
}

/** The account shown with every answer (never a secret): the resolved user, or undefined for anonymous. */
function accountOf(resolution: CredentialResolution): string | undefined {
  if (resolution.auth === undefined) return undefined;
  return resolution.explanation.username ?? resolution.auth.username ?? 'a stored token';
}
