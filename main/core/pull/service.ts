/**
 * Pulls images through the engine with the credentials the resolver chose, and owns every pull's state: views
 * come and go and ask for it (`list`, `get`) or follow it (`onProgress`); stacks wait for it (`waitFor`).
 *
 * A pull goes queued → checking (credentials, platform) → pulling → done | failed | cancelled. Requests for
 * the same image and platform while one is queued or running join it. At most `maxConcurrent()` run at once.
 */
import type Docker from 'dockerode';
import { FINISHED_PULLS_KEPT, PlatformSchema, type FailureView, type PullRequest, type PullState, type PullView } from '../../../preload/api';
import { StevedoreError } from '../errors';
import { classifyEngineError, classifyMessage, describeFailure, messageOf, redact, type FailureCode, type FailureContext } from '../failures';
import { secretsOf } from '../docker-config/redact';
import { ImageReferenceError, parseImageReference, type ImageReference } from '../credentials/reference';
import type { DockerAuthConfig, OneTimeCredentials } from '../credentials/registry-types';
import { SECRET_STORAGE_NO_ANSWER } from '../secrets/cipher';
import { fetchDistribution, formatPlatform, parsePlatform, platformSatisfies, platformsForPreCheck, type Platform } from './platform';
import type { PullStreamMessage } from './progress';
import { followPullStream } from './stream';
import { DEFAULT_THROTTLE_MS } from './throttle';
import { STORED_SOURCES, credentialOwner, describeCredentialUsed, type PullCredentials, type ResolvePullCredentials } from './credentials';
import { createPullJob, pullKeyOf, viewOfPull, type PullJob } from './job';

export interface PullServiceOptions {
  docker: () => Docker;
  resolve: ResolvePullCredentials;
  /** The "concurrent pulls" setting, read whenever a slot may be free. */
  maxConcurrent: () => number;
  /** The engine endpoint to name when the engine cannot be reached. */
  engineEndpoint?: () => string | undefined;
  clock?: () => Date;
  /** Minimum time between two progress updates of one pull. */
  throttleMs?: number;
  /**
   * Called once with each pull's final view (done, failed or cancelled). `forDeploy`: a stack deploy started or
   * joined it, and re-checks its pulls together once they are all over (main/core/stacks/deploy.ts).
   */
  onFinished?: (view: PullView, how: { forDeploy: boolean }) => void;
  /** How many finished pulls `list` keeps. */
  finishedToKeep?: number;
  /**
   * The registry client's platforms of a tag, asked with the same credential as the pull; used by the platform
   * pre-check only when the engine's distribution endpoint fails or names no platforms.
   */
  remotePlatforms?: (pullReference: string, auth: DockerAuthConfig | undefined, signal: AbortSignal) => Promise<Platform[]>;
}

type ProgressListener = (view: PullView) => void;

export interface PullStartOptions {
  /**
   * A stack deploy's pull: it starts at once, past the concurrency limit, as `docker compose up` starts all of a
   * stack's pulls together (a deploy waits for its slowest image either way). It still counts against the limit, so
   * a user's pull queued meanwhile waits for a slot. See docs/architecture.md, "Decisions where the specs are silent".
   */
  forDeploy?: boolean;
}
type FinalState = Extract<PullState, 'done' | 'failed' | 'cancelled'>;
type AttemptOutcome = { ok: true } | { ok: false; failure: FailureView };



export class PullService {
  private readonly clock: () => Date;
  private readonly listeners = new Set<ProgressListener>();
  /** Queued and running pulls by id, and by what they pull (for joining). */
  private readonly active = new Map<string, PullJob>();
  private readonly activeByKey = new Map<string, PullJob>();
  private readonly queue: PullJob[] = [];
  private readonly running = new Set<PullJob>();
  /** Queued and running pulls a stack deploy started or joined (PullStartOptions.forDeploy). */
  private readonly forDeploy = new Set<PullJob>();
  /** Final views, newest first. */
  private finished: PullView[] = [];

