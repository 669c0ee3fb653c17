import type { CallName, CallRequest, CallResponse } from '../../preload/api';
import { getBridge } from './bridge';

/** A call that main answered with `{ ok: false }` (or could not answer at all). `code` comes from main. */
export class CallFailedError extends Error {
  override readonly name = 'CallFailedError';

  constructor(
    readonly call: CallName,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Calls whose request is empty can be made without a second argument: `call('app.info')`. */
export type RequestArgs<N extends CallName> = undefined extends CallRequest<N>
  ? [request?: CallRequest<N>]
  : [request: CallRequest<N>];

/** Names of the calls that take no request. */
export type RequestlessCallName = { [N in CallName]: undefined extends CallRequest<N> ? N : never }[CallName];

/** Resolves with the call's value; rejects with `CallFailedError`. */
export async function call<N extends CallName>(name: N, ...args: RequestArgs<N>): Promise<CallResponse<N>> {
  const bridge = getBridge();
  let result;
  try {
    result = await bridge.invoke(name, args[0] as CallRequest<N>);
  } catch (error) {
    // The bridge answers failures with an envelope; a rejection means the transport itself broke.
    throw toCallFailedError(name, error);
  }
  if (result.ok) return result.value;
  throw new CallFailedError(name, result.error.code, result.error.message);
}

/** Anything thrown while calling, as a `CallFailedError`, so views have one error shape to show. */
export function toCallFailedError(name: CallName, error: unknown): CallFailedError {
  if (error instanceof CallFailedError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CallFailedError(name, 'RENDERER', message);
}
