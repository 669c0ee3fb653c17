/**
 * What a Swarm stack is running, read from the manager's API: its services (`/services`, label
 * `com.docker.stack.namespace`), their tasks (`/tasks`), replicas running/desired, and the errors of the tasks
 * that failed — explained with the error catalogue (./task-failure.ts). Also scale and logs of one service.
 */
import type Docker from 'dockerode';
import { StevedoreError } from '../errors';
import { parseImageReference } from '../credentials/reference';
import { SWARM_MAX_REPLICAS } from '../../../preload/api';
import type { SwarmRole } from './role';

export const STACK_LABEL = 'com.docker.stack.namespace';

interface SwarmTaskError {
  taskId: string;
  /** The task state it ended in: `rejected`, `failed`, … */
  state: string;
  /** The engine's words (`No such image: …`, `task: non-zero exit (1)`). */
  error: string;
  at: string;
}

export interface SwarmServiceView {
  id: string;
  /** `stack_service`, as `docker service ls` shows it. */
  name: string;
  /** The name in the compose file. */
  service: string;
  /** As written in the spec, without the digest the CLI pins. */
  image: string;
  mode: 'replicated' | 'global';
  running: number;
  desired: number;
  /** Errors of tasks that did not run, newest first, one per distinct message. */
  errors: SwarmTaskError[];
}

class SwarmServiceError extends StevedoreError {
  constructor(message: string) {
    super('SWARM_SERVICE_NOT_FOUND', message);
  }
}

interface ServiceRecord {
  ID: string;
  Version?: { Index?: number };
  Spec: {
    Name: string;
    Labels?: Record<string, string>;
    Mode?: { Replicated?: { Replicas?: number }; Global?: object };
    TaskTemplate?: { ContainerSpec?: { Image?: string } };
  };
}

interface TaskRecord {
  ID: string;
  ServiceID: string;
  DesiredState?: string;
  Status?: { State?: string; Err?: string; Timestamp?: string };
}

function filters(value: Record<string, string[]>): string {
  return JSON.stringify(value);
}

/** The image as written in the compose file: the CLI adds `@sha256:…` when it could resolve the digest. */
function specImage(image: string | undefined): string {
  return (image ?? '').replace(/@sha256:[0-9a-f]{64}$/, '');
}

/** The names of the networks of `stack` this engine lists (the CLI labels them with the stack's name). */
export async function listStackNetworks(docker: Docker, stack: string): Promise<string[]> {
  const networks = (await docker.listNetworks({ filters: filters({ label: [`${STACK_LABEL}=${stack}`] }) })) as Array<{ Name?: string }>;
  return networks.map((network) => network.Name ?? '?');
}

export async function listStackServices(docker: Docker, stack: string): Promise<SwarmServiceView[]> {
  const services = (await docker.listServices({ filters: filters({ label: [`${STACK_LABEL}=${stack}`] }) })) as unknown as ServiceRecord[];
  if (services.length === 0) return [];
  const tasks = (await docker.listTasks({ filters: filters({ service: services.map((service) => service.ID) }) })) as unknown as TaskRecord[];
  return services.map((service) => toView(service, tasks.filter((task) => task.ServiceID === service.ID), stack)).sort((a, b) => a.name.localeCompare(b.name));
}

function toView(service: ServiceRecord, tasks: TaskRecord[], stack: string): SwarmServiceView {
  const global = service.Spec.Mode?.Global !== undefined;
  const running = tasks.filter((task) => task.Status?.State === 'running' && task.DesiredState === 'running').length;
  const desired = global ? tasks.filter((task) => task.DesiredState === 'running').length : (service.Spec.Mode?.Replicated?.Replicas ?? 0);
  const failed = tasks
    .filter((task) => task.Status?.Err && task.Status.State !== 'running')
    .sort((a, b) => (b.Status?.Timestamp ?? '').localeCompare(a.Status?.Timestamp ?? ''));
  const errors: SwarmTaskError[] = [];
  for (const task of failed) {
    const error = task.Status?.Err ?? '';
    if (errors.some((seen) => seen.error === error)) continue;
    errors.push({ taskId: task.ID, state: task.Status?.State ?? 'unknown', error, at: task.Status?.Timestamp ?? '' });
  }
  const name = service.Spec.Name;
  return {
    id: service.ID,
    name,
    service: name.startsWith(`${stack}_`) ? name.slice(stack.length + 1) : name,
    image: specImage(service.Spec.TaskTemplate?.ContainerSpec?.Image),
    mode: global ? 'global' : 'replicated',
    running,
    desired,
    errors: errors.slice(0, 5),
  };
}

export interface SwarmStackSummary {
  services: number;
  /** Tasks running and wanted, over all the stack's services (the manager's own count, `ServiceStatus`). */
  running: number;
  desired: number;
}