  constructor(private readonly options: PullServiceOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * Queues a pull, or joins the queued or running pull of the same image and platform and returns its view.
   * A joining request's one-time credentials are ignored: the pull already chose its credentials, and running
   * a second engine pull of the same image with other credentials would only race the first.
   * Throws REFERENCE_INVALID (or PLATFORM_INVALID) before anything reaches the engine.
   */
  start(request: PullRequest, options: PullStartOptions = {}): PullView {
    const reference = parseReference(request.image);
    const platform = request.platform === undefined || request.platform === '' ? undefined : request.platform;
    if (platform !== undefined && !PlatformSchema.safeParse(platform).success) {
      throw new StevedoreError('PLATFORM_INVALID', `'${platform.slice(0, 64)}' is not a platform; use os/arch or os/arch/variant, e.g. linux/amd64 or linux/arm64/v8.`);
    }
    const key = pullKeyOf(reference, platform);
    const existing = this.activeByKey.get(key);
    if (existing !== undefined) {
      if (options.forDeploy === true) {
        this.forDeploy.add(existing);
        // A deploy joining a queued pull does not wait behind the queue for it.
        const queued = this.queue.indexOf(existing);
        if (queued !== -1) this.runNow(this.queue.splice(queued, 1)[0] as PullJob);
      }
      return this.viewOf(existing);
    }

    const job = this.createJob(reference, platform, request.oneTimeCredentials);
    this.active.set(job.id, job);
    this.activeByKey.set(key, job);
    if (options.forDeploy === true) {
      this.forDeploy.add(job);
      this.runNow(job);
    } else {
      this.queue.push(job);
    }
    this.pumpQueue();
    job.throttle.changed();
    return this.viewOf(job);
  }

  /** Ends the pull's request to the engine (or takes it off the queue). False when it is not queued or running. */
  cancel(id: string): boolean {
    const job = this.active.get(id);
    if (job === undefined) return false;
    this.finish(job, 'cancelled', this.describe(job, 'CANCELLED', 'The pull was cancelled in Stevedore.'));
    return true;
  }

  /** Cancels everything queued or running (on quit, or when a test ends). */
  cancelAll(): void {
    for (const job of [...this.active.values()]) this.finish(job, 'cancelled', this.describe(job, 'CANCELLED', 'The pull was cancelled in Stevedore.'));
  }

  /** Running pulls, then queued ones in queue order, then the most recent finished ones, newest first. */
  list(): PullView[] {
    return [...[...this.running].map((job) => this.viewOf(job)), ...this.queue.map((job) => this.viewOf(job)), ...this.finished];
  }

  get(id: string): PullView | undefined {
    const job = this.active.get(id);
    return job !== undefined ? this.viewOf(job) : this.finished.find((view) => view.id === id);
  }

  /** Throttled views of every pull, and each pull's final view exactly once, last. */
  onProgress(listener: ProgressListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the pull's final view (at once if it has finished and is still in `list`). */
  waitFor(id: string): Promise<PullView> {
    const job = this.active.get(id);
    if (job !== undefined) return job.settled;
    const finished = this.finished.find((view) => view.id === id);
    if (finished !== undefined) return Promise.resolve(finished);
    return Promise.reject(new StevedoreError('PULL_NOT_FOUND', `There is no pull with id '${id.slice(0, 100)}'; it may have finished long ago.`));
  }

  /** Starts queued pulls while slots are free; call it after the concurrency setting changed. */
  pumpQueue(): void {
    const limit = Math.max(1, Math.floor(this.options.maxConcurrent()) || 1);
    while (this.running.size < limit) {
      const job = this.queue.shift();
      if (job === undefined) break;
      this.runNow(job);
    }
    this.queue.forEach((job, index) => {
      if (job.queuePosition !== index + 1) {
        job.queuePosition = index + 1;
        job.throttle.changed();
      }
    });
  }

  private runNow(job: PullJob): void {
    job.queuePosition = undefined;
    this.running.add(job);
    void this.run(job);
  }

  private createJob(reference: ImageReference, platform: string | undefined, oneTimeCredentials: OneTimeCredentials | undefined): PullJob {
    return createPullJob(reference, platform, oneTimeCredentials, {
      clock: this.clock,
      throttleMs: this.options.throttleMs ?? DEFAULT_THROTTLE_MS,
      publish: (job) => this.publish(job.final ?? this.viewOf(job)),
    });
  }

  private async run(job: PullJob): Promise<void> {
    this.setState(job, 'checking');
    let credentials: PullCredentials;
    try {
      credentials = await this.options.resolve(job.reference, job.oneTimeCredentials);
    } catch (error) {
      const code: FailureCode =
        error instanceof StevedoreError
          ? error.code === SECRET_STORAGE_NO_ANSWER
            ? 'KEYRING_NO_ANSWER'
            : 'CREDENTIALS_UNAVAILABLE'
          : classifyEngineError(error);
      this.finish(job, 'failed', this.describe(job, code, messageOf(error)));
      return;
    }
    if (job.final !== undefined) return;
    const { explanation, auth } = credentials;
    job.explanation = explanation;
    job.secrets.push(...secretsOf(auth));
    job.throttle.changed();

    let outcome = await this.attempt(job, auth);
    if (!outcome.ok && outcome.failure.code === 'UNAUTHORIZED' && auth !== undefined && STORED_SOURCES.has(explanation.source) && job.final === undefined) {
      // credentials.md §5: stored credentials that are rejected get one anonymous try (public images behind
      // a stale password still pull). If that fails too, the first failure is the one that explains it.
      const retry = await this.attempt(job, undefined);
      if (retry.ok) {
        job.notes.push(`The stored credentials of ${credentialOwner(explanation)} were rejected by ${job.reference.host}; the image was pulled anonymously.`);
        outcome = retry;
      } else {
        job.notes.push(`Pulling anonymously after the stored credentials were rejected did not work either (${retry.failure.title}: ${retry.failure.detail}).`);
      }
    }
    if (outcome.ok) this.finish(job, 'done');
    else this.finish(job, 'failed', outcome.failure);
  }

  /** One try with one set of credentials: platform check, pull, inspect. */
  private async attempt(job: PullJob, auth: DockerAuthConfig | undefined): Promise<AttemptOutcome> {
    try {
      const docker = this.options.docker();
      if (job.platform !== undefined) {
        this.setState(job, 'checking');
        const remote = this.options.remotePlatforms;
        const offered = await platformsForPreCheck(
          () => fetchDistribution(docker, job.reference.pullReference, auth, job.abort.signal),
          remote === undefined ? undefined : () => remote(job.reference.pullReference, auth, job.abort.signal),
          job.abort.signal,
        );
        const wanted = parsePlatform(job.platform);
        if (offered.length > 0 && !offered.some((platform) => platformSatisfies(wanted, platform))) {
          const platforms = offered.map(formatPlatform);
          return {
            ok: false,
            failure: this.describe(job, 'PLATFORM', `${job.reference.familiarReference} is available for ${platforms.join(', ')}, not for ${job.platform}.`, platforms),
          };
        }
      }
      if (job.final !== undefined) return cancelledOutcome(job);
      this.setState(job, 'pulling');

      const pullOptions: Record<string, unknown> = { abortSignal: job.abort.signal };
      if (auth !== undefined) pullOptions.authconfig = auth;
      if (job.platform !== undefined) pullOptions.platform = job.platform;
      const stream = await docker.pull(job.reference.pullReference, pullOptions);
      if (job.final !== undefined) {
        destroyStream(stream);
        return cancelledOutcome(job);
      }
      job.stream = stream;
      let streamError: string | undefined;
      await followPullStream(stream, (message: PullStreamMessage) => {
        if (message.error !== undefined || message.errorDetail !== undefined) {
          streamError ??= message.errorDetail?.message || message.error || 'the engine reported an error without a message';
          return;
        }
        job.progress.apply(message);
        job.throttle.changed();
      });
      job.stream = undefined;
      if (job.final !== undefined) return cancelledOutcome(job);
      if (streamError !== undefined) return { ok: false, failure: this.describe(job, classifyMessage(streamError), streamError) };

      const image = await docker.getImage(job.reference.pullReference).inspect();
      job.imageId = image.Id;
      job.sizeBytes = image.Size;
      job.digest = job.progress.snapshot().digest ?? repositoryDigest(image.RepoDigests, job.reference.name);
      job.progress.succeed();
      return { ok: true };
    } catch (error) {
      job.stream = undefined;
      if (job.final !== undefined) return cancelledOutcome(job);
      return { ok: false, failure: this.describe(job, classifyEngineError(error), messageOf(error)) };
    }
  }

  private setState(job: PullJob, state: PullState): void {
    if (job.final !== undefined || job.state === state) return;
    job.state = state;
    job.throttle.changed();
  }

  private finish(job: PullJob, state: FinalState, error?: FailureView): void {
    if (job.final !== undefined) return;
    job.state = state;
    job.error = error;
    job.finishedAt = this.clock().toISOString();
    job.queuePosition = undefined;
    if (state !== 'done') {
      job.abort.abort();
      if (job.stream !== undefined) destroyStream(job.stream);
    }
    job.stream = undefined;
    this.active.delete(job.id);
    if (this.activeByKey.get(job.key) === job) this.activeByKey.delete(job.key);
    this.running.delete(job);
    const queued = this.queue.indexOf(job);
    if (queued !== -1) this.queue.splice(queued, 1);

    const view = this.viewOf(job);
    job.final = view;
    this.finished = [view, ...this.finished.filter((other) => other.id !== view.id)].slice(0, this.options.finishedToKeep ?? FINISHED_PULLS_KEPT);
    job.throttle.finish();
    job.settle(view);
    const forDeploy = this.forDeploy.delete(job);
    try {
      this.options.onFinished?.(view, { forDeploy });
    } catch (error) {
      // Bookkeeping after a pull (recents, image list) must not stop the queue.
      console.error('Handling a finished pull failed:', messageOf(error));
    }
    this.pumpQueue();
  }

  private describe(job: PullJob, code: FailureCode, detail: string, platforms?: string[]): FailureView {
    const context: FailureContext = {
      image: job.reference.familiarReference,
      registryHost: job.reference.host,
      credential: describeCredentialUsed(job.explanation),
    };
    // The advice points at where the credentials came from (typed, stored registry, Docker config, helper).
    if (job.explanation !== undefined) context.credentialSource = job.explanation;
    if (job.platform !== undefined) context.platform = job.platform;
    if (platforms !== undefined) context.platforms = platforms;
    const endpoint = this.options.engineEndpoint?.();
    if (endpoint !== undefined) context.engineEndpoint = endpoint;
    const failure = describeFailure(code, context, redact(detail, job.secrets));
    return {
      ...failure,
      credential: job.explanation?.summary ?? 'None: the pull stopped before its credentials were chosen.',
    };
  }

  private viewOf(job: PullJob): PullView {
    return viewOfPull(job);
  }

  private publish(view: PullView): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(view);
      } catch (error) {
        // One broken subscriber (a window being torn down, say) must not stop the others or the pull.
        console.error('A pull progress listener failed:', messageOf(error));
      }
    }
  }
}

function parseReference(image: string): ImageReference {
  try {
    return parseImageReference(image);
  } catch (error) {
    if (error instanceof ImageReferenceError) throw new StevedoreError('REFERENCE_INVALID', error.message);
    throw error;
  }
}

/** What an attempt returns once the pull has already ended (cancelled): `finish` ignores it. */
function cancelledOutcome(job: PullJob): AttemptOutcome {
  return { ok: false, failure: job.error ?? { code: 'CANCELLED', title: 'Cancelled', cause: '', fix: '', detail: '', credential: '' } };
}

function destroyStream(stream: NodeJS.ReadableStream): void {
  (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
}

function repositoryDigest(repoDigests: readonly string[] | undefined, name: string): string | undefined {
  const match = repoDigests?.find((entry) => entry.startsWith(`${name}@`));
  return match?.slice(name.length + 1);
}
