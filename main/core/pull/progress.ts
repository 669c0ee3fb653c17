/**
 * Turns Docker's pull stream (one JSON message per line) into the state a person wants to see: each layer's
 * phase and bytes, the bytes moved so far, a percentage that only ever moves forward, a transfer rate and an ETA.
 *
 * `apply` runs for every message of every pull, thousands per second on a fast registry, so it does O(1) work:
 * running sums are adjusted by each layer's change instead of being recomputed over all layers. The layer list
 * and the derived numbers are only built in `snapshot`, which the throttle calls at most ~10 times a second.
 */

/** One decoded line of `POST /images/create`. */
export interface PullStreamMessage {
  status?: string;
  /** The layer's short id for layer lines; the tag or digest for the "Pulling from …" line. */
  id?: string;
  /** Docker's own progress bar text; not used, the numbers are in `progressDetail`. */
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { code?: number; message?: string };
}

export type LayerPhase = 'waiting' | 'downloading' | 'verifying' | 'downloaded' | 'extracting' | 'complete' | 'exists';

interface LayerProgress {
  id: string;
  /** Docker's own words for the layer's last status. */
  status: string;
  phase: LayerPhase;
  /** Bytes of the current phase: downloaded while downloading, extracted while extracting. */
  current: number;
  total: number;
}

export interface ProgressSnapshot {
  layers: LayerProgress[];
  /** Compressed bytes downloaded by this pull (layers that already existed moved none). */
  bytesDone: number;
  /** Sum of the download sizes known so far; grows as the engine learns layer sizes. */
  bytesTotal: number;
  /** 0–100 with one decimal; never decreases, and is exactly 100 only after `succeed()`. */
  percent: number;
  bytesPerSecond?: number;
  etaSeconds?: number;
  /** From the `Digest: sha256:…` line. */
  digest?: string;
  /** From the `Status: …` line, e.g. "Downloaded newer image for nginx:latest". */
  status?: string;
  /** The first error the stream reported. */
  error?: string;
}

export interface PullProgressOptions {
  /** Milliseconds, monotonic enough for rates; tests pass a fake. */
  now?: () => number;
  /** Over how long the transfer rate is averaged. */
  rateWindowMs?: number;
}

/** Part of a layer's work that is downloading; extraction is the rest. Downloads dominate pulls on most links. */
const DOWNLOAD_SHARE = 0.8;
/** The highest percentage shown before the engine confirms the pull; 100 means "done" and nothing else. */
export const MAX_PERCENT_BEFORE_SUCCESS = 99;
const DEFAULT_RATE_WINDOW_MS = 5_000;
/** A rate measured over less time than this is noise. */
const MIN_RATE_SPAN_MS = 1_000;
/** Rate samples are kept at most this often, which bounds their number by window / interval. */
const SAMPLE_INTERVAL_MS = 200;

interface LayerState {
  id: string;
  status: string;
  phase: LayerPhase;
  current: number;
  total: number;
  /** Compressed size, 0 while unknown. */
  downloadSize: number;
  downloaded: number;
  /** 0–1: how much of this layer's work is done. */
  fraction: number;
}

interface RateSample {
  at: number;
  bytesDone: number;
  work: number;
  /** Σ known sizes when sampled; work samples are only comparable while it is unchanged. */
  weight: number;
}

const PHASE_BY_STATUS: ReadonlyMap<string, LayerPhase> = new Map<string, LayerPhase>([
  ['Pulling fs layer', 'waiting'],
  ['Waiting', 'waiting'],
  ['Downloading', 'downloading'],
  ['Verifying Checksum', 'verifying'],
  ['Download complete', 'downloaded'],
  ['Extracting', 'extracting'],
  ['Pull complete', 'complete'],
  ['Already exists', 'exists'],
]);

function ratio(current: number, total: number): number {
  if (!(total > 0)) return 0;
  const value = current / total;
  return value >= 1 ? 1 : value > 0 ? value : 0;
}

function layerFraction(layer: LayerState): number {
  switch (layer.phase) {
    case 'waiting':
      return 0;
    case 'downloading':
      return DOWNLOAD_SHARE * ratio(layer.current, layer.total);
    case 'verifying':
    case 'downloaded':
      return DOWNLOAD_SHARE;
    case 'extracting':
      return DOWNLOAD_SHARE + (1 - DOWNLOAD_SHARE) * ratio(layer.current, layer.total);
    case 'complete':
    case 'exists':
      return 1;
  }
}

function downloadedBytes(layer: LayerState): number {
  switch (layer.phase) {
    case 'waiting':
    case 'exists':
      return 0;
    case 'downloading':
      return layer.downloadSize > 0 ? Math.min(layer.current, layer.downloadSize) : Math.max(0, layer.current);
    default:
      return layer.downloadSize;
  }
}

export class PullProgress {
  private readonly now: () => number;
  private readonly rateWindowMs: number;
  private readonly layers = new Map<string, LayerState>();

