/**
 * Live state of compose projects on the engine, from the containers compose labels
 * (`com.docker.compose.project`, `…service`). One full listing when following starts (and again whenever the
 * engine connection comes back), then only the engine's event stream: a container event of a project re-lists
 * that project's containers. Nothing polls. While compose works on a project for a deploy (`followEvents`), its
 * events are applied as they come instead, and the project is listed once when compose is done: a deploy of eight
 * services listed it 16 times (tests/integration/stack-deploy-listings.test.ts).
 */
import type Docker from 'dockerode';
import type { EngineEvent } from '../engine/connection';

export const PROJECT_LABEL = 'com.docker.compose.project';
export const SERVICE_LABEL = 'com.docker.compose.service';
const ONEOFF_LABEL = 'com.docker.compose.oneoff';
const CONFIG_FILES_LABEL = 'com.docker.compose.project.config_files';
const WORKING_DIR_LABEL = 'com.docker.compose.project.working_dir';
const NUMBER_LABEL = 'com.docker.compose.container-number';

export interface ContainerSummary {
  id: string;
  name: string;
  project: string;
  service: string;
  /** The engine's state: created, running, paused, restarting, removing, exited, dead. */
  state: string;
  /** The engine's words, e.g. "Up 3 minutes (healthy)" or "Exited (0) 5 seconds ago". */
  status: string;
  health?: 'healthy' | 'unhealthy' | 'starting';
  ports: string[];
  image: string;
  imageId: string;
  createdAt: string;
  number?: number;
  /** Where compose was run from, per its labels (used to suggest the file of a stack started elsewhere). */
  configFiles?: string;
  workingDir?: string;
}

export interface ServiceStatus {
  service: string;
  /** One state when all containers agree, `mixed` when they do not, `not-created` when there are none. */
  state: string;
  health?: 'healthy' | 'unhealthy' | 'starting';
  ports: string[];
  image?: string;
  containers: ContainerSummary[];
}

/**
 * The engine sends some events before the container listing shows their effect (20.10 logs `unpause` before it
 * saves the container's new state), so a project is listed once more this long after its last event.
 */
const CONFIRM_LISTING_MS = 500;

/** Container actions that change what a status shows; exec_* (health checks run one every interval), top, … do not. */
const RELEVANT_ACTIONS = /^(create|start|restart|stop|die|kill|pause|unpause|destroy|rename|update|oom|health_status)/;

/**
 * A container as one of its events tells it (its attributes are its labels, `name` and `image`): no ports and no image
 * id until the project is listed.
 */
function summaryFromEvent(id: string, attributes: Record<string, string>, time: number | undefined): ContainerSummary | undefined {
  const info = { Id: id, Names: [`/${attributes.name ?? id.slice(0, 12)}`], Labels: attributes, State: 'created', Status: 'Created', Ports: [], Image: attributes.image ?? '', ImageID: '', Created: time ?? 0 };
  return summarizeContainer(info as unknown as Docker.ContainerInfo);
}

/** The container after one event, in the engine's words for a change just made; undefined when it was removed. */
function afterEvent(container: ContainerSummary, action: string, attributes: Record<string, string>): ContainerSummary | undefined {
  const [verb, detail] = action.split(': ', 2);
  switch (verb) {
    case 'destroy':
      return undefined;
    case 'create':
      return container;
    case 'start':
    case 'restart':
    case 'unpause': {
      const { health: _health, ...rest } = container;
      return { ...rest, state: 'running', status: 'Up Less than a second' };
    }
    case 'die':
      return { ...container, state: 'exited', status: `Exited (${attributes.exitCode ?? '?'}) Less than a second ago` };
    case 'pause':
      return { ...container, state: 'paused', status: 'Up Less than a second (Paused)' };
    case 'rename':
      return attributes.name ? { ...container, name: attributes.name } : container;
    case 'health_status':
      return detail === 'healthy' || detail === 'unhealthy' ? { ...container, health: detail } : container;
    default:
      // stop and kill are followed by die; update and oom change nothing the status shows until the next listing.
      return container;
  }
}

