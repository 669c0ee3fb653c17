import { describe, expect, it } from 'vitest';
import { splitEngineStatus } from '../../../renderer/stacks/stackText';

describe('splitEngineStatus', () => {
  const listedAt = '2026-01-01T10:00:00.000Z';

  it('turns the engine’s “… ago” into a time, so the page can keep it current', () => {
    expect(splitEngineStatus('Exited (137) Less than a second ago', listedAt)).toEqual({ words: 'Exited (137)', since: listedAt });
    expect(splitEngineStatus('Exited (0) 5 seconds ago', listedAt)).toEqual({ words: 'Exited (0)', since: '2026-01-01T09:59:55.000Z' });
    expect(splitEngineStatus('Exited (1) About a minute ago', listedAt)).toEqual({ words: 'Exited (1)', since: '2026-01-01T09:59:00.000Z' });
    expect(splitEngineStatus('Restarting (1) About an hour ago', listedAt)).toEqual({ words: 'Restarting (1)', since: '2026-01-01T09:00:00.000Z' });
    expect(splitEngineStatus('Exited (2) 3 days ago', listedAt)).toEqual({ words: 'Exited (2)', since: '2025-12-29T10:00:00.000Z' });
  });

  it('leaves other words as the engine wrote them', () => {
    expect(splitEngineStatus('Created', listedAt)).toEqual({ words: 'Created' });
    expect(splitEngineStatus('Up 3 minutes (healthy)', listedAt)).toEqual({ words: 'Up 3 minutes (healthy)' });
  });
});