/**
 * Every Swarm stack on the active engine with its replicas, in one call (`/services?status=true`, API 1.41), for the
 * stacks list. An engine that is not a manager refuses the call: it then has no Swarm stacks to show, and with
 * `role` (./role.ts) the call is not even sent until the engine's Swarm state can have changed.
 */
export async function swarmStackSummaries(docker: Docker, role?: Pick<SwarmRole, 'isManager' | 'forget'>): Promise<Map<string, SwarmStackSummary>> {
  if (role !== undefined && !(await role.isManager())) return new Map();
  let services: Array<ServiceRecord & { ServiceStatus?: { RunningTasks?: number; DesiredTasks?: number } }>;
  try {
    services = (await docker.listServices({ status: true, filters: filters({ label: [STACK_LABEL] }) } as never)) as unknown as typeof services;
  } catch {
    // The node may have left the Swarm: ask whether it is a manager before the next call.
    role?.forget();
    return new Map();
  }
  const summaries = new Map<string, SwarmStackSummary>();
  for (const service of services) {
    const stack = service.Spec.Labels?.[STACK_LABEL];
    if (!stack) continue;
    const summary = summaries.get(stack) ?? { services: 0, running: 0, desired: 0 };
    summary.services += 1;
    summary.running += service.ServiceStatus?.RunningTasks ?? 0;
    summary.desired += service.ServiceStatus?.DesiredTasks ?? 0;
    summaries.set(stack, summary);
  }
  return summaries;
}

async function inspectService(docker: Docker, id: string): Promise<ServiceRecord> {
  try {
    return (await docker.getService(id).inspect()) as unknown as ServiceRecord;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) {
      throw new SwarmServiceError(`The Swarm service ${id} no longer exists: the stack was removed or re-deployed. Refresh the stack.`);
    }
    throw error;
  }
}

/** The registry host of a service's image, for resolving its credential again. */
export async function serviceImage(docker: Docker, id: string): Promise<{ id: string; name: string; image: string; host: string }> {
  const service = await inspectService(docker, id);
  const image = specImage(service.Spec.TaskTemplate?.ContainerSpec?.Image);
  return { id: service.ID, name: service.Spec.Name, image, host: parseImageReference(image).host };
}

const MAX_REPLICAS = SWARM_MAX_REPLICAS;

/**
 * Sets the replicas of a replicated service. The service keeps the registry auth it was deployed with
 * (`registryAuthFrom` = the current spec), so new tasks pull with it.
 */
export async function scaleService(docker: Docker, id: string, replicas: number): Promise<void> {
  if (!Number.isInteger(replicas) || replicas < 0 || replicas > MAX_REPLICAS) {
    throw new SwarmServiceError(`Replicas must be a whole number from 0 to ${MAX_REPLICAS}; ${String(replicas)} is not.`);
  }
  const service = await inspectService(docker, id);
  if (service.Spec.Mode?.Replicated === undefined) {
    throw new SwarmServiceError(`${service.Spec.Name} runs in global mode (one task per node), so it cannot be scaled. Change its deploy mode to replicated to scale it.`);
  }
  const spec = { ...service.Spec, Mode: { Replicated: { Replicas: replicas } } };
  await docker.getService(id).update({ ...spec, version: service.Version?.Index ?? 0, registryAuthFrom: 'spec' } as never);
}

/** The last lines a service's tasks wrote (`/services/{id}/logs`), stdout and stderr interleaved as sent. */
export async function serviceLogs(docker: Docker, id: string, tail = 200): Promise<string[]> {
  await inspectService(docker, id);
  const raw = (await docker.getService(id).logs({ stdout: true, stderr: true, follow: false, tail, timestamps: false } as never)) as unknown as Buffer | string;
  const buffer = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8');
  return demultiplex(buffer)
    .split('\n')
    .filter((line) => line !== '');
}

/**
 * The engine's multiplexed log stream (8-byte headers: stream, 0, 0, 0, length) as text; a stream without
 * headers (a service with a TTY) is returned as is.
 */
export function demultiplex(buffer: Buffer): string {
  const chunks: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const kind = buffer[offset];
    if ((kind !== 0 && kind !== 1 && kind !== 2) || buffer[offset + 1] !== 0 || buffer[offset + 2] !== 0 || buffer[offset + 3] !== 0) {
      return offset === 0 ? buffer.toString('utf8') : Buffer.concat([...chunks, buffer.subarray(offset)]).toString('utf8');
    }
    const length = buffer.readUInt32BE(offset + 4);
    chunks.push(buffer.subarray(offset + 8, offset + 8 + length));
    offset += 8 + length;
  }
  return Buffer.concat(chunks).toString('utf8');
}