export function summarizeContainer(info: Docker.ContainerInfo): ContainerSummary | undefined {
  const labels = info.Labels ?? {};
  const project = labels[PROJECT_LABEL];
  if (!project || labels[ONEOFF_LABEL] === 'True') return undefined;
  const summary: ContainerSummary = {
    id: info.Id,
    name: (info.Names?.[0] ?? info.Id.slice(0, 12)).replace(/^\//, ''),
    project,
    service: labels[SERVICE_LABEL] ?? '',
    state: info.State,
    status: info.Status,
    ports: formatPorts(info.Ports ?? []),
    image: info.Image,
    imageId: info.ImageID,
    createdAt: new Date(info.Created * 1000).toISOString(),
  };
  const health = /\((healthy|unhealthy|health: starting)\)/.exec(info.Status)?.[1];
  if (health) summary.health = health === 'health: starting' ? 'starting' : (health as 'healthy' | 'unhealthy');
  const number = Number(labels[NUMBER_LABEL]);
  if (Number.isInteger(number)) summary.number = number;
  if (labels[CONFIG_FILES_LABEL]) summary.configFiles = labels[CONFIG_FILES_LABEL];
  if (labels[WORKING_DIR_LABEL]) summary.workingDir = labels[WORKING_DIR_LABEL];
  return summary;
}

function formatPorts(ports: Docker.Port[]): string[] {
  const shown = ports.map((port) => {
    const inside = `${port.PrivatePort}/${port.Type}`;
    if (!port.PublicPort) return inside;
    const ip = port.IP?.includes(':') ? `[${port.IP}]` : (port.IP ?? '');
    return `${ip ? `${ip}:` : ''}${port.PublicPort}->${inside}`;
  });
  return [...new Set(shown)].sort();
}

/** Per service, in the order the compose file lists them (then any the file no longer has). */
export function serviceStatuses(containers: readonly ContainerSummary[], declaredServices: readonly string[] = []): ServiceStatus[] {
  const byService = new Map<string, ContainerSummary[]>();
  for (const name of declaredServices) byService.set(name, []);
  for (const container of containers) {
    const list = byService.get(container.service) ?? [];
    list.push(container);
    byService.set(container.service, list);
  }
  return [...byService].map(([service, list]) => {
    const sorted = [...list].sort((a, b) => (a.number ?? 0) - (b.number ?? 0) || a.name.localeCompare(b.name));
    const states = new Set(sorted.map((container) => container.state));
    const status: ServiceStatus = {
      service,
      state: sorted.length === 0 ? 'not-created' : states.size === 1 ? (sorted[0]?.state ?? 'unknown') : 'mixed',
      ports: [...new Set(sorted.flatMap((container) => container.ports))],
      containers: sorted,
    };
    const health = worstHealth(sorted);
    if (health) status.health = health;
    if (sorted[0]) status.image = sorted[0].image;
    return status;
  });
}

function worstHealth(containers: readonly ContainerSummary[]): ContainerSummary['health'] {
  const healths = containers.map((container) => container.health);
  if (healths.includes('unhealthy')) return 'unhealthy';
  if (healths.includes('starting')) return 'starting';
  if (healths.includes('healthy')) return 'healthy';
  return undefined;
}

export interface ProjectWatcherOptions {
  docker: () => Docker;
  onEngineEvent: (listener: (event: EngineEvent) => void) => () => void;
  /** Told when the engine connection comes back, so the listing can be redone. */
  onEngineConnected?: (listener: () => void) => () => void;
}

type ProjectListener = (project: string, containers: ContainerSummary[]) => void;

/** Follows the containers of every compose project on the engine. */
export class ProjectWatcher {
  private readonly projects = new Map<string, ContainerSummary[]>();
  private readonly listeners = new Set<ProjectListener>();
  private readonly unsubscribers: Array<() => void> = [];
  private readonly dirty = new Set<string>();
  private readonly confirmTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Projects compose is working on for a deploy, with how many deploys hold each (see followEvents). */
  private readonly followedByEvents = new Map<string, number>();
  private refreshing: Promise<void> | undefined;
  private fullRefreshNeeded = false;
  private started: Promise<void> | undefined;

  constructor(private readonly options: ProjectWatcherOptions) {}

  /** Subscribes to engine events, then lists every compose container once. */
  start(): Promise<void> {
    if (this.started) return this.started;
    this.unsubscribers.push(
      this.options.onEngineEvent((event) => {
        if (event.Type !== 'container' || !RELEVANT_ACTIONS.test(event.Action ?? event.status ?? '')) return;
        const project = event.Actor?.Attributes?.[PROJECT_LABEL];
        if (!project) return;
        if (this.followedByEvents.has(project)) return this.applyEvent(project, event);
        this.markDirty(project);
        this.confirmLater(project);
      }),
    );
    if (this.options.onEngineConnected) {
      this.unsubscribers.push(this.options.onEngineConnected(() => void this.refreshAll().catch(() => undefined)));
    }
    this.started = this.refreshAll();
    return this.started;
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    for (const timer of this.confirmTimers.values()) clearTimeout(timer);
    this.confirmTimers.clear();
    this.started = undefined;
  }

  onChange(listener: ProjectListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  containers(project: string): ContainerSummary[] {
    return [...(this.projects.get(project) ?? [])];
  }

  projectNames(): string[] {
    return [...this.projects.keys()].sort();
  }

  /** Resolves once every change seen so far is reflected (used after compose runs, before reporting). */
  async settle(): Promise<void> {
    while (this.refreshing) await this.refreshing;
  }

  /** Lists one project now, e.g. right after compose changed it. */
  async refresh(project: string): Promise<void> {
    this.markDirty(project);
    await this.settle();
  }

  /**
   * While compose works on a project (a deploy's build and up): its container events change the status directly,
   * without listing it. The returned function ends that, lists the project once and returns its containers (the
   * deploy's per-service result reads them).
   */
  followEvents(project: string): () => Promise<ContainerSummary[]> {
    this.followedByEvents.set(project, (this.followedByEvents.get(project) ?? 0) + 1);
    clearTimeout(this.confirmTimers.get(project));
    this.confirmTimers.delete(project);
    let ended = false;
    return async () => {
      if (!ended) {
        ended = true;
        const holders = (this.followedByEvents.get(project) ?? 1) - 1;
        if (holders > 0) this.followedByEvents.set(project, holders);
        else this.followedByEvents.delete(project);
      }
      await this.refresh(project);
      return this.containers(project);
    };
  }

  async refreshAll(): Promise<void> {
    this.fullRefreshNeeded = true;
    this.kick();
    await this.settle();
  }

  /** Lists the project again once its events have been quiet for a moment (see CONFIRM_LISTING_MS). */
  private confirmLater(project: string): void {
    clearTimeout(this.confirmTimers.get(project));
    const timer = setTimeout(() => {
      this.confirmTimers.delete(project);
      this.markDirty(project);
    }, CONFIRM_LISTING_MS);
    timer.unref?.();
    this.confirmTimers.set(project, timer);
  }

  private applyEvent(project: string, event: EngineEvent): void {
    const id = event.Actor?.ID ?? event.id;
    if (!id) return;
    const attributes = event.Actor?.Attributes ?? {};
    const containers = this.containers(project);
    const index = containers.findIndex((container) => container.id === id);
    const before = containers[index] ?? summaryFromEvent(id, attributes, event.time);
    if (before === undefined) return; // a one-off `compose run` container
    const after = afterEvent(before, event.Action ?? event.status ?? '', attributes);
    if (index >= 0) containers.splice(index, 1);
    if (after !== undefined) containers.push(after);
    this.update(project, containers);
  }

  private markDirty(project: string): void {
    this.dirty.add(project);
    this.kick();
  }

  /** One refresh at a time; events arriving meanwhile are folded into the next one. */
  private kick(): void {
    if (this.refreshing) return;
    this.refreshing = (async () => {
      try {
        while (this.fullRefreshNeeded || this.dirty.size > 0) {
          if (this.fullRefreshNeeded) {
            this.fullRefreshNeeded = false;
            this.dirty.clear();
            await this.listAll();
          } else {
            // A project followed by its events waits for the listing that ends the following.
            const projects = [...this.dirty].filter((project) => !this.followedByEvents.has(project));
            for (const project of projects) this.dirty.delete(project);
            if (projects.length === 0) break;
            for (const project of projects) await this.listProject(project);
          }
        }
      } finally {
        this.refreshing = undefined;
      }
    })().catch(() => {
      // The engine went away mid-listing; the reconnect triggers a full listing.
    });
  }

  private async listAll(): Promise<void> {
    const infos = await this.options.docker().listContainers({ all: true, filters: { label: [PROJECT_LABEL] } });
    const grouped = new Map<string, ContainerSummary[]>();
    for (const info of infos) {
      const summary = summarizeContainer(info);
      if (!summary) continue;
      grouped.set(summary.project, [...(grouped.get(summary.project) ?? []), summary]);
    }
    for (const project of new Set([...this.projects.keys(), ...grouped.keys()])) this.update(project, grouped.get(project) ?? []);
  }

  private async listProject(project: string): Promise<void> {
    const infos = await this.options.docker().listContainers({ all: true, filters: { label: [`${PROJECT_LABEL}=${project}`] } });
    this.update(project, infos.map(summarizeContainer).filter((summary): summary is ContainerSummary => summary !== undefined));
  }

  private update(project: string, containers: ContainerSummary[]): void {
    const sorted = [...containers].sort((a, b) => a.name.localeCompare(b.name));
    const before = this.projects.get(project) ?? [];
    if (JSON.stringify(before) === JSON.stringify(sorted)) return;
    if (sorted.length === 0) this.projects.delete(project);
    else this.projects.set(project, sorted);
    for (const listener of this.listeners) listener(project, sorted);
  }
}
