/**
 * What a tag is before pulling it: the platforms of its index (or its single manifest), and for one platform the
 * compressed size (config + layers, as downloaded), the created date and the OCI version/source labels from the
 * config blob. Manifests are read with the media types the engine accepts.
 */
import { StevedoreError } from '../errors';
import { formatPlatform, platformSatisfies, type Platform } from '../pull/platform';
import { parseJson, type HttpAnswer } from './http';

export const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];

interface Descriptor {
  mediaType?: string;
  digest?: string;
  size?: number;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

export interface ManifestDocument {
  mediaType?: string;
  manifests?: Descriptor[];
  config?: Descriptor;
  layers?: Descriptor[];
}

const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export function readManifest(answer: HttpAnswer, what: string): { document: ManifestDocument; digest?: string; isIndex: boolean } {
  const document = parseJson(answer.body) as ManifestDocument | undefined;
  if (document === undefined || typeof document !== 'object' || document === null) {
    throw new StevedoreError('REGISTRY_BAD_ANSWER', `${answer.url.host} answered the manifest of ${what} with something that is not JSON.`);
  }
  const mediaType = document.mediaType ?? answer.headers['content-type'] ?? '';
  const isIndex = Array.isArray(document.manifests) || mediaType.includes('index') || mediaType.includes('manifest.list');
  const digest = answer.headers['docker-content-digest'];
  return { document, isIndex, ...(digest !== undefined && DIGEST.test(digest) ? { digest } : {}) };
}

/** Platforms of an index, leaving out attestation entries (`unknown/unknown`) as `docker buildx imagetools` does. */
export function indexPlatforms(document: ManifestDocument): Array<{ platform: Platform; digest: string }> {
  const entries: Array<{ platform: Platform; digest: string }> = [];
  for (const entry of document.manifests ?? []) {
    const os = entry.platform?.os;
    const architecture = entry.platform?.architecture;
    if (typeof os !== 'string' || typeof architecture !== 'string' || os === 'unknown' || typeof entry.digest !== 'string' || !DIGEST.test(entry.digest)) continue;
    const platform: Platform = { os, architecture };
    if (typeof entry.platform?.variant === 'string' && entry.platform.variant !== '') platform.variant = entry.platform.variant;
    entries.push({ platform, digest: entry.digest });
  }
  return entries;
}

/** The index entry for `wanted`, else (no platform asked) linux/amd64, else the first. */
export function choosePlatform<T extends { platform: Platform }>(entries: readonly T[], wanted: Platform | undefined): T | undefined {
  if (wanted !== undefined) return entries.find((entry) => platformSatisfies(wanted, entry.platform));
  return entries.find((entry) => entry.platform.os === 'linux' && entry.platform.architecture === 'amd64') ?? entries[0];
}

export function compressedSize(document: ManifestDocument): number | undefined {
  const sizes = [document.config, ...(document.layers ?? [])].map((descriptor) => descriptor?.size);
  if (sizes.some((size) => typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)) return undefined;
  return (sizes as number[]).reduce((total, size) => total + size, 0);
}

export interface ConfigFacts {
  created?: string;
  version?: string;
  source?: string;
  platform?: Platform;
}

function cleanText(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const cleaned = value.replace(/\p{Cc}/gu, '').trim();
  return cleaned === '' ? undefined : cleaned.slice(0, max);
}

export function readConfig(answer: HttpAnswer): ConfigFacts {
  const config = parseJson(answer.body) as
    | { created?: unknown; os?: unknown; architecture?: unknown; variant?: unknown; config?: { Labels?: Record<string, unknown> | null } }
    | undefined;
  if (config === undefined || typeof config !== 'object' || config === null) return {};
  const facts: ConfigFacts = {};
  const created = cleanText(config.created, 64);
  if (created !== undefined && !Number.isNaN(Date.parse(created))) facts.created = new Date(created).toISOString();
  const labels = config.config?.Labels ?? {};
  const version = cleanText(labels['org.opencontainers.image.version'], 128);
  const source = cleanText(labels['org.opencontainers.image.source'], 512);
  if (version !== undefined) facts.version = version;
  if (source !== undefined) facts.source = source;
  const os = cleanText(config.os, 32);
  const architecture = cleanText(config.architecture, 32);
  if (os !== undefined && architecture !== undefined) {
    facts.platform = { os, architecture, ...(cleanText(config.variant, 16) === undefined ? {} : { variant: cleanText(config.variant, 16) as string }) };
  }
  return facts;
}

export { formatPlatform };
