/**
 * Display formatting for pulls and images: words for states and phases, rates, durations, short ids. Main sends
 * the facts; these only decide how they read.
 */
import type { PullView } from '../../preload/api';
import { formatBytes } from '../format';

export type PullLayerView = PullView['layers'][number];
export type LayerPhase = PullLayerView['phase'];
export type PullState = PullView['state'];

export { isActive } from './activeStates';

/** "Queued #2", "Checking platform", "Pulling", "Done", "Failed", "Cancelled". */
export function pullStateLabel(pull: Pick<PullView, 'state' | 'queuePosition' | 'platform'>): string {
  switch (pull.state) {
    case 'queued':
      return pull.queuePosition === undefined ? 'Queued' : `Queued #${pull.queuePosition}`;
    case 'checking':
      // Without a platform, this short step is only the credential lookup.
      return pull.platform ? 'Checking platform' : 'Preparing';
    case 'pulling':
      return 'Pulling';
    case 'done':
      return 'Done';
    case 'failed':
      return 'Failed';
    case 'cancelled':
      return 'Cancelled';
  }
}

const phaseLabels: Record<LayerPhase, string> = {
  waiting: 'Waiting',
  downloading: 'Downloading',
  verifying: 'Verifying',
  downloaded: 'Downloaded',
  extracting: 'Extracting',
  complete: 'Complete',
  exists: 'Already exists',
};

export function layerPhaseLabel(phase: LayerPhase): string {
  return phaseLabels[phase];
}

/** 12.3 MB/s, in the same decimal units as sizes. */
export function formatRate(bytesPerSecond: number | undefined): string | undefined {
  if (bytesPerSecond === undefined || !Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return undefined;
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** under a second, 4.2 s, 42 s, 3 min 05 s, 1 h 02 min. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 1) return 'under a second';
  if (seconds < 10) return `${Number(seconds.toFixed(1))} s`;
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes} min ${String(whole % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** "about 12 s left"; nothing when main does not know. */
export function formatEta(etaSeconds: number | undefined): string | undefined {
  if (etaSeconds === undefined || !Number.isFinite(etaSeconds) || etaSeconds < 0) return undefined;
  return `about ${formatDuration(Math.max(1, Math.round(etaSeconds)))} left`;
}

/** Seconds between two ISO times, or undefined when either is missing or not a date. */
export function secondsBetween(startIso: string, endIso: string | undefined): number | undefined {
  if (endIso === undefined) return undefined;
  const ms = Date.parse(endIso) - Date.parse(startIso);
  return Number.isFinite(ms) && ms >= 0 ? ms / 1000 : undefined;
}

/** As `docker images` prints ids: the first 12 hex digits, without the algorithm. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/** Layer progress in bytes: "12.3 MB / 48 MB", "48 MB", or nothing while the size is unknown. */
export function formatLayerBytes(layer: PullLayerView): string {
  if (layer.total > 0) {
    return layer.phase === 'downloading' || layer.phase === 'extracting'
      ? `${formatBytes(layer.current)} / ${formatBytes(layer.total)}`
      : formatBytes(layer.total);
  }
  return layer.current > 0 ? formatBytes(layer.current) : '';
}

/** A layer's own percentage while it moves; complete phases are full, waiting ones empty. */
export function layerPercent(layer: PullLayerView): number | undefined {
  if (layer.phase === 'complete' || layer.phase === 'exists' || layer.phase === 'downloaded' || layer.phase === 'verifying') return 100;
  if (layer.phase === 'waiting') return 0;
  return layer.total > 0 ? Math.min(100, (layer.current / layer.total) * 100) : undefined;
}

const relativeTime = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const relativeSteps: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** "3 minutes ago", "yesterday", "2 months ago", relative to `nowMs`. */
export function formatRelativeTime(iso: string, nowMs: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  let value = (at - nowMs) / 1000;
  if (Math.abs(value) < 45) return 'just now';
  for (const [unit, size] of relativeSteps) {
    if (Math.abs(value) < size) return relativeTime.format(Math.round(value), unit);
    value /= size;
  }
  return relativeTime.format(Math.round(value), 'year');
}
