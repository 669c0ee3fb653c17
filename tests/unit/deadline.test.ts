import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withDeadline, withTimeout } from '../../main/core/deadline';

describe('withDeadline', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers with the promise and leaves no timer behind', async () => {
    await expect(withDeadline(Promise.resolve('answer'), 1000, () => new Error('late'))).resolves.toBe('answer');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('passes the promise’s own error on and leaves no timer behind', async () => {
    const failure = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    await expect(withDeadline(Promise.reject(failure), 1000, () => new Error('late'))).rejects.toBe(failure);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('turns a rejection that is not an Error into one, so callers can read a message', async () => {
    await expect(withDeadline(Promise.reject('keyring said no'), 1000, () => new Error('late'))).rejects.toThrow(new Error('keyring said no'));
  });

  it('rejects with the caller’s error once the time is up, and ignores a late answer', async () => {
    let answer: (value: string) => void = () => undefined;
    const slow = new Promise<string>((resolve) => (answer = resolve));
    const result = withDeadline(slow, 1000, () => new Error('no answer in time'));
    const settled = expect(result).rejects.toThrow('no answer in time');
    await vi.advanceTimersByTimeAsync(999);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await settled;
    answer('too late');
    await expect(result).rejects.toThrow('no answer in time');
  });

  it('does not keep the process alive while it waits', () => {
    vi.useRealTimers();
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    void withDeadline(new Promise(() => undefined), 60_000, () => new Error('late')).catch(() => undefined);
    const timer = setTimeoutSpy.mock.results[0]?.value as NodeJS.Timeout;
    setTimeoutSpy.mockRestore();
    expect(timer.hasRef()).toBe(false);
    clearTimeout(timer);
  });
});

describe('withTimeout', () => {
  it('rejects a hanging engine call with an ETIMEDOUT error that names the wait', async () => {
    vi.useFakeTimers();
    try {
      const result = withTimeout(new Promise(() => undefined), 250);
      const settled = expect(result).rejects.toMatchObject({ code: 'ETIMEDOUT', message: 'no answer within 250 ms' });
      await vi.advanceTimersByTimeAsync(250);
      await settled;
    } finally {
      vi.useRealTimers();
    }
  });
});
