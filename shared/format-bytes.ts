/**
 * The one byte formatter, for every place a size is shown to the user: the renderer (image sizes, pull progress),
 * the tray's notifications. It lives in `shared/` because both main and the renderer import it, and the renderer
 * may import nothing from `main/` (eslint.config.js lets both sides import `shared/`, which imports nothing).
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
