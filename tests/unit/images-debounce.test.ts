import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounce } from '../../main/core/debounce';

// The image list is published through this debounce (main/core/app.ts); the clock is vitest's fake one.
describe('debounce with a maximum wait (image-list updates)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs once after a burst of calls goes quiet', () => {
    const action = vi.fn();
    const publish = debounce(action, { waitMs: 250, maxWaitMs: 1000 });
    publish();
    vi.advanceTimersByTime(100);
    publish();
    vi.advanceTimersByTime(249);
    expect(action).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(action).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5000);
    expect(action).toHaveBeenCalledTimes(1);
  });

  it('still runs every maximum wait while calls never pause', () => {
    const action = vi.fn();
    const publish = debounce(action, { waitMs: 250, maxWaitMs: 1000 });
    // An engine event every 100 ms for 5 s: never a 250 ms pause.
    for (let elapsed = 0; elapsed < 5000; elapsed += 100) {
      publish();
      vi.advanceTimersByTime(100);
    }
    expect(action).toHaveBeenCalledTimes(5);
  });

  it('starts the maximum wait again from the first call after a run', () => {
    const action = vi.fn();
    const publish = debounce(action, { waitMs: 250, maxWaitMs: 1000 });
    publish();
    vi.advanceTimersByTime(250);
    expect(action).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(3000);
    for (let elapsed = 0; elapsed < 900; elapsed += 100) {
      publish();
      vi.advanceTimersByTime(100);
    }
    expect(action).toHaveBeenCalledTimes(1);
  });

  it('runs nothing after cancel', () => {
    const action = vi.fn();
    const publish = debounce(action, { waitMs: 250, maxWaitMs: 1000 });
    for (let elapsed = 0; elapsed < 900; elapsed += 100) {
      publish();
      vi.advanceTimersByTime(100);
    }
    publish.cancel();
    vi.advanceTimersByTime(5000);
    expect(action).not.toHaveBeenCalled();
  });
});
