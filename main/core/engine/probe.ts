/**
 * A brief look at an engine for the engine list: reachable or not, its version, OS/arch and whether it is a
 * Swarm manager. Only `/_ping`, `/version` and `/info` are asked — requests that carry no registry credentials —
 * and the client goes through the same credentials guard as the live connection, so a probe can never send any.
 * All engines are probed at once, each with its own deadline, so one engine that never answers delays nothing.
 */
import Docker from 'dockerode';
import { guardCredentials } from './credentials-guard';
import { dockerodeOptions, type EngineEndpoint } from './endpoint';
import { describeEngineFailure } from './failure';
import { withTimeout } from '../deadline';

export interface EngineProbe {
  url: string;
  reachable: boolean;
  version?: string;
  os?: string;
  arch?: string;
  swarmManager?: boolean;
  /** Why it could not be reached, in the engine status' words. */
  reason?: string;
  /** How long the probe took, in ms. */
  tookMs: number;
}

export type ClientFor = (endpoint: EngineEndpoint) => Docker;
const realClient: ClientFor = (endpoint) => guardCredentials(new Docker(dockerodeOptions(endpoint)), endpoint);

async function probeEngine(endpoint: EngineEndpoint, timeoutMs = 3000, clientFor: ClientFor = realClient): Promise<EngineProbe> {
  const started = Date.now();
  const done = (probe: Omit<EngineProbe, 'url' | 'tookMs'>): EngineProbe => ({ url: endpoint.url, ...probe, tookMs: Date.now() - started });
  let client: Docker;
  try {
    client = clientFor(endpoint);
  } catch (error) {
    return done({ reachable: false, reason: describeEngineFailure(error, endpoint).reason });
  }
  try {
    const [version, info] = await withTimeout(Promise.all([client.version(), client.info() as Promise<{ Swarm?: { ControlAvailable?: boolean } }>]), timeoutMs);
    return done({ reachable: true, version: version.Version, os: version.Os, arch: version.Arch, swarmManager: info.Swarm?.ControlAvailable === true });
  } catch (error) {
    return done({ reachable: false, reason: describeEngineFailure(error, endpoint).reason });
  }
}

/** Probes every endpoint in parallel; the answer keeps the given order. */
export function probeEngines(endpoints: readonly EngineEndpoint[], timeoutMs = 3000, clientFor: ClientFor = realClient): Promise<EngineProbe[]> {
  return Promise.all(endpoints.map((endpoint) => probeEngine(endpoint, timeoutMs, clientFor)));
}
