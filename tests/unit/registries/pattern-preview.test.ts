import { describe, expect, it } from 'vitest';
import { previewPatterns } from '../../../main/core/registries/pattern-preview';

describe('previewPatterns', () => {
  it('expands patterns relative to the registry host, with library/ on Docker Hub', () => {
    expect(previewPatterns('index.docker.io', ['nginx', 'team/*', '**']).patterns).toEqual([
      { written: 'nginx', expanded: 'docker.io/library/nginx' },
      { written: 'team/*', expanded: 'docker.io/team/*' },
      { written: '**', expanded: 'docker.io/**' },
    ]);
  });

  it('shows which pattern matches a sample image, preferring the most specific', () => {
    const preview = previewPatterns('ghcr.io', ['team/**', 'team/app'], 'ghcr.io/team/app:1.2');
    expect(preview.sample).toEqual({ image: 'ghcr.io/team/app:1.2', matchedBy: 'ghcr.io/team/app' });
    expect(previewPatterns('ghcr.io', ['team/*'], 'ghcr.io/other/app').sample?.matchedBy).toBeUndefined();
  });

  it('treats no patterns as the whole host', () => {
    expect(previewPatterns('ghcr.io', [], 'ghcr.io/any/thing').sample?.matchedBy).toBe('ghcr.io/**');
    expect(previewPatterns('ghcr.io', [], 'quay.io/any/thing').sample?.matchedBy).toBeUndefined();
  });

  it('explains invalid patterns and samples instead of failing', () => {
    const preview = previewPatterns('ghcr.io', ['team/[ab]', 'ok/*'], 'Not An Image');
    expect(preview.patterns[0]?.error).toMatch(/not supported/);
    expect(preview.patterns[1]?.expanded).toBe('ghcr.io/ok/*');
    expect(preview.sample?.error).toBeTruthy();
    expect(previewPatterns('https://u:p@ghcr.io', ['x']).patterns[0]?.error).toMatch(/Fix the registry address first/);
  });
});
