/**
 * Display formatting only (no business rules): numbers as the docker CLI prints them, dates in the user's locale.
 */

export { formatBytes } from '../shared/format-bytes';

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
