/**
 * One update check (issue 14, items 1 and 2): the registry's current digest for a repository:tag, asked with a
 * `HEAD` of the manifest with the index and manifest media types (the digest the engine records for a pull by tag
 * is the index's), as the account the image's credential resolves to. Only when the digests differ is the remote
 * image described (version label and created, for the engine's platform; never on Docker Hub, where a manifest GET
 * counts as a pull) and are newer tags listed, so an image that is up to date costs exactly one request. Each repository:tag is asked once, however many images and stacks use it, and
 * a check already under way is joined. A registry that cannot be reached, refuses TLS or rate-limits is asked
 * no more in that run: its other images get the same problem (one problem per registry, never a storm).
 * A host's credentials are resolved up front, so each request names the repositories still queued with the same
 * credential and a token registry is asked for one token covering them all (registry-client/client.ts).
 */
import type { FailureView, ImageSide, UpdateState } from '../../../preload/api';
import type { DockerAuthConfig } from '../credentials/registry-types';
import type { CredentialResolution } from '../credentials/resolve';
import { DockerConfigLookups } from '../docker-config';
import type { ImageReference } from '../credentials/reference';
import { StevedoreError } from '../errors';
import { classifyMessage, describeFailure, messageOf, type FailureCode } from '../failures';
import { throwForAnswer } from '../registry-client/answers';
import type { RegistryRequest } from '../registry-client/client';
import type { HttpAnswer } from '../registry-client/http';
import { MANIFEST_TYPES } from '../registry-client/inspect';
import { isVersionTag, newerTagsOfSameShape } from './newer-tags';

/** What the checker needs of the registry client and the credential resolver. */
export interface UpdateRegistry {
  /** `lookups` is shared by one check: hosts with no stored registry read the Docker config once per check, not per image. */
  resolve(image: string, lookups: DockerConfigLookups): Promise<CredentialResolution>;
  request(call: RegistryRequest): Promise<HttpAnswer>;
  /** The version label and created date of a tag for a platform (RegistryFeatures.inspect fits). */
  describe(image: string, platform: string | undefined): Promise<{ version?: string; created?: string }>;
  /** The repository's tags (RegistryFeatures.tags fits). */
  tags(image: string): Promise<string[]>;
}

export interface CheckRequest {
  reference: ImageReference;
  /** The repo digests the engine holds for this repository (empty: built or loaded here, never pulled). */
  localDigests: readonly string[];
}

export interface CheckOutcome {
  state: UpdateState;
  problem?: FailureView;
  remote?: ImageSide;
  newerTags: string[];
  checkedAt: string;
}

export interface UpdateCheckerOptions {
  registry: UpdateRegistry;
  /** The engine's platform (`linux/amd64`), for describing the remote image it would pull. */
  platform: () => string | undefined;
  clock?: () => Date;
  /** Requests at once to one registry. */
  perRegistry?: number;
}

const FAILURE_CODES = new Set<string>(['UNAUTHORIZED', 'DENIED', 'NOT_FOUND', 'FORBIDDEN', 'RATE_LIMITED', 'TLS', 'REGISTRY_UNREACHABLE', 'CANCELLED']);
/** Problems of the registry as a whole rather than of one repository: the rest of its images are not asked. */
const REGISTRY_WIDE = new Set<FailureCode>(['REGISTRY_UNREACHABLE', 'TLS', 'RATE_LIMITED', 'FORBIDDEN']);
const DOCKER_HUB = 'docker.io';
/** Requests at once to one registry (8 measured slower than 4 on the bench: the registry, not the client, is the limit). */
const PER_REGISTRY = 4;

export function checkKey(reference: ImageReference): string {
  return reference.familiarReference;
}

/** How a check of one image reaches its registry within a run over many. */
interface CheckPlan {
  resolution: Promise<CredentialResolution>;
  /** The host's other repositories checked with the same credential (for one token covering them all). */
  queuedWithSameCredential: () => Promise<string[]>;
}

