/** Messages of the preview WebSocket transport. Shared by both ends so they cannot drift apart. */
export type ClientMessage = { type: 'invoke'; id: number; channel: string; args: unknown[] };
export type ServerMessage =
  | { type: 'result'; id: number; result: unknown }
  | { type: 'event'; channel: string; payload: unknown };

export const PREVIEW_BRIDGE_PATH = '/__stevedore/bridge';
export const PREVIEW_SCRIPT_PATH = '/__stevedore/preview-bridge.js';
export const TOKEN_PARAMETER = 'token';
