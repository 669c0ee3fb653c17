/**
 * Small doubles of the services the tray follows (pulls, engine, stacks), with the same event shapes as the
 * real ones, and builders for their views. The library is the real LibraryService over a real settings store.
 */
import type { DeployView, EngineStatus, PullView, StackView } from '../../../preload/api';
import { LibraryService } from '../../../main/core/library';
import { openSettings } from '../../support/settings';

class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();
  add(listener: (value: T) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }
  emit(value: T): void {
    for (const listener of [...this.set]) listener(value);
  }
  get size(): number {
    return this.set.size;
  }
}

export class PullsDouble {
  views: PullView[] = [];
  readonly started: Array<{ image: string; platform?: string }> = [];
  private readonly progress = new Listeners<PullView>();
  list(): PullView[] {
    return this.views;
  }
  onProgress(listener: (view: PullView) => void): () => void {
    return this.progress.add(listener);
  }
  /** An update from the service: the view replaces the one with its id. */
  emit(view: PullView): void {
    this.views = [view, ...this.views.filter((other) => other.id !== view.id)];
    this.progress.emit(view);
  }
  start(request: { image: string; platform?: string }): PullView {
    this.started.push(request);
    return pullView({ id: `pull-${this.started.length}`, familiar: request.image, state: 'queued', percent: 0, bytesDone: 0, bytesTotal: 0 });
  }
  get listenerCount(): number {
    return this.progress.size;
  }
}

export class EngineDouble {
  status: EngineStatus = connected();
  private readonly listeners = new Listeners<EngineStatus>();
  onStatus(listener: (status: EngineStatus) => void): () => void {
    return this.listeners.add(listener);
  }
  set(status: EngineStatus): void {
    this.status = status;
    this.listeners.emit(status);
  }
}

export class StacksDouble {
  stacks: StackView[] = [];
  finishedDeploys: DeployView[] = [];
  /** Resolves `list()` calls when the test says so (to order it against change events). */
  hold = false;
  private readonly held: Array<() => void> = [];
  private readonly changes = new Listeners<StackView[]>();
  private readonly deployUpdates = new Listeners<DeployView>();
  readonly calls: string[] = [];
  failWith: Error | undefined;

  list(): Promise<StackView[]> {
    const snapshot = [...this.stacks];
    if (!this.hold) return Promise.resolve(snapshot);
    return new Promise((resolve) => this.held.push(() => resolve(snapshot)));
  }
  releaseList(): void {
    for (const release of this.held.splice(0)) release();
  }
  onChange(listener: (stacks: StackView[]) => void): () => void {
    return this.changes.add(listener);
  }
  change(stacks: StackView[]): void {
    this.stacks = stacks;
    this.changes.emit(stacks);
  }
  onDeployProgress(listener: (view: DeployView) => void): () => void {
    return this.deployUpdates.add(listener);
  }
  deploys(): DeployView[] {
    return this.finishedDeploys;
  }
  emitDeploy(view: DeployView): void {
    this.finishedDeploys = [view, ...this.finishedDeploys.filter((other) => other.id !== view.id)];
    this.deployUpdates.emit(view);
  }
  async deploy(id: string, options?: { redeploy?: boolean }): Promise<DeployView> {
    this.calls.push(`deploy ${id}${options?.redeploy ? ' (redeploy)' : ''}`);
    if (this.failWith) throw this.failWith;
    return deployView({ id: 'd1', stackId: id, state: 'checking' });
  }
  async stopStack(id: string): Promise<unknown> {
    this.calls.push(`stop ${id}`);
    if (this.failWith) throw this.failWith;
    return {};
  }
}

export function realLibrary(): LibraryService {
  return new LibraryService({ settings: openSettings() });
}

export function connected(since = '2026-01-01T00:00:00.000Z'): EngineStatus {
  return {
    state: 'connected',
    endpoint: { url: 'unix:///var/run/docker.sock', source: 'default', tls: false },
    version: '24.0.7',
    apiVersion: '1.43',
    os: 'linux',
    arch: 'amd64',
    product: 'Docker Engine',
    since,
  };
}

export function disconnected(reason = 'Nothing listens on /var/run/docker.sock.'): EngineStatus {
  return { state: 'disconnected', reason, fix: 'Start Docker.', since: '2026-01-01T00:00:00.000Z' };
}

export function pullView(overrides: Partial<PullView> & Pick<PullView, 'id'>): PullView {
  return {
    image: 'docker.io/library/nginx:latest',
    familiar: 'nginx:latest',
    state: 'pulling',
    credential: { source: 'anonymous', summary: 'No credentials: nothing matched.', reason: 'No credentials: nothing matched.' },
    layers: [],
    bytesDone: 0,
    bytesTotal: 0,
    percent: 0,
    startedAt: '2026-01-01T00:00:00.000Z',
    notes: [],
    ...overrides,
  };
}

export function stackView(overrides: Partial<StackView> & Pick<StackView, 'id' | 'name'>): StackView {
  return { kind: 'app', project: overrides.name, readOnly: false, state: 'running', containers: { running: 1, total: 1 }, ...overrides };
}

export function deployView(overrides: Partial<DeployView> & Pick<DeployView, 'id' | 'stackId'>): DeployView {
  return {
    project: 'web',
    redeploy: true,
    state: 'done',
    startedAt: '2026-01-01T00:00:00.000Z',
    percent: 100,
    pulls: [],
    services: [],
    log: [],
    logDropped: 0,
    ...overrides,
  };
}
