/**
 * Display formatting only (no business rules): numbers as the docker CLI prints them, dates in the user's locale.
 */

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

/** Bytes in decimal units, as `docker images` shows them: 0 B, 999 B, 12.3 MB, 48 MB, 1.2 GB. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${Number(value.toFixed(digits))} ${UNITS[unit]}`;
}

/** 0–100 as a whole percentage; never shows 100% before the work is actually done. */
export function formatPercent(percent: number): string {
  if (!Number.isFinite(percent)) return '—';
  return `${Math.min(100, Math.max(0, Math.floor(percent)))}%`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** An ISO time in the user's locale, or the input as is when it is not a date. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}
