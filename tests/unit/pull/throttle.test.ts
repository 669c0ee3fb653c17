import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UpdateThrottle } from '../../../main/core/pull/throttle';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A throttle over a counter: every emission records the state it carried. */
function counterThrottle(intervalMs = 100) {
  let state = 0;
  const emitted: number[] = [];
  const throttle = new UpdateThrottle(() => emitted.push(state), intervalMs);
  return {
    throttle,
    emitted,
    update: () => {
      state += 1;
      throttle.changed();
    },
    state: () => state,
  };
}

describe('UpdateThrottle', () => {
  it('sends the first change at once (leading edge)', () => {
    const { update, emitted } = counterThrottle();
    update();
    expect(emitted).toEqual([1]);
  });

  it('folds a burst of 1,000 updates in one second into at most 11 emissions, the last carrying the latest state', () => {
    const { update, emitted, state } = counterThrottle();
    for (let index = 0; index < 1000; index += 1) {
      update();
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(200);
    expect(emitted.length).toBeGreaterThanOrEqual(10);
    expect(emitted.length).toBeLessThanOrEqual(11);
    expect(emitted.at(-1)).toBe(state());
    // Emissions are spaced by the interval: every one carries a later state than the one before.
    expect(emitted.every((value, index) => index === 0 || value > (emitted[index - 1] ?? 0))).toBe(true);
  });

  it('sends a trailing update at the end of the interval with the latest state', () => {
    const { update, emitted } = counterThrottle();
    update();
    update();
    update();
    expect(emitted).toEqual([1]);
    vi.advanceTimersByTime(99);
    expect(emitted).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(emitted).toEqual([1, 3]);
  });

  it('sends the final state immediately on finish, and nothing after it', () => {
    const { throttle, update, emitted, state } = counterThrottle();
    update();
    update();
    update();
    throttle.finish();
    expect(emitted).toEqual([1, state()]);
    update();
    throttle.finish();
    vi.advanceTimersByTime(1_000);
    expect(emitted).toEqual([1, 3]);
    expect(throttle.isClosed).toBe(true);
  });

  it('close stops pending trailing updates without sending anything', () => {
    const { throttle, update, emitted } = counterThrottle();
    update();
    update();
    throttle.close();
    vi.advanceTimersByTime(1_000);
    update();
    expect(emitted).toEqual([1]);
  });

  it('holds a change until the interval has fully passed, however little of it remains', () => {
    const { update, emitted } = counterThrottle();
    update();
    vi.advanceTimersByTime(60);
    update();
    expect(emitted).toEqual([1]);
    vi.advanceTimersByTime(39);
    update();
    expect(emitted).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(emitted).toEqual([1, 3]);
  });

  it('sends at once when exactly the interval has passed', () => {
    const { update, emitted } = counterThrottle();
    update();
    vi.advanceTimersByTime(100);
    update();
    expect(emitted).toEqual([1, 2]);
  });

  it.each(['finish', 'close'] as const)('leaves no timer behind after %s, so a finished pull holds nothing alive', (end) => {
    const { throttle, update } = counterThrottle();
    update();
    update();
    expect(vi.getTimerCount()).toBe(1);
    throttle[end]();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('sends again at once after a quiet interval', () => {
    const { update, emitted } = counterThrottle();
    update();
    vi.advanceTimersByTime(500);
    update();
    expect(emitted).toEqual([1, 2]);
  });
});

describe('UpdateThrottle: several pulls at once (issue 15: six pulls with Images open)', () => {
  it('sends the trailing updates of throttles with the same interval at the same moments, so a window gets them together', () => {
    const sentAt = { a: [] as number[], b: [] as number[] };
    const a = new UpdateThrottle(() => sentAt.a.push(Date.now()), 100);
    const b = new UpdateThrottle(() => sentAt.b.push(Date.now()), 100);
    vi.advanceTimersByTime(5);
    for (let ms = 0; ms < 1000; ms += 1) {
      a.changed();
      if (ms >= 30) b.changed();
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(300);
    // Each starts with its leading update; every later one is on the same 100 ms beat for both.
    const trailing = (times: number[]) => times.slice(1);
    expect(trailing(sentAt.a).every((at) => at % 100 === 0)).toBe(true);
    expect(trailing(sentAt.b).every((at) => at % 100 === 0)).toBe(true);
    expect(trailing(sentAt.b).every((at) => sentAt.a.includes(at))).toBe(true);
    // Still at most one update per interval each.
    for (const times of [sentAt.a, sentAt.b]) expect(times.every((at, index) => index === 0 || at - (times[index - 1] ?? 0) >= 100)).toBe(true);
  });
});