export class UpdateChecker {
  private readonly inFlight = new Map<string, Promise<CheckOutcome>>();
  private readonly clock: () => Date;

  constructor(private readonly options: UpdateCheckerOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Checks each distinct repository:tag once; the answer is keyed by checkKey. */
  async checkAll(requests: readonly CheckRequest[]): Promise<Map<string, CheckOutcome>> {
    const distinct = new Map<string, CheckRequest>();
    for (const request of requests) if (!distinct.has(checkKey(request.reference))) distinct.set(checkKey(request.reference), request);
    const byHost = new Map<string, CheckRequest[]>();
    for (const request of distinct.values()) byHost.set(request.reference.host, [...(byHost.get(request.reference.host) ?? []), request]);
    const outcomes = new Map<string, CheckOutcome>();
    const lookups = new DockerConfigLookups();
    await Promise.all([...byHost.values()].map((queue) => this.checkHost(queue, outcomes, lookups)));
    return outcomes;
  }

  /** One image; joins a check of the same repository:tag already under way. */
  check(request: CheckRequest, plan?: CheckPlan): Promise<CheckOutcome> {
    const key = checkKey(request.reference);
    const running = this.inFlight.get(key);
    if (running !== undefined) return running;
    const started = this.checkOne(request, plan).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }

  private async checkHost(queue: CheckRequest[], outcomes: Map<string, CheckOutcome>, lookups: DockerConfigLookups): Promise<void> {
    let registryProblem: FailureView | undefined;
    const pending = [...queue];
    const resolutions = new Map<CheckRequest, Promise<CredentialResolution>>();
    for (const request of queue) {
      if (!asksRegistry(request)) continue;
      const resolution = this.options.registry.resolve(request.reference.canonical, lookups);
      resolution.catch(() => undefined);
      resolutions.set(request, resolution);
    }
    const planOf = (request: CheckRequest, resolution: Promise<CredentialResolution>): CheckPlan => ({
      resolution,
      queuedWithSameCredential: async () => {
        const auth = (await resolution).auth;
        // The whole queue, those under way too: the client leaves out repositories it already holds a token for.
        const queued = await Promise.all(queue.map(async (other) => ((await resolutions.get(other)?.catch(() => undefined)) === undefined ? undefined : other)));
        const same = await Promise.all(queued.map(async (other) => (other !== undefined && sameCredential(auth, (await resolutions.get(other))?.auth) ? other.reference.path : undefined)));
        return same.filter((path): path is string => path !== undefined && path !== request.reference.path);
      },
    });
    const worker = async () => {
      for (let request = pending.shift(); request !== undefined; request = pending.shift()) {
        const key = checkKey(request.reference);
        if (registryProblem !== undefined) {
          outcomes.set(key, this.couldNotCheck(registryProblem));
          continue;
        }
        const resolution = resolutions.get(request);
        const outcome = await this.check(request, resolution === undefined ? undefined : planOf(request, resolution));
        outcomes.set(key, outcome);
        if (outcome.problem !== undefined && REGISTRY_WIDE.has(outcome.problem.code as FailureCode)) registryProblem ??= outcome.problem;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.perRegistry ?? PER_REGISTRY, queue.length) }, worker));
  }

  private async checkOne(request: CheckRequest, plan: CheckPlan | undefined): Promise<CheckOutcome> {
    const { reference } = request;
    const checkedAt = this.clock().toISOString();
    if (reference.digest !== undefined) return { state: 'pinned', newerTags: [], checkedAt };
    if (request.localDigests.length === 0) return { state: 'built-locally', newerTags: [], checkedAt };
    let resolution: CredentialResolution | undefined;
    let digest: string;
    try {
      resolution = await (plan?.resolution ?? this.options.registry.resolve(reference.canonical, new DockerConfigLookups()));
      digest = await this.remoteDigest(reference, resolution, (await plan?.queuedWithSameCredential()) ?? []);
    } catch (error) {
      return this.couldNotCheck(this.failureOf(error, reference, resolution));
    }
    if (request.localDigests.includes(digest)) return { state: 'up-to-date', remote: { digest }, newerTags: [], checkedAt };
    // Newer tags go in the line that tells the change (issue 14, item 2): an image up to date costs one request.
    const [remote, newerTags] = await Promise.all([this.describe(reference), this.newerTags(reference)]);
    return { state: 'update-available', remote: { digest, ...remote }, newerTags, checkedAt };
  }

  private async remoteDigest(reference: ImageReference, resolution: CredentialResolution, alsoRepositories: readonly string[]): Promise<string> {
    const answer = await this.options.registry.request({
      ...(alsoRepositories.length === 0 ? {} : { alsoRepositories }),
      host: reference.host,
      repository: reference.path,
      path: `/v2/${reference.path}/manifests/${reference.tag ?? 'latest'}`,
      method: 'HEAD',
      accept: MANIFEST_TYPES,
      ...(resolution.auth === undefined ? {} : { auth: resolution.auth }),
    });
    const account = resolution.auth === undefined ? undefined : (resolution.explanation.username ?? resolution.auth.username ?? 'a stored token');
    if (answer.status !== 200) throwForAnswer(answer, `the manifest of ${reference.familiarReference}`, account);
    const digest = answer.headers['docker-content-digest'];
    if (digest === undefined || !/^sha256:[a-f0-9]{64}$/.test(digest)) {
      throw new StevedoreError('REGISTRY_BAD_ANSWER', `${reference.host} answered the manifest of ${reference.familiarReference} without its digest (Docker-Content-Digest), so there is nothing to compare. Tell the registry's operator.`);
    }
    return digest;
  }

  /** Version and created of the remote image; a failure here leaves the short digests to tell the change. */
  private async describe(reference: ImageReference): Promise<ImageSide> {
    if (reference.host === DOCKER_HUB) return {};
    try {
      const facts = await this.options.registry.describe(reference.familiarReference, this.options.platform());
      return { ...(facts.version === undefined ? {} : { version: facts.version }), ...(facts.created === undefined ? {} : { created: facts.created }) };
    } catch {
      return {};
    }
  }

  private async newerTags(reference: ImageReference): Promise<string[]> {
    const tag = reference.tag ?? 'latest';
    if (!isVersionTag(tag)) return [];
    try {
      return newerTagsOfSameShape(tag, await this.options.registry.tags(reference.familiar));
    } catch {
      return [];
    }
  }

  private failureOf(error: unknown, reference: ImageReference, resolution: CredentialResolution | undefined): FailureView {
    const detail = messageOf(error);
    const own = error instanceof StevedoreError && FAILURE_CODES.has(error.code) ? (error.code as FailureCode) : undefined;
    const code = own ?? classifyMessage(detail);
    const failure = describeFailure(code, { image: reference.familiarReference, registryHost: reference.host, credential: resolution?.explanation.summary ?? 'not resolved' }, detail);
    return { code: failure.code, title: failure.title, cause: failure.cause, fix: failure.fix, detail: failure.detail, credential: failure.credential };
  }

  private couldNotCheck(problem: FailureView): CheckOutcome {
    return { state: 'could-not-check', problem, newerTags: [], checkedAt: this.clock().toISOString() };
  }
}

/** Whether a check asks the registry at all (pinned and locally built images are answered here). */
function asksRegistry(request: CheckRequest): boolean {
  return request.reference.digest === undefined && request.localDigests.length > 0;
}

/** The same account and secret (anonymous counts as one credential): a token fetched for one serves the other. */
function sameCredential(a: DockerAuthConfig | undefined, b: DockerAuthConfig | undefined): boolean {
  return a?.username === b?.username && a?.password === b?.password && a?.identitytoken === b?.identitytoken;
}
