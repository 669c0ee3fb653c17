/**
 * A live connection to the engine: status for the UI, a shared dockerode client for the services, and automatic
 * reconnection. While connected it holds the engine's event stream open, so an engine that stops is noticed the
 * moment the stream breaks rather than at the next poll; while disconnected it retries with a capped backoff.
 */
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import Docker from 'dockerode';
import type { EngineStatus } from '../../../preload/api';
import { guardCredentials } from './credentials-guard';
import { dockerodeOptions, findEngineEndpoint, sshTargetOf, type EngineEndpoint } from './endpoint';
import type { HostKeyPolicy } from './known-hosts';
import { withTimeout } from '../deadline';
import { describeEngineFailure } from './failure';
import { openSshEngineForward, type SshEngineForward } from './ssh-forward';

/** A decoded message from the engine's /events stream. */
export interface EngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  status?: string;
  id?: string;
  from?: string;
  time?: number;
  timeNano?: number;
}

export interface EngineConnectionOptions {
  /** The "Engine endpoint" setting, when the user set one. */
  endpointSetting?: () => string | undefined;
  /** Replaces endpoint discovery (tests, preview with an explicit endpoint). */
  findEndpoint?: (setting: string | undefined) => EngineEndpoint;
  clock?: () => Date;
  /** Backoff between attempts while disconnected, in ms. */
  retryDelays?: readonly number[];
  /** How long one ping may take before the engine counts as unreachable. */
  pingTimeoutMs?: number;
  /** SSH host key checking for ssh:// engines (default: ~/.ssh/known_hosts, unknown hosts refused). */
  hostKeys?: HostKeyPolicy;
}

type Listener<T> = (value: T) => void;

export class EngineConnection {
  private readonly emitter = new EventEmitter();
  private readonly options: Required<Omit<EngineConnectionOptions, 'endpointSetting' | 'hostKeys'>> & Pick<EngineConnectionOptions, 'endpointSetting' | 'hostKeys'>;
  private current: EngineStatus;
  private client: Docker | undefined;
  private endpoint: EngineEndpoint | undefined;
  private eventStream: Readable | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private connecting: Promise<EngineStatus> | undefined;
  private stopped = false;
  private sshForward: { engineUrl: string; forward: SshEngineForward } | undefined;

  constructor(options: EngineConnectionOptions = {}) {
    this.options = {
      endpointSetting: options.endpointSetting,
      hostKeys: options.hostKeys,
      findEndpoint: options.findEndpoint ?? ((setting) => findEngineEndpoint(setting)),
      clock: options.clock ?? (() => new Date()),
      retryDelays: options.retryDelays ?? [500, 1000, 2000, 3000, 5000],
      pingTimeoutMs: options.pingTimeoutMs ?? 5000,
    };
    this.current = { state: 'connecting', reason: 'Looking for the container engine…', fix: 'Wait a moment.', since: this.now() };
  }

  get status(): EngineStatus {
    return this.current;
  }

  /** The client for the current endpoint, or an ENGINE_UNREACHABLE error describing why there is none. */
  docker(): Docker {
    if (!this.client) {
      // Services may still try: the engine might be back before our next attempt notices.
      this.client = this.createClient();
    }
    return this.client;
  }

  get currentEndpoint(): EngineEndpoint | undefined {
    return this.endpoint;
  }

  onStatus(listener: Listener<EngineStatus>): () => void {
    this.emitter.on('status', listener);
    return () => this.emitter.off('status', listener);
  }

  /** Engine events (containers, images, networks) for services that follow live state, e.g. stacks. */
  onEngineEvent(listener: Listener<EngineEvent>): () => void {
    this.emitter.on('engine-event', listener);
    return () => this.emitter.off('engine-event', listener);
  }

  /** Starts connecting; resolves with the first definite status. */
  start(): Promise<EngineStatus> {
    this.stopped = false;
    return this.connect();
  }

  /** Drops the current client and connects again now (after a settings change, or when the user asks). */
  reconnect(): Promise<EngineStatus> {
    this.closeEventStream();
    this.client = undefined;
    this.attempt = 0;
    return this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.closeEventStream();
    this.closeSshForward();
  }

  /** The local forward Compose reaches an ssh:// engine through (ssh-forward.ts): one per engine, kept across reconnects. */
  private async sshForwardFor(endpoint: EngineEndpoint): Promise<string> {
    if (this.sshForward?.engineUrl === endpoint.url) return this.sshForward.forward.url;
    this.closeSshForward();
    const forward = await openSshEngineForward(sshTargetOf(endpoint, this.options.hostKeys));
    this.sshForward = { engineUrl: endpoint.url, forward };
    return forward.url;
  }