  // Running sums over the layers, adjusted in `apply`. "Work" layers are those this pull must fetch (not
  // "Already exists"); a layer of known size weighs its size, one of unknown size the mean known size.
  private knownSizeSum = 0;
  private knownWorkSum = 0;
  private knownCount = 0;
  private unknownFractionSum = 0;
  private unknownCount = 0;
  private pendingDownloads = 0;
  private bytesDone = 0;

  /** The progress fraction as computed from the layers; it can drop when a new or larger layer appears. */
  private rawFraction = 0;
  /** What is shown (0–1): advances with every forward step of `rawFraction`, never moves back. */
  private shownFraction = 0;
  private succeeded = false;

  private readonly samples: RateSample[] = [];
  private digest: string | undefined;
  private statusLine: string | undefined;
  private error: string | undefined;

  constructor(options: PullProgressOptions = {}) {
    this.now = options.now ?? (() => Date.now());
    this.rateWindowMs = options.rateWindowMs ?? DEFAULT_RATE_WINDOW_MS;
  }

  /** The first error the stream carried, if any. */
  get errorMessage(): string | undefined {
    return this.error;
  }

  get hasSucceeded(): boolean {
    return this.succeeded;
  }

  apply(message: PullStreamMessage): void {
    if (message.error !== undefined || message.errorDetail !== undefined) {
      this.error ??= message.errorDetail?.message || message.error || 'the engine reported an error without a message';
      return;
    }
    const status = message.status;
    if (status === undefined) return;
    const id = message.id;
    if (id === undefined || id === '') {
      if (status.startsWith('Digest: ')) this.digest = status.slice('Digest: '.length).trim();
      else if (status.startsWith('Status: ')) this.statusLine = status.slice('Status: '.length).trim();
      return;
    }
    const phase = PHASE_BY_STATUS.get(status) ?? (status.startsWith('Retrying') ? 'downloading' : undefined);
    let layer = this.layers.get(id);
    if (layer === undefined) {
      // Only a layer status creates a layer: "Pulling from library/nginx" carries the tag as its id.
      if (phase === undefined) return;
      layer = { id, status, phase, current: 0, total: 0, downloadSize: 0, downloaded: 0, fraction: 0 };
      this.layers.set(id, layer);
      this.updateLayer(layer, undefined, status, phase, message);
      this.addContribution(layer);
    } else {
      this.removeContribution(layer);
      this.updateLayer(layer, layer.phase, status, phase ?? layer.phase, message);
      this.addContribution(layer);
    }
    this.advance();
    this.sample();
  }

  /** The engine confirmed the image: the only way to reach 100%. */
  succeed(): void {
    this.succeeded = true;
    this.shownFraction = 1;
  }

  snapshot(): ProgressSnapshot {
    const layers: LayerProgress[] = [];
    for (const layer of this.layers.values()) {
      layers.push({ id: layer.id, status: layer.status, phase: layer.phase, current: layer.current, total: layer.total });
    }
    const snapshot: ProgressSnapshot = {
      layers,
      bytesDone: this.bytesDone,
      bytesTotal: Math.max(this.knownSizeSum, this.bytesDone),
      percent: this.percent(),
    };
    if (!this.succeeded && this.error === undefined) this.addRateAndEta(snapshot);
    if (this.digest !== undefined) snapshot.digest = this.digest;
    if (this.statusLine !== undefined) snapshot.status = this.statusLine;
    if (this.error !== undefined) snapshot.error = this.error;
    return snapshot;
  }

  private percent(): number {
    if (this.succeeded) return 100;
    // Flooring keeps the shown value monotonic (floor is) and never rounds up to a 100 that has not happened.
    return Math.min(MAX_PERCENT_BEFORE_SUCCESS, Math.floor(this.shownFraction * 1000) / 10);
  }

  private updateLayer(layer: LayerState, previous: LayerPhase | undefined, status: string, phase: LayerPhase, message: PullStreamMessage): void {
    layer.status = status;
    layer.phase = phase;
    const detail = message.progressDetail;
    if (phase === 'downloading') {
      if (status.startsWith('Retrying')) {
        layer.current = 0;
      } else if (detail !== undefined) {
        if (typeof detail.current === 'number') layer.current = detail.current;
        if (typeof detail.total === 'number' && detail.total > 0) layer.downloadSize = detail.total;
      }
      layer.total = layer.downloadSize;
    } else if (phase === 'extracting') {
      if (previous !== 'extracting') layer.current = 0;
      if (detail !== undefined) {
        if (typeof detail.current === 'number') layer.current = detail.current;
        if (typeof detail.total === 'number' && detail.total > 0) layer.total = detail.total;
      }
      // The extraction counts compressed bytes, so its total is the download size when the download was unseen.
      if (layer.downloadSize === 0 && layer.total > 0) layer.downloadSize = layer.total;
    } else if (phase === 'verifying' || phase === 'downloaded' || phase === 'complete') {
      layer.current = layer.downloadSize;
      layer.total = layer.downloadSize;
    } else {
      layer.current = 0;
      layer.total = phase === 'waiting' ? layer.downloadSize : 0;
    }
    layer.fraction = layerFraction(layer);
    layer.downloaded = downloadedBytes(layer);
  }

