import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PERCENT_BEFORE_SUCCESS, PullProgress, type PullStreamMessage } from '../../../main/core/pull/progress';
import {
  complete,
  digestLine,
  downloaded,
  downloading,
  exists,
  extracting,
  fsLayer,
  layerLifecycle,
  pullingFrom,
  statusLine,
  verifying,
  waiting,
} from './messages';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

function fakeClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function applyAll(progress: PullProgress, messages: readonly PullStreamMessage[]): number[] {
  const percents: number[] = [];
  for (const message of messages) {
    progress.apply(message);
    percents.push(progress.snapshot().percent);
  }
  return percents;
}

function isNonDecreasing(values: readonly number[]): boolean {
  return values.every((value, index) => index === 0 || value >= (values[index - 1] ?? 0));
}

describe('PullProgress on a realistic pull', () => {
  const sequence: PullStreamMessage[] = [
    pullingFrom('stevedore/large', '1.0'),
    fsLayer('aaaaaaaaaaaa'),
    fsLayer('bbbbbbbbbbbb'),
    fsLayer('cccccccccccc'),
    waiting('cccccccccccc'),
    ...interleave(layerLifecycle('aaaaaaaaaaaa', 2_000_000), layerLifecycle('bbbbbbbbbbbb', 30_000_000, 10)),
    ...layerLifecycle('cccccccccccc', 500_000),
    digestLine(DIGEST),
    statusLine('Downloaded newer image for 127.0.0.1:5001/stevedore/large:1.0'),
  ];

  it('tracks each layer, ignores the "Pulling from" line, and ends with the digest', () => {
    const progress = new PullProgress({ now: fakeClock().now });
    const percents = applyAll(progress, sequence);
    const snapshot = progress.snapshot();
    expect(snapshot.layers.map((layer) => [layer.id, layer.phase, layer.status])).toEqual([
      ['aaaaaaaaaaaa', 'complete', 'Pull complete'],
      ['bbbbbbbbbbbb', 'complete', 'Pull complete'],
      ['cccccccccccc', 'complete', 'Pull complete'],
    ]);
    expect(snapshot.bytesDone).toBe(32_500_000);
    expect(snapshot.bytesTotal).toBe(32_500_000);
    expect(snapshot.digest).toBe(DIGEST);
    expect(snapshot.status).toBe('Downloaded newer image for 127.0.0.1:5001/stevedore/large:1.0');
    expect(isNonDecreasing(percents)).toBe(true);
    expect(Math.max(...percents)).toBe(MAX_PERCENT_BEFORE_SUCCESS);
    progress.succeed();
    expect(progress.snapshot().percent).toBe(100);
  });

  it('shows the current phase bytes of a layer: downloaded, then extracted', () => {
    const progress = new PullProgress();
    progress.apply(fsLayer('l1'));
    expect(progress.snapshot().layers[0]).toMatchObject({ phase: 'waiting', status: 'Pulling fs layer', current: 0, total: 0 });
    progress.apply(downloading('l1', 300, 1000));
    expect(progress.snapshot().layers[0]).toMatchObject({ phase: 'downloading', current: 300, total: 1000 });
    expect(progress.snapshot()).toMatchObject({ bytesDone: 300, bytesTotal: 1000 });
    progress.apply(verifying('l1'));
    expect(progress.snapshot().layers[0]).toMatchObject({ phase: 'verifying', current: 1000, total: 1000 });
    progress.apply(downloaded('l1'));
    progress.apply(extracting('l1', 100, 1000));
    expect(progress.snapshot().layers[0]).toMatchObject({ phase: 'extracting', current: 100, total: 1000 });
    expect(progress.snapshot().bytesDone).toBe(1000);
  });

  it('weights download 80% and extraction 20% of a layer', () => {
    const progress = new PullProgress();
    progress.apply(fsLayer('l1'));
    progress.apply(downloading('l1', 500, 1000));
    expect(progress.snapshot().percent).toBe(40);
    progress.apply(downloaded('l1'));
    expect(progress.snapshot().percent).toBe(80);
    progress.apply(extracting('l1', 500, 1000));
    expect(progress.snapshot().percent).toBe(90);
  });

  it('counts layers that already exist as done, and moves no bytes for them', () => {
    const progress = new PullProgress();
    applyAll(progress, [fsLayer('new1'), exists('old1'), exists('old2')]);
    expect(progress.snapshot()).toMatchObject({ bytesDone: 0, percent: 0 });
    applyAll(progress, [downloading('new1', 500, 1000)]);
    // Only the layer this pull must fetch is work: half its download is 40% of the pull.
    expect(progress.snapshot().percent).toBe(40);
    expect(progress.snapshot().layers.filter((layer) => layer.phase === 'exists')).toHaveLength(2);
  });

  it('does not jump ahead when layers that already exist are announced before the ones to fetch', () => {
    const progress = new PullProgress();
    progress.apply(exists('old1'));
    expect(progress.snapshot().percent).toBe(0);
    applyAll(progress, [fsLayer('new1'), fsLayer('new2'), downloading('new1', 250, 1000)]);
    expect(progress.snapshot().percent).toBe(10);
  });

  it('reaches 100 for an image that is already up to date only when told the pull succeeded', () => {
    const progress = new PullProgress();
    applyAll(progress, [pullingFrom('library/nginx', 'latest'), digestLine(DIGEST), statusLine('Image is up to date for nginx:latest')]);
    expect(progress.snapshot()).toMatchObject({ layers: [], percent: 0, digest: DIGEST });
    progress.succeed();
    expect(progress.snapshot().percent).toBe(100);
  });

  it('holds at 99 when every layer is complete but the engine has not confirmed the image', () => {
    const progress = new PullProgress();
    applyAll(progress, [fsLayer('l1'), ...layerLifecycle('l1', 1000)]);
    expect(progress.snapshot().percent).toBe(MAX_PERCENT_BEFORE_SUCCESS);
  });

  it('does not go back when a larger layer is discovered later, and keeps moving afterwards', () => {
    const progress = new PullProgress();
    applyAll(progress, [fsLayer('small'), fsLayer('big'), downloading('small', 1000, 1000)]);
    const before = progress.snapshot().percent;
    expect(before).toBe(40);
    // The big layer's size becomes known: the raw share of work done drops to ~0.8%.
    progress.apply(downloading('big', 1, 100_000));
    expect(progress.snapshot().percent).toBe(before);
    progress.apply(downloading('big', 50_000, 100_000));
    const after = progress.snapshot().percent;
    expect(after).toBeGreaterThan(before);
    expect(after).toBeLessThan(MAX_PERCENT_BEFORE_SUCCESS);
  });

  it('treats "Retrying in N seconds" as a download starting over without taking the percentage back', () => {
    const progress = new PullProgress();
    applyAll(progress, [fsLayer('l1'), downloading('l1', 600, 1000)]);
    const before = progress.snapshot().percent;
    progress.apply({ status: 'Retrying in 5 seconds', progressDetail: {}, id: 'l1' });
    expect(progress.snapshot().layers[0]).toMatchObject({ phase: 'downloading', status: 'Retrying in 5 seconds', current: 0 });
    expect(progress.snapshot().percent).toBe(before);
    expect(progress.snapshot().bytesDone).toBe(0);
  });

  it('records the first error message of the stream', () => {
    const progress = new PullProgress();
    progress.apply({ errorDetail: { message: 'manifest unknown' }, error: 'manifest unknown' });
    progress.apply({ error: 'second' });
    expect(progress.snapshot().error).toBe('manifest unknown');
  });
});

