/**
 * The contract between the renderer and the main process: every call and every event, described once.
 *
 * Channel names, request validation (main side), response/event shaping and the renderer's types are all
 * derived from the two tables below, so adding a call is one entry here plus one handler in main.
 * Response and event schemas are `z.object`s, which strip unknown keys: a field that is not declared here
 * (a secret, a path, a stack trace) cannot reach the renderer even if a service returns it by mistake.
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------------------
// Shared payload shapes

export const BridgeErrorSchema = z.object({ code: z.string(), message: z.string() });
export type BridgeError = z.infer<typeof BridgeErrorSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** 'electron' for the desktop app, 'preview' for `npm run preview` in a browser. */
  runtime: z.enum(['electron', 'preview']),
  platform: z.string(),
  arch: z.string(),
  versions: z.object({ node: z.string(), electron: z.string().optional(), chrome: z.string().optional() }),
  /** Where secrets are kept, so the UI can say it plainly (preview keeps them in memory only). */
  secretStorage: z.object({
    kind: z.enum(['os-keyring', 'basic-text', 'memory', 'unavailable']),
    backend: z.string().optional(),
    description: z.string(),
  }),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const EngineEndpointSchema = z.object({
  /** The endpoint as the docker CLI would print it, e.g. unix:///var/run/docker.sock or tcp://host:2376. */
  url: z.string(),
  /** Why this endpoint was chosen. */
  source: z.enum(['setting', 'DOCKER_HOST', 'context', 'default', 'podman']),
  contextName: z.string().optional(),
  tls: z.boolean(),
});
export type EngineEndpointInfo = z.infer<typeof EngineEndpointSchema>;

export const EngineStatusSchema = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('connected'),
    endpoint: EngineEndpointSchema,
    version: z.string(),
    apiVersion: z.string(),
    os: z.string(),
    arch: z.string(),
    /** e.g. "Docker Engine - Community" or "Podman Engine". */
    product: z.string(),
    since: z.string(),
  }),
  z.object({
    state: z.enum(['disconnected', 'connecting']),
    endpoint: EngineEndpointSchema.optional(),
    reason: z.string(),
    fix: z.string(),
    since: z.string(),
    /** When the next automatic attempt is due (ISO time), if one is scheduled. */
    nextAttemptAt: z.string().optional(),
  }),
]);
export type EngineStatus = z.infer<typeof EngineStatusSchema>;

// ---------------------------------------------------------------------------------------------------------
// The tables

const Empty = z.undefined();

interface CallSpec {
  request: z.ZodType;
  response: z.ZodType;
}

export const calls = {
  'app.info': { request: Empty, response: AppInfoSchema },
  'engine.status': { request: Empty, response: EngineStatusSchema },
  /** Try to connect now instead of waiting for the next automatic attempt. */
  'engine.reconnect': { request: Empty, response: EngineStatusSchema },
} as const satisfies Record<string, CallSpec>;

export const events = {
  'engine.status': EngineStatusSchema,
} as const satisfies Record<string, z.ZodType>;

// ---------------------------------------------------------------------------------------------------------
// Derived names and types

export type CallName = keyof typeof calls;
export type EventName = keyof typeof events;
export type CallRequest<N extends CallName> = z.input<(typeof calls)[N]['request']>;
export type CallResponse<N extends CallName> = z.output<(typeof calls)[N]['response']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const CHANNEL_PREFIX = 'stevedore:';
export const callChannel = (name: CallName): string => `${CHANNEL_PREFIX}call:${name}`;
export const eventChannel = (name: EventName): string => `${CHANNEL_PREFIX}event:${name}`;
export const callNames = Object.keys(calls) as CallName[];
export const eventNames = Object.keys(events) as EventName[];

/** Every call answers with this envelope, because errors thrown across Electron's IPC lose their fields. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: BridgeError };

/** What the preload script exposes as `window.stevedore`. */
export interface StevedoreBridge {
  invoke<N extends CallName>(name: N, request: CallRequest<N>): Promise<CallResult<CallResponse<N>>>;
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Largest request the main process accepts, in bytes of JSON. Compose files are the largest legitimate payload. */
export const MAX_REQUEST_BYTES = 2 * 1024 * 1024;