  private addContribution(layer: LayerState): void {
    this.bytesDone += layer.downloaded;
    if (layer.phase === 'waiting' || layer.phase === 'downloading') this.pendingDownloads += 1;
    if (layer.phase === 'exists') return;
    if (layer.downloadSize > 0) {
      this.knownCount += 1;
      this.knownSizeSum += layer.downloadSize;
      this.knownWorkSum += layer.downloadSize * layer.fraction;
    } else {
      this.unknownCount += 1;
      this.unknownFractionSum += layer.fraction;
    }
  }

  private removeContribution(layer: LayerState): void {
    this.bytesDone -= layer.downloaded;
    if (layer.phase === 'waiting' || layer.phase === 'downloading') this.pendingDownloads -= 1;
    if (layer.phase === 'exists') return;
    if (layer.downloadSize > 0) {
      this.knownCount -= 1;
      this.knownSizeSum -= layer.downloadSize;
      this.knownWorkSum -= layer.downloadSize * layer.fraction;
    } else {
      this.unknownCount -= 1;
      this.unknownFractionSum -= layer.fraction;
    }
  }

  private computeRawFraction(): number {
    const workCount = this.knownCount + this.unknownCount;
    // Layers that already exist are announced first; the layers still to fetch follow. Until one does, nothing
    // is known to be done (an image with nothing to fetch goes from 0 to 100 when the engine confirms it).
    if (workCount === 0) return 0;
    const meanSize = this.knownCount > 0 ? this.knownSizeSum / this.knownCount : 1;
    const weight = this.knownSizeSum + meanSize * this.unknownCount;
    const work = this.knownWorkSum + meanSize * this.unknownFractionSum;
    const value = weight > 0 ? work / weight : 0;
    return value >= 1 ? 1 : value > 0 ? value : 0;
  }

  /**
   * Moves the shown fraction forward by the same share of what remains as the layers moved forward of what
   * remained for them. So a total that grows (a layer found, a size learned) pauses the bar instead of pulling
   * it back, the bar keeps moving afterwards instead of waiting to catch up, and it reaches the end exactly when
   * the layers do.
   */
  private advance(): void {
    const raw = this.computeRawFraction();
    const previous = this.rawFraction;
    this.rawFraction = raw;
    if (raw <= previous || this.shownFraction >= 1) return;
    const step = previous >= 1 ? 1 : (raw - previous) / (1 - previous);
    this.shownFraction = Math.min(1, this.shownFraction + (1 - this.shownFraction) * step);
  }

  private sample(): void {
    const at = this.now();
    const last = this.samples[this.samples.length - 1];
    if (last !== undefined && at - last.at < SAMPLE_INTERVAL_MS) return;
    this.samples.push({ at, bytesDone: this.bytesDone, work: this.knownWorkSum, weight: this.knownSizeSum });
    // Keep one sample older than the window as the base the rate is measured from.
    const cutoff = at - this.rateWindowMs;
    let drop = 0;
    while (drop + 1 < this.samples.length && (this.samples[drop + 1]?.at ?? Infinity) <= cutoff) drop += 1;
    if (drop > 0) this.samples.splice(0, drop);
  }

  private rateBase(at: number): RateSample | undefined {
    const cutoff = at - this.rateWindowMs;
    let base = this.samples[0];
    for (const sample of this.samples) {
      if (sample.at > cutoff) break;
      base = sample;
    }
    return base;
  }

  private addRateAndEta(snapshot: ProgressSnapshot): void {
    // A rate and an ETA mean something while there is something left to download.
    if (this.pendingDownloads === 0) return;
    const at = this.now();
    const base = this.rateBase(at);
    if (base === undefined) return;
    const span = at - base.at;
    if (span < MIN_RATE_SPAN_MS) return;
    const rate = Math.max(0, ((this.bytesDone - base.bytesDone) * 1000) / span);
    snapshot.bytesPerSecond = Math.round(rate);
    // An ETA needs every size known, and a work rate measured since the total last changed.
    if (this.unknownCount > 0) return;
    const workBase = this.samples.find((sample) => sample.at >= base.at && sample.weight === this.knownSizeSum);
    if (workBase === undefined || at - workBase.at < MIN_RATE_SPAN_MS) return;
    const workRate = ((this.knownWorkSum - workBase.work) * 1000) / (at - workBase.at);
    if (!(workRate > 0)) return;
    snapshot.etaSeconds = Math.ceil((this.knownSizeSum - this.knownWorkSum) / workRate);
  }
}
