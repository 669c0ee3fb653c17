/** Messages of the preview WebSocket transport. Shared by both ends so they cannot drift apart. */
export type ClientMessage = { type: 'invoke'; id: number; channel: string; args: unknown[] };
export type ServerMessage =
  | { type: 'result'; id: number; result: unknown }
  | { type: 'event'; channel: string; payload: unknown };

export const PREVIEW_BRIDGE_PATH = '/__stevedore/bridge';
export const PREVIEW_SCRIPT_PATH = '/__stevedore/preview-bridge.js';
/** The one-time token's query parameter in the address `npm run preview` prints. */
export const TOKEN_PARAMETER = 'token';
/** At most this many sockets at once (tabs of the one browser session); more are refused with a reason. */
export const MAX_PREVIEW_SOCKETS = 8;

/**
 * Why the server closed a socket on purpose. A browser shows a page nothing about a refused WebSocket handshake,
 * so the server completes the handshake and closes at once with one of these codes (4000–4999 are the
 * application's own); the page stops reconnecting and shows `message` and `fix`. The close frame's reason is
 * limited to 123 bytes, so the full text lives here, on both ends, keyed by code.
 */
export const PREVIEW_REFUSALS = {
  4401: {
    reason: 'no preview session',
    message: 'This tab has no preview session: preview was restarted, or this browser never opened its one-time address.',
    fix: 'Open the address npm run preview printed most recently (restart preview for a new one).',
  },
  4429: {
    reason: 'too many connections',
    message: `Too many Stevedore tabs are open: preview accepts ${MAX_PREVIEW_SOCKETS} at once.`,
    fix: 'Close a Stevedore tab you do not need, then reload this one.',
  },
} as const;

export type PreviewRefusalCode = keyof typeof PREVIEW_REFUSALS;

export interface PreviewRefusal {
  code: number;
  message: string;
  fix: string;
}

/** The refusal behind a close code, or undefined for an ordinary close (the page reconnects then). */
export function refusalFor(code: number): PreviewRefusal | undefined {
  const known = (PREVIEW_REFUSALS as Record<number, { message: string; fix: string } | undefined>)[code];
  return known ? { code, message: known.message, fix: known.fix } : undefined;
}
