/**
 * The main side of the contract: one handler per call, registered on any `ipcMain`-like transport.
 *
 * Every request is checked in the same order — sender, size, schema — before a handler sees it, and every
 * answer is an envelope whose value has been shaped by the response schema (unknown keys stripped).
 * Errors cross as `{ code, message }` only: never a stack trace, never an unexpected error's text.
 */
import {
  calls,
  callChannel,
  callNames,
  MAX_REQUEST_BYTES,
  type BridgeError,
  type CallName,
  type CallRequest,
  type CallResponse,
  type CallResult,
} from '../../../preload/api';
import { StevedoreError } from '../errors';

export type TransportHandler<E> = (event: E, ...args: unknown[]) => unknown;

export interface MainTransport<E> {
  handle(channel: string, handler: TransportHandler<E>): void;
  removeHandler(channel: string): void;
}

/** Who made a call: the window or preview socket, so state it opens (log streams) can end when it goes away. */
export interface Caller {
  sender: string;
}

export type CallHandlers = {
  // `caller` is absent when main itself (or a test) calls a handler directly.
  [N in CallName]: (request: CallRequest<N>, caller?: Caller) => Promise<CallResponse<N>> | CallResponse<N>;
};

export interface RouterOptions<E> {
  transport: MainTransport<E>;
  /** True only for the app's own frames; everything else is refused before its payload is even parsed. */
  isTrustedSender: (event: E) => boolean;
  handlers: CallHandlers;
  /** A stable id of the window or socket behind a request (the host reports it gone with the same id). */
  senderId?: (event: E) => string;
  /** Told about unexpected failures (which the renderer only sees as INTERNAL). Must not log payloads. */
  onUnexpectedError?: (name: CallName, error: unknown) => void;
}

export interface Router {
  dispose(): void;
}

export function createRouter<E>(options: RouterOptions<E>): Router {
  const { transport, isTrustedSender, handlers, onUnexpectedError, senderId } = options;
  const shaped = new ShapedOnce();
  for (const name of callNames) {
    transport.handle(callChannel(name), async (event, ...args) => {
      if (!isTrustedSender(event)) return failure('FORBIDDEN_SENDER', 'This request did not come from Stevedore\'s own window and was refused.');
      return dispatch(name, args, handlers, onUnexpectedError, { sender: senderId?.(event) ?? 'main' }, shaped);
    });
  }
  return {
    dispose() {
      for (const name of callNames) transport.removeHandler(callChannel(name));
    },
  };
}

async function dispatch(
  name: CallName,
  args: unknown[],
  handlers: CallHandlers,
  onUnexpectedError: RouterOptions<unknown>['onUnexpectedError'],
  caller: Caller,
  shaped: ShapedOnce,
): Promise<CallResult<unknown>> {
  if (args.length > 1) return failure('INVALID_REQUEST', `${name} takes one argument, got ${args.length}.`);
  const payload = args[0];
  const size = byteSize(payload);
  if (size === undefined) return failure('INVALID_REQUEST', `The request for ${name} is not plain data.`);
  if (size > MAX_REQUEST_BYTES) {
    return failure('PAYLOAD_TOO_LARGE', `The request for ${name} is ${size} bytes; the limit is ${MAX_REQUEST_BYTES}. Use a smaller file.`);
  }
  const spec = calls[name];
  const parsed = spec.request.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return failure('INVALID_REQUEST', `The request for ${name} is malformed${where}: ${issue?.message ?? 'invalid'}.`);
  }
  try {
    const handler = handlers[name] as (request: unknown, caller: Caller) => unknown;
    const value = await handler(parsed.data, caller);
    return shaped.answer(name, value, () => ({ ok: true, value: spec.response.parse(value) }));
  } catch (error) {
    if (error instanceof StevedoreError) return failure(error.code, error.message);
    onUnexpectedError?.(name, error);
    return failure('INTERNAL', `Stevedore hit an unexpected problem while handling ${name}. Details are in the app log.`);
  }
}

/**
 * Answers shaped by their schema, kept for the answers main holds unchanged for every window: a frozen value (the
 * Images list at one version, image-feed.ts) is shaped once — about 7 ms of main's thread at 2,000 images, and the
 * same envelope lets the preview transport serialise it once (main/preview/server.ts). A handler freezes only what
 * it never changes; anything else is shaped on every call.
 */
class ShapedOnce {
  private readonly byCall = new Map<CallName, WeakMap<object, CallResult<unknown>>>();

  answer(name: CallName, value: unknown, shape: () => CallResult<unknown>): CallResult<unknown> {
    if (typeof value !== 'object' || value === null || !Object.isFrozen(value)) return shape();
    let kept = this.byCall.get(name);
    if (kept === undefined) this.byCall.set(name, (kept = new WeakMap()));
    let answer = kept.get(value);
    // Frozen in turn: the transport may keep its serialised text too (main/preview/server.ts).
    if (answer === undefined) kept.set(value, (answer = Object.freeze(shape())));
    return answer;
  }
}

function failure(code: string, message: string): { ok: false; error: BridgeError } {
  return { ok: false, error: { code, message } };
}

/** JSON size of a payload, or undefined when it is not JSON data (functions, cycles, BigInt). */
function byteSize(payload: unknown): number | undefined {
  if (payload === undefined) return 0;
  try {
    const json = JSON.stringify(payload);
    return json === undefined ? undefined : Buffer.byteLength(json, 'utf8');
  } catch {
    return undefined;
  }
}
