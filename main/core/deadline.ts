/**
 * One deadline for calls that could otherwise hang: an engine that accepts a connection and never answers
 * (main/core/engine/connection.ts, probe.ts), a keyring whose unlock prompt nobody answers
 * (main/secrets/safe-storage-cipher.ts).
 */

/**
 * Resolves like `promise`, or rejects with `onTimeout()` after `ms`. A rejection is always an Error (callers
 * read its message). The timer never keeps the process alive: quitting must not wait for a call nobody answers.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    timer.unref?.();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** The promise's answer, or an ETIMEDOUT error after `ms` (engine calls; main/core/engine/failure.ts reads the code). */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return withDeadline(promise, ms, () => Object.assign(new Error(`no answer within ${ms} ms`), { code: 'ETIMEDOUT' }));
}
