/** Replays pull streams recorded from the bench engine (Docker 20.10) through the reader and the aggregator. */
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAX_PERCENT_BEFORE_SUCCESS, PullProgress } from '../../../main/core/pull/progress';
import { followPullStream } from '../../../main/core/pull/stream';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/pull/${name}`, import.meta.url));

async function replay(name: string) {
  const progress = new PullProgress();
  const percents: number[] = [];
  let messages = 0;
  await followPullStream(createReadStream(fixture(name), { highWaterMark: 97 }), (message) => {
    messages += 1;
    progress.apply(message);
    percents.push(progress.snapshot().percent);
  });
  return { progress, percents, messages };
}

describe('recorded engine pull streams', () => {
  it('a one-layer image: one layer complete, its bytes counted, the digest read', async () => {
    const { progress, percents, messages } = await replay('small-pull.jsonl');
    expect(messages).toBe(12);
    const snapshot = progress.snapshot();
    expect(snapshot.layers).toEqual([{ id: '860837fe3c2f', status: 'Pull complete', phase: 'complete', current: 1068853, total: 1068853 }]);
    expect(snapshot).toMatchObject({ bytesDone: 1068853, bytesTotal: 1068853, digest: 'sha256:956a33ea5cd1c977a8613f2c4687f018068f2250f23c1af4e513a2afe14c9b0a' });
    expect(percents.every((percent, index) => index === 0 || percent >= (percents[index - 1] ?? 0))).toBe(true);
    expect(percents.at(-1)).toBe(MAX_PERCENT_BEFORE_SUCCESS);
  });

  it('a seven-layer image with one layer already present: six layers fetched, monotonic throughout', async () => {
    const { progress, percents } = await replay('large-pull.jsonl');
    const snapshot = progress.snapshot();
    expect(snapshot.layers).toHaveLength(7);
    expect(snapshot.layers.filter((layer) => layer.phase === 'exists').map((layer) => layer.id)).toEqual(['860837fe3c2f']);
    expect(snapshot.layers.filter((layer) => layer.phase === 'complete')).toHaveLength(6);
    expect(snapshot.bytesDone).toBe(snapshot.bytesTotal);
    expect(snapshot.bytesDone).toBeGreaterThan(300_000_000);
    expect(percents.every((percent, index) => index === 0 || percent >= (percents[index - 1] ?? 0))).toBe(true);
    // It moves through the range rather than jumping: some update lands in every quarter.
    for (const [low, high] of [[0, 25], [25, 50], [50, 75], [75, 99]] as const) {
      expect(percents.some((percent) => percent > low && percent <= high)).toBe(true);
    }
    progress.succeed();
    expect(progress.snapshot().percent).toBe(100);
  });
});
