/**
 * The one error type the core throws on purpose. `code` is stable and machine-readable (the renderer and
 * the error mapper switch on it); `message` is for people: what went wrong, why, and what to do.
 * Messages must never contain a secret — they cross IPC and end up in logs.
 */
export class StevedoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
