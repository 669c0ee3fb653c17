/**
 * One pull's state as the pull service keeps it (main/core/pull/service.ts), and the view of it that goes to the
 * renderer, the tray and the stacks that wait for it.
 */
import { randomUUID } from 'node:crypto';
import type { FailureView, PullState, PullView } from '../../../preload/api';
import type { ImageReference } from '../credentials/reference';
import type { OneTimeCredentials } from '../credentials/registry-types';
import type { PullCredentialExplanation } from './credentials';
import { PullProgress } from './progress';
import { UpdateThrottle } from './throttle';

export interface PullJob {
  readonly id: string;
  readonly key: string;
  readonly reference: ImageReference;
  readonly platform: string | undefined;
  readonly oneTimeCredentials: OneTimeCredentials | undefined;
  /** When the pull was requested (it may have waited in the queue before running). */
  readonly startedAt: string;
  readonly progress: PullProgress;
  readonly throttle: UpdateThrottle;
  readonly abort: AbortController;
  readonly settled: Promise<PullView>;
  readonly settle: (view: PullView) => void;
  state: PullState;
  queuePosition: number | undefined;
  explanation: PullCredentialExplanation | undefined;
  /** Everything that must never appear in a message: the secrets sent with this pull. */
  secrets: string[];
  notes: string[];
  stream: NodeJS.ReadableStream | undefined;
  digest: string | undefined;
  imageId: string | undefined;
  sizeBytes: number | undefined;
  error: FailureView | undefined;
  finishedAt: string | undefined;
  final: PullView | undefined;
}

export interface PullJobTiming {
  clock: () => Date;
  /** Minimum time between two progress updates of the pull. */
  throttleMs: number;
  /** Sends the pull's current view to whoever follows it; called by the throttle. */
  publish: (job: PullJob) => void;
}

/** Identity of a pull: what the engine is asked for, so nginx, nginx:latest and docker.io/library/nginx are one. */
export function pullKeyOf(reference: ImageReference, platform: string | undefined): string {
  return `${reference.pullReference} ${platform ?? ''}`;
}

export function createPullJob(
  reference: ImageReference,
  platform: string | undefined,
  oneTimeCredentials: OneTimeCredentials | undefined,
  timing: PullJobTiming,
): PullJob {
  const now = () => timing.clock().getTime();
  let settle!: (view: PullView) => void;
  const settled = new Promise<PullView>((resolve) => {
    settle = resolve;
  });
  const job: PullJob = {
    id: randomUUID(),
    key: pullKeyOf(reference, platform),
    reference,
    platform,
    oneTimeCredentials,
    startedAt: timing.clock().toISOString(),
    progress: new PullProgress({ now }),
    throttle: new UpdateThrottle(() => timing.publish(job), timing.throttleMs, now),
    abort: new AbortController(),
    settled,
    settle,
    state: 'queued',
    queuePosition: undefined,
    explanation: undefined,
    secrets: oneTimeCredentials ? [oneTimeCredentials.password] : [],
    notes: [],
    stream: undefined,
    digest: undefined,
    imageId: undefined,
    sizeBytes: undefined,
    error: undefined,
    finishedAt: undefined,
    final: undefined,
  };
  return job;
}

/** The pull's final view once it has ended, else a fresh view of where it is. */
export function viewOfPull(job: PullJob): PullView {
  if (job.final !== undefined) return job.final;
  const progress = job.progress.snapshot();
  const view: PullView = {
    id: job.id,
    image: job.reference.canonical,
    familiar: job.reference.familiarReference,
    state: job.state,
    credential: job.explanation
      ? { source: job.explanation.source, summary: job.explanation.summary, reason: job.explanation.reason }
      : credentialNotChosenYet(job.oneTimeCredentials !== undefined),
    layers: progress.layers,
    bytesDone: progress.bytesDone,
    bytesTotal: progress.bytesTotal,
    percent: progress.percent,
    startedAt: job.startedAt,
    notes: [...job.notes],
  };
  if (job.platform !== undefined) view.platform = job.platform;
  if (job.state === 'queued' && job.queuePosition !== undefined) view.queuePosition = job.queuePosition;
  if (job.state === 'pulling') {
    if (progress.bytesPerSecond !== undefined) view.bytesPerSecond = progress.bytesPerSecond;
    if (progress.etaSeconds !== undefined) view.etaSeconds = progress.etaSeconds;
  }
  if (job.finishedAt !== undefined) view.finishedAt = job.finishedAt;
  const digest = job.digest ?? progress.digest;
  if (digest !== undefined) view.digest = digest;
  if (job.imageId !== undefined) view.imageId = job.imageId;
  if (job.sizeBytes !== undefined) view.sizeBytes = job.sizeBytes;
  if (job.error !== undefined) view.error = job.error;
  return view;
}

/** Before the pull starts: sentences that name no image, so each is its own reason. */
function credentialNotChosenYet(oneTime: boolean): PullView['credential'] {
  const sentence = oneTime ? 'The one-time credentials given for this pull.' : 'Not chosen yet: the credentials are resolved when the pull starts.';
  return { source: oneTime ? 'one-time' : 'anonymous', summary: sentence, reason: sentence };
}
