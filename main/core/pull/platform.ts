/**
 * The platform pre-check (pulls.md "Platform check"): ask the engine which platforms an image offers before
 * pulling, so a missing platform is reported with the list of platforms that do exist and nothing is downloaded.
 */
import type Docker from 'dockerode';
import type { DockerAuthConfig } from '../credentials/registry-types';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** `os/arch[/variant]`, as validated by the request schema. */
export function parsePlatform(text: string): Platform {
  const [os = '', architecture = '', variant] = text.split('/');
  const platform: Platform = { os, architecture };
  if (variant !== undefined && variant !== '') platform.variant = variant;
  return platform;
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter((part) => part !== undefined && part !== '').join('/');
}

const ARCHITECTURE_ALIASES: ReadonlyMap<string, string> = new Map([
  ['x86_64', 'amd64'],
  ['x86-64', 'amd64'],
  ['aarch64', 'arm64'],
  ['armhf', 'arm'],
  ['armel', 'arm'],
]);

/** containerd's defaults: arm64 means v8 and arm means v7 when no variant is written. */
const DEFAULT_VARIANTS: ReadonlyMap<string, string> = new Map([
  ['arm64', 'v8'],
  ['arm', 'v7'],
]);

function normalize(platform: Platform): Required<Platform> {
  const architecture = ARCHITECTURE_ALIASES.get(platform.architecture.toLowerCase()) ?? platform.architecture.toLowerCase();
  const variant = (platform.variant ?? '').toLowerCase() || DEFAULT_VARIANTS.get(architecture) || '';
  return { os: platform.os.toLowerCase(), architecture, variant };
}

/** Whether an image offering `offered` satisfies a request for `requested`, as the engine would decide. */
export function platformSatisfies(requested: Platform, offered: Platform): boolean {
  const want = normalize(requested);
  const have = normalize(offered);
  if (want.os !== have.os || want.architecture !== have.architecture) return false;
  // A request without a variant takes any variant of the architecture.
  return requested.variant === undefined || requested.variant === '' || want.variant === have.variant;
}

/** What `GET /distribution/{name}/json` answers (the fields used here). */
export interface DistributionInfo {
  Descriptor?: { mediaType?: string; digest?: string; size?: number };
  Platforms?: Array<{ os?: string; architecture?: string; variant?: string }>;
}

export function offeredPlatforms(info: DistributionInfo): Platform[] {
  const platforms: Platform[] = [];
  for (const entry of info.Platforms ?? []) {
    if (!entry.os || !entry.architecture) continue;
    const platform: Platform = { os: entry.os, architecture: entry.architecture };
    if (entry.variant) platform.variant = entry.variant;
    platforms.push(platform);
  }
  return platforms;
}

/**
 * Asks the engine for the image's distribution info with the pull's credentials. Called through the modem
 * because dockerode's `distribution()` labels a 401 "no such image" and cannot be aborted.
 */
export function fetchDistribution(docker: Docker, reference: string, auth: DockerAuthConfig | undefined, signal: AbortSignal): Promise<DistributionInfo> {
  return new Promise((resolve, reject) => {
    const options: Record<string, unknown> = {
      path: `/distribution/${reference}/json`,
      method: 'GET',
      abortSignal: signal,
      statusCodes: { 200: true, 401: 'unauthorized', 403: 'forbidden', 404: 'not found', 500: 'server error' },
    };
    if (auth !== undefined) options.authconfig = auth;
    (docker.modem as unknown as { dial(options: unknown, callback: (error: unknown, data: unknown) => void): void }).dial(options, (error, data) => {
      if (error) reject(error);
      else resolve((data ?? {}) as DistributionInfo);
    });
  });
}

/** The registry client's answer to "which platforms does this tag offer", asked with the pull's own credential. */
export type RemotePlatforms = () => Promise<Platform[]>;

/**
 * The platforms the pre-check compares against. The engine's answer wins whenever it names platforms; only when
 * its distribution endpoint fails or names none (seen for OCI indexes) is the registry client asked. If the
 * registry cannot answer either, the engine's own outcome stands: its error, or no platforms (no pre-check).
 */
export async function platformsForPreCheck(engine: () => Promise<DistributionInfo>, remote: RemotePlatforms | undefined, signal?: AbortSignal): Promise<Platform[]> {
  let engineError: unknown;
  try {
    const offered = offeredPlatforms(await engine());
    if (offered.length > 0 || remote === undefined) return offered;
  } catch (error) {
    if (remote === undefined || signal?.aborted === true) throw error;
    engineError = error;
  }
  try {
    return await remote();
  } catch {
    if (engineError !== undefined) throw engineError;
    return [];
  }
}
