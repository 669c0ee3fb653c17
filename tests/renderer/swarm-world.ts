/**
 * The renderer world of tests/renderer/harness.tsx with a Swarm manager at the engine boundary: `engine.docker()`
 * answers the calls main/core/swarm/services.ts and ./deploy.ts make (info, services, tasks, inspect, update, logs,
 * the stack's networks) from an in-memory list of services, and the docker CLI main runs for `stack deploy`,
 * `stack rm` and `service update` is a script on the app's PATH that writes down its arguments. The stack's
 * services exist on the manager after the CLI deployed it and until it removed it, as on a real Swarm. Every other
 * engine call is refused as by a stopped engine.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { vi } from 'vitest';
import { startWorld, type RendererWorld } from './harness';

const STACK_LABEL = 'com.docker.stack.namespace';

export interface FakeSwarmService {
  id: string;
  /** The name in the compose file; the manager names it `<stack>_<service>`. */
  service: string;
  image: string;
  /** Undefined: global mode. */
  replicas?: number;
  running: number;
  /** The engine's words for the newest task that did not run. */
  taskError?: string;
  logs?: string;
}

export interface SwarmWorld extends RendererWorld {
  stackId: string;
  services: FakeSwarmService[];
  /** Each docker CLI run main made, its arguments joined by spaces. */
  cliRuns(): string[];
  /** What main asked the engine to update, per service id. */
  updates: Array<{ id: string; replicas: number | undefined }>;
  /** The engine is (not) a Swarm manager, or refuses every call. */
  engine: { manager: boolean; refusing: boolean };
}

const refused = (): Error => Object.assign(new Error('connect ECONNREFUSED /nonexistent/stevedore-renderer-test.sock'), { code: 'ECONNREFUSED' });

/** `cliSeconds`: how long each CLI run takes after it has acted (a removal waiting for its tasks to stop). */
export async function startSwarmWorld(options: { deployed: boolean; services: FakeSwarmService[]; cli?: boolean; cliSeconds?: number }): Promise<SwarmWorld> {
  const bin = mkdtempSync(path.join(tmpdir(), 'stevedore-swarm-cli-'));
  const runsFile = path.join(bin, 'runs.log');
  writeFileSync(runsFile, options.deployed ? 'stack deploy shop\n' : '');
  if (options.cli !== false) {
    writeFileSync(path.join(bin, 'docker'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${runsFile}'\n${options.cliSeconds ? `/bin/sleep ${options.cliSeconds}\n` : ''}`);
    chmodSync(path.join(bin, 'docker'), 0o755);
  }
  const world = startWorld({ host: { env: { PATH: bin } } });
  const cliRuns = (): string[] => (existsSync(runsFile) ? readFileSync(runsFile, 'utf8').split('\n').filter(Boolean) : []);
  const deployed = (): boolean => cliRuns().filter((run) => run.startsWith('stack ')).at(-1)?.startsWith('stack deploy') === true;
  const engine = { manager: true, refusing: false };
  const updates: SwarmWorld['updates'] = [];
  const services = options.services;

  const record = (service: FakeSwarmService) => ({
    ID: service.id,
    Version: { Index: 7 },
    Spec: {
      Name: `shop_${service.service}`,
      Labels: { [STACK_LABEL]: 'shop' },
      Mode: service.replicas === undefined ? { Global: {} } : { Replicated: { Replicas: service.replicas } },
      TaskTemplate: { ContainerSpec: { Image: service.image } },
    },
    ServiceStatus: { RunningTasks: service.running, DesiredTasks: service.replicas ?? service.running },
  });
  const tasks = (service: FakeSwarmService) => [
    ...Array.from({ length: service.running }, (_, index) => ({ ID: `${service.id}-t${index}`, ServiceID: service.id, DesiredState: 'running', Status: { State: 'running' } })),
    ...(service.taskError
      ? [{ ID: `${service.id}-failed`, ServiceID: service.id, DesiredState: 'shutdown', Status: { State: 'rejected', Err: service.taskError, Timestamp: '2026-11-29T10:00:00.000Z' } }]
      : []),
  ];
  const onManager = (): FakeSwarmService[] => {
    if (engine.refusing) throw refused();
    return deployed() ? services : [];
  };
  const find = (id: string): FakeSwarmService => {
    const service = onManager().find((candidate) => candidate.id === id);
    if (!service) throw Object.assign(new Error(`service ${id} not found`), { statusCode: 404 });
    return service;
  };
  const docker = {
    info: async () => {
      if (engine.refusing) throw refused();
      return { Swarm: { ControlAvailable: engine.manager } };
    },
    listServices: async () => onManager().map(record),
    // The stack's network, while it is deployed (removal waits until the engine no longer lists it).
    listNetworks: async () => (onManager().length > 0 ? [{ Name: 'shop_default', Labels: { [STACK_LABEL]: 'shop' } }] : []),
    listTasks: async (query: { filters: string }) => {
      const ids = (JSON.parse(query.filters) as { service: string[] }).service;
      return onManager()
        .filter((service) => ids.includes(service.id))
        .flatMap(tasks);
    },
    getService: (id: string) => ({
      inspect: async () => record(find(id)),
      update: async (spec: { Mode?: { Replicated?: { Replicas?: number } } }) => {
        const service = find(id);
        const replicas = spec.Mode?.Replicated?.Replicas;
        updates.push({ id, replicas });
        // The manager converges at once here: every replica wanted runs.
        if (replicas !== undefined) Object.assign(service, { replicas, running: replicas });
      },
      logs: async () => find(id).logs ?? '',
    }),
  };
  const engineDocker = new Proxy(docker, {
    get: (target, name) => (name in target ? target[name as keyof typeof target] : async () => Promise.reject(refused())),
  });
  vi.spyOn(world.core.engine, 'docker').mockImplementation(() => engineDocker as unknown as Docker);

  const yaml = `services:\n${services.map((service) => `  ${service.service}:\n    image: ${service.image}\n`).join('')}`;
  await world.core.stacks.create({ name: 'shop', yaml });
  return { ...world, stackId: 'app:shop', services, cliRuns, updates, engine };
}

