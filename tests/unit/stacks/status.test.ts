import type Docker from 'dockerode';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../../main/core/engine/connection';
import { ProjectWatcher, serviceStatuses, summarizeContainer } from '../../../main/core/stacks/status';

function info(overrides: Partial<Docker.ContainerInfo> & { labels?: Record<string, string> }): Docker.ContainerInfo {
  const { labels, ...rest } = overrides;
  return {
    Id: 'a'.repeat(64),
    Names: ['/shop-web-1'],
    Image: '127.0.0.1:5001/shop/web:1',
    ImageID: 'sha256:1',
    Command: 'sh',
    Created: 1_700_000_000,
    Ports: [],
    Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web', 'com.docker.compose.container-number': '1', ...labels },
    State: 'running',
    Status: 'Up 3 minutes',
    HostConfig: { NetworkMode: 'shop_default' },
    NetworkSettings: { Networks: {} },
    Mounts: [],
    ...rest,
  } as Docker.ContainerInfo;
}

describe('summarizeContainer', () => {
  it('reads compose labels, health from the status text, and ports as docker prints them', () => {
    const summary = summarizeContainer(
      info({
        Status: 'Up 2 minutes (healthy)',
        Ports: [
          { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
          { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
          { PrivatePort: 443, Type: 'tcp' } as Docker.Port,
        ],
        labels: { 'com.docker.compose.project.working_dir': '/srv/shop' },
      }),
    );
    expect(summary).toMatchObject({
      name: 'shop-web-1',
      project: 'shop',
      service: 'web',
      health: 'healthy',
      number: 1,
      ports: ['0.0.0.0:8080->80/tcp', '443/tcp', '[::]:8080->80/tcp'],
      workingDir: '/srv/shop',
      createdAt: '2023-11-14T22:13:20.000Z',
    });
    expect(summarizeContainer(info({ Status: 'Up 1 second (health: starting)' }))?.health).toBe('starting');
  });

  it('ignores containers without a project and one-off `compose run` containers', () => {
    expect(summarizeContainer(info({ Labels: {} }))).toBeUndefined();
    expect(summarizeContainer(info({ labels: { 'com.docker.compose.oneoff': 'True' } }))).toBeUndefined();
  });
});

describe('serviceStatuses', () => {
  it('lists declared services first (not-created when they have no container) and summarises each', () => {
    const web1 = summarizeContainer(info({ Id: '1', Names: ['/shop-web-1'] }))!;
    const web2 = summarizeContainer(info({ Id: '2', Names: ['/shop-web-2'], State: 'exited', Status: 'Exited (1) 2 seconds ago', labels: { 'com.docker.compose.container-number': '2' } }))!;
    const old = summarizeContainer(info({ Id: '3', Names: ['/shop-old-1'], labels: { 'com.docker.compose.service': 'old' }, Status: 'Up 1 minute (unhealthy)' }))!;
    const statuses = serviceStatuses([web2, old, web1], ['db', 'web']);
    expect(statuses.map((status) => [status.service, status.state, status.containers.map((container) => container.id), status.health])).toEqual([
      ['db', 'not-created', [], undefined],
      ['web', 'mixed', ['1', '2'], undefined],
      ['old', 'running', ['3'], 'unhealthy'],
    ]);
  });
});

/** A watcher over `docker`, and the way to send it engine events. */
function watcherOver(docker: Docker): { watcher: ProjectWatcher; emit: (event: EngineEvent) => void } {
  let listener: (event: EngineEvent) => void = () => undefined;
  const watcher = new ProjectWatcher({
    docker: () => docker,
    onEngineEvent: (subscriber) => {
      listener = subscriber;
      return () => undefined;
    },
  });
  return { watcher, emit: (event) => listener(event) };
}

describe('ProjectWatcher', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lists a project again after its events, because the engine may list a container before its new state', async () => {
    vi.useFakeTimers();
    // The engine says "unpause" while its listing still says "paused" (dockerd 20.10 saves the state after the event).
    let state = 'running';
    const docker = { listContainers: async () => [info({ State: state, Status: state === 'paused' ? 'Up 1 second (Paused)' : 'Up 1 second' })] } as unknown as Docker;
    const { watcher, emit } = watcherOver(docker);
    await watcher.start();
    expect(watcher.containers('shop')[0]?.state).toBe('running');

    state = 'paused';
    emit({ Type: 'container', Action: 'pause', Actor: { ID: '1', Attributes: { 'com.docker.compose.project': 'shop' } } });
    emit({ Type: 'container', Action: 'unpause', Actor: { ID: '1', Attributes: { 'com.docker.compose.project': 'shop' } } });
    await watcher.settle();
    expect(watcher.containers('shop')[0]?.state).toBe('paused');

    // The listing catches up without another event.
    state = 'running';
    await vi.advanceTimersByTimeAsync(1000);
    await watcher.settle();
    expect(watcher.containers('shop')[0]?.state).toBe('running');
    watcher.stop();
  });
});