  private closeSshForward(): void {
    this.sshForward?.forward.close();
    this.sshForward = undefined;
  }

  private connect(): Promise<EngineStatus> {
    if (this.connecting) return this.connecting;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.connecting = this.tryConnect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async tryConnect(): Promise<EngineStatus> {
    let endpoint: EngineEndpoint;
    try {
      endpoint = this.options.findEndpoint(this.options.endpointSetting?.());
    } catch (error) {
      return this.disconnected(undefined, error);
    }
    this.endpoint = endpoint;
    this.client = this.createClient();
    const client = this.client;
    try {
      await withTimeout(client.ping(), this.options.pingTimeoutMs);
      const version = await withTimeout(client.version(), this.options.pingTimeoutMs);
      await this.openEventStream(client);
      if (endpoint.url.startsWith('ssh://')) this.endpoint = { ...endpoint, composeHost: await this.sshForwardFor(endpoint) };
      else this.closeSshForward();
      this.attempt = 0;
      const product = version.Components?.find((c) => c.Name === 'Engine' || c.Name === 'Podman Engine')?.Name;
      return this.setStatus({
        state: 'connected',
        endpoint: publicEndpoint(endpoint),
        version: version.Version,
        apiVersion: version.ApiVersion,
        os: version.Os,
        arch: version.Arch,
        product: (version as { Platform?: { Name?: string } }).Platform?.Name || product || 'Docker Engine',
        since: this.current.state === 'connected' ? this.current.since : this.now(),
      });
    } catch (error) {
      return this.disconnected(endpoint, error);
    }
  }

  private disconnected(endpoint: EngineEndpoint | undefined, error: unknown): EngineStatus {
    this.closeEventStream();
    const failure = describeEngineFailure(error, endpoint);
    const delay = this.options.retryDelays[Math.min(this.attempt, this.options.retryDelays.length - 1)] ?? 5000;
    this.attempt += 1;
    const nextAttempt = this.stopped ? undefined : new Date(this.options.clock().getTime() + delay);
    if (!this.stopped) this.retryTimer = setTimeout(() => void this.connect(), delay);
    const previous = this.current;
    return this.setStatus({
      state: 'disconnected',
      endpoint: endpoint ? publicEndpoint(endpoint) : undefined,
      reason: failure.reason,
      fix: failure.fix,
      // Keep "since" stable across retries so the UI can say how long the engine has been gone.
      since: previous.state === 'disconnected' && previous.reason === failure.reason ? previous.since : this.now(),
      nextAttemptAt: nextAttempt?.toISOString(),
    });
  }

  private async openEventStream(client: Docker): Promise<void> {
    this.closeEventStream();
    const stream = (await client.getEvents({})) as Readable;
    this.eventStream = stream;
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) {
          try {
            this.emitter.emit('engine-event', JSON.parse(line) as EngineEvent);
          } catch {
            // A torn or non-JSON line carries nothing we can use.
          }
        }
        newline = buffered.indexOf('\n');
      }
    });
    const lost = (error?: unknown) => {
      if (this.eventStream !== stream || this.stopped) return;
      this.eventStream = undefined;
      this.disconnected(this.endpoint, error ?? new Error('the engine closed its event stream'));
    };
    stream.on('error', lost);
    stream.on('close', () => lost());
    stream.on('end', () => lost());
  }

  private closeEventStream(): void {
    const stream = this.eventStream;
    this.eventStream = undefined;
    stream?.destroy();
  }

  private createClient(): Docker {
    const endpoint = this.endpoint ?? this.options.findEndpoint(this.options.endpointSetting?.());
    this.endpoint = endpoint;
    return guardCredentials(new Docker(dockerodeOptions(endpoint, undefined, undefined, this.options.hostKeys)), endpoint);
  }

  private setStatus(status: EngineStatus): EngineStatus {
    const changed = JSON.stringify(withoutTimes(status)) !== JSON.stringify(withoutTimes(this.current));
    this.current = status;
    if (changed) this.emitter.emit('status', status);
    return status;
  }

  private now(): string {
    return this.options.clock().toISOString();
  }
}

function withoutTimes(status: EngineStatus): unknown {
  const { since: _since, ...rest } = status;
  if ('nextAttemptAt' in rest) {
    const { nextAttemptAt: _next, ...stable } = rest;
    return stable;
  }
  return rest;
}

function publicEndpoint(endpoint: EngineEndpoint): EngineStatus['endpoint'] & object {
  return { url: endpoint.url, source: endpoint.source, contextName: endpoint.contextName, tls: endpoint.tls };
}
