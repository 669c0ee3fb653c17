import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../shared/format-bytes';

// The one byte formatter: the tray's notifications and the renderer both show sizes through it.
describe('formatBytes', () => {
  it('prints decimal units as docker images does', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(12_345_678)).toBe('12.3 MB');
    expect(formatBytes(187_000_000)).toBe('187 MB');
    expect(formatBytes(1_234_000_000)).toBe('1.2 GB');
  });

  it('shows a dash for a size that is not one', () => {
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});