describe('ProjectWatcher.followEvents (while compose works on a project for a deploy)', () => {
  it('applies the project’s container events without listing it, then lists it once when the deploy asks', async () => {
    const listed: string[] = [];
    let listing: Docker.ContainerInfo[] = [];
    const docker = {
      listContainers: async (options: { filters: { label: string[] } }) => {
        listed.push(options.filters.label[0] ?? '');
        return listing;
      },
    } as unknown as Docker;
    const { watcher, emit } = watcherOver(docker);
    await watcher.start();
    expect(listed).toEqual(['com.docker.compose.project']);
    const event = (Action: string, ID: string, extra: Record<string, string> = {}): EngineEvent => ({
      Type: 'container',
      Action,
      time: 1_700_000_000,
      Actor: { ID, Attributes: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': ID, 'com.docker.compose.container-number': '1', name: `shop-${ID}-1`, image: 'busybox', ...extra } },
    });

    const listAfterCompose = watcher.followEvents('shop');
    emit(event('create', 'web'));
    emit(event('create', 'db'));
    emit(event('create', 'old'));
    expect(watcher.containers('shop').map((container) => [container.name, container.state, container.status])).toEqual([
      ['shop-db-1', 'created', 'Created'],
      ['shop-old-1', 'created', 'Created'],
      ['shop-web-1', 'created', 'Created'],
    ]);
    emit(event('start', 'web'));
    emit(event('start', 'db'));
    emit(event('health_status: healthy', 'db'));
    emit(event('die', 'web', { exitCode: '3' }));
    emit(event('rename', 'old', { name: 'shop-old-1-renamed', oldName: '/shop-old-1' }));
    emit(event('destroy', 'old'));
    // Another project's events are listed as before.
    emit({ Type: 'container', Action: 'start', Actor: { ID: 'x', Attributes: { 'com.docker.compose.project': 'other' } } });
    await watcher.settle();
    expect(watcher.containers('shop')).toEqual([
      expect.objectContaining({ name: 'shop-db-1', service: 'db', state: 'running', status: 'Up Less than a second', health: 'healthy', image: 'busybox', number: 1, ports: [] }),
      expect.objectContaining({ name: 'shop-web-1', state: 'exited', status: 'Exited (3) Less than a second ago' }),
    ]);
    expect(listed).toEqual(['com.docker.compose.project', 'com.docker.compose.project=other']);

    // Compose is done: one listing, which the deploy's result reads, fills in what events do not carry (ports).
    listing = [info({ Id: 'db', Names: ['/shop-db-1'], labels: { 'com.docker.compose.service': 'db' }, Ports: [{ IP: '0.0.0.0', PrivatePort: 5432, PublicPort: 5432, Type: 'tcp' }] })];
    const containers = await listAfterCompose();
    expect(containers.map((container) => [container.name, container.ports])).toEqual([['shop-db-1', ['0.0.0.0:5432->5432/tcp']]]);
    expect(listed).toEqual(['com.docker.compose.project', 'com.docker.compose.project=other', 'com.docker.compose.project=shop']);

    // Afterwards the project's events list it again.
    emit(event('stop', 'db'));
    await watcher.settle();
    expect(listed.at(-1)).toBe('com.docker.compose.project=shop');
    expect(listed).toHaveLength(4);
    watcher.stop();
  });
});