describe('PullProgress percentage under any ordering (property)', () => {
  const layerIds = ['l0', 'l1', 'l2', 'l3', 'l4', 'l5'];
  const arbitraryMessage: fc.Arbitrary<PullStreamMessage> = fc.oneof(
    fc.record({ id: fc.constantFrom(...layerIds), size: fc.integer({ min: 1, max: 1e9 }), part: fc.double({ min: 0, max: 1.2, noNaN: true }) }).chain(({ id, size, part }) =>
      fc.constantFrom(
        fsLayer(id),
        waiting(id),
        downloading(id, Math.round(size * part), size),
        verifying(id),
        downloaded(id),
        extracting(id, Math.round(size * part), size),
        complete(id),
        exists(id),
        { status: 'Retrying in 3 seconds', progressDetail: {}, id },
        { status: 'Something new', id },
      ),
    ),
    fc.constantFrom(pullingFrom('x/y', 'latest'), digestLine(DIGEST), statusLine('Downloaded newer image for x/y:latest')),
  );

  it('never decreases, stays within 0–99 before success, and is 100 after it', () => {
    fc.assert(
      fc.property(fc.array(arbitraryMessage, { maxLength: 200 }), (messages) => {
        const progress = new PullProgress();
        const percents = applyAll(progress, messages);
        expect(isNonDecreasing(percents)).toBe(true);
        for (const percent of percents) {
          expect(percent).toBeGreaterThanOrEqual(0);
          expect(percent).toBeLessThanOrEqual(MAX_PERCENT_BEFORE_SUCCESS);
        }
        progress.succeed();
        expect(progress.snapshot().percent).toBe(100);
      }),
      { numRuns: 500 },
    );
  });

  it('never decreases for random interleavings of complete layer lifecycles, and reaches 99 once all are complete', () => {
    const lifecycles = fc.array(fc.integer({ min: 1, max: 5e8 }), { minLength: 1, maxLength: 6 }).map((sizes) =>
      sizes.map((size, index) => [fsLayer(`l${index}`), ...layerLifecycle(`l${index}`, size, 3)]),
    );
    fc.assert(
      fc.property(lifecycles, fc.infiniteStream(fc.nat()), (perLayer, choices) => {
        const progress = new PullProgress();
        const queues = perLayer.map((messages) => [...messages]);
        const percents: number[] = [];
        const choice = choices[Symbol.iterator]();
        for (;;) {
          const open = queues.filter((queue) => queue.length > 0);
          if (open.length === 0) break;
          const queue = open[(choice.next().value as number) % open.length];
          const message = queue?.shift();
          if (message === undefined) break;
          progress.apply(message);
          percents.push(progress.snapshot().percent);
        }
        expect(isNonDecreasing(percents)).toBe(true);
        expect(percents.at(-1)).toBe(MAX_PERCENT_BEFORE_SUCCESS);
        expect(percents.slice(0, -1).every((percent) => percent < 100)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('PullProgress rate and ETA', () => {
  it('reports the transfer rate over a moving window and an ETA once every size is known', () => {
    const clock = fakeClock();
    const progress = new PullProgress({ now: clock.now, rateWindowMs: 5_000 });
    progress.apply(fsLayer('l1'));
    progress.apply(downloading('l1', 0, 10_000_000));
    expect(progress.snapshot().bytesPerSecond).toBeUndefined();
    // 1 MB/s for 4 seconds, one message every 250 ms.
    for (let step = 1; step <= 16; step += 1) {
      clock.advance(250);
      progress.apply(downloading('l1', step * 250_000, 10_000_000));
    }
    const snapshot = progress.snapshot();
    expect(snapshot.bytesPerSecond).toBe(1_000_000);
    // 6 MB of download left at 1 MB/s is 6 s; extraction (20% of the work) at the same work rate adds 2.5 s.
    expect(snapshot.etaSeconds).toBe(9);
  });

  it('forgets old speed: after the rate changes, the window reflects the new one', () => {
    const clock = fakeClock();
    const progress = new PullProgress({ now: clock.now, rateWindowMs: 2_000 });
    applyAll(progress, [fsLayer('l1'), downloading('l1', 0, 100_000_000)]);
    let bytes = 0;
    for (let step = 0; step < 20; step += 1) {
      clock.advance(200);
      bytes += 1_000_000; // 5 MB/s
      progress.apply(downloading('l1', bytes, 100_000_000));
    }
    expect(progress.snapshot().bytesPerSecond).toBe(5_000_000);
    for (let step = 0; step < 20; step += 1) {
      clock.advance(200);
      bytes += 100_000; // 0.5 MB/s
      progress.apply(downloading('l1', bytes, 100_000_000));
    }
    expect(progress.snapshot().bytesPerSecond).toBe(500_000);
  });

  it('lets the rate fall when the download stalls', () => {
    const clock = fakeClock();
    const progress = new PullProgress({ now: clock.now, rateWindowMs: 2_000 });
    applyAll(progress, [fsLayer('l1'), downloading('l1', 0, 10_000_000)]);
    for (let step = 1; step <= 10; step += 1) {
      clock.advance(200);
      progress.apply(downloading('l1', step * 200_000, 10_000_000));
    }
    expect(progress.snapshot().bytesPerSecond).toBe(1_000_000);
    clock.advance(10_000);
    expect(progress.snapshot().bytesPerSecond).toBe(0);
    expect(progress.snapshot().etaSeconds).toBeUndefined();
  });

  it('gives no ETA while a layer size is unknown, and no rate once nothing is left to download', () => {
    const clock = fakeClock();
    const progress = new PullProgress({ now: clock.now });
    applyAll(progress, [fsLayer('l1'), fsLayer('l2'), downloading('l1', 0, 1_000_000)]);
    for (let step = 1; step <= 8; step += 1) {
      clock.advance(250);
      progress.apply(downloading('l1', step * 100_000, 1_000_000));
    }
    expect(progress.snapshot().bytesPerSecond).toBe(400_000);
    expect(progress.snapshot().etaSeconds).toBeUndefined();
    applyAll(progress, [downloaded('l1'), downloaded('l2')]);
    clock.advance(1_000);
    expect(progress.snapshot().bytesPerSecond).toBeUndefined();
  });
});

function interleave<T>(a: readonly T[], b: readonly T[]): T[] {
  const result: T[] = [];
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const fromA = a[index];
    const fromB = b[index];
    if (fromA !== undefined) result.push(fromA);
    if (fromB !== undefined) result.push(fromB);
  }
  return result;
}
