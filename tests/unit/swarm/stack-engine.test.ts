/**
 * A Swarm stack in the stacks list: one that exists on the active engine only as a Swarm stack (no Compose
 * containers) is listed as deployed to Swarm with its replicas, and a Swarm deploy records the engine it went to,
 * as a Compose deploy does, so the stack says where it is after a switch.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { ProcessRunner } from '../../../main/core/process/run';
import type { StackView } from '../../../preload/api';
import type { EngineEvent } from '../../../main/core/engine/connection';
import type { SwarmReplicas } from '../../../main/core/stacks/catalogue';
import { StackService, type StackEngine } from '../../../main/core/stacks/service';
import { SwarmService } from '../../../main/core/swarm/service';
import { swarmStackSummaries } from '../../../main/core/swarm/services';

function engineAt(url: string, docker: Partial<Record<keyof Docker, unknown>>): StackEngine {
  return {
    docker: () => docker as unknown as Docker,
    currentEndpoint: { url, source: 'setting', tls: false },
    onEngineEvent: () => () => undefined,
    onStatus: () => () => undefined,
  };
}

const noPulls = {
  start: () => {
    throw new Error('no pulls here');
  },
  waitFor: () => Promise.reject(new Error('no pulls here')),
  onProgress: () => () => undefined,
};

const newDataDir = () => mkdtempSync(path.join(tmpdir(), 'stevedore-swarm-stacks-'));

function stackService(engine: StackEngine, options: Partial<ConstructorParameters<typeof StackService>[0]> = {}): StackService {
  return new StackService({
    dataDir: newDataDir(),
    engine,
    puller: noPulls,
    credentials: { explain: () => Promise.reject(new Error('not used')) },
    env: {},
    ...options,
  });
}

/** The manager's /services?status=true answer for a stack "shop" with two services. */
const shopServices = [
  { ID: 's1', Spec: { Name: 'shop_web', Labels: { 'com.docker.stack.namespace': 'shop' } }, ServiceStatus: { RunningTasks: 2, DesiredTasks: 2 } },
  { ID: 's2', Spec: { Name: 'shop_worker', Labels: { 'com.docker.stack.namespace': 'shop' } }, ServiceStatus: { RunningTasks: 0, DesiredTasks: 1 } },
  { ID: 's3', Spec: { Name: 'loose' }, ServiceStatus: { RunningTasks: 1, DesiredTasks: 1 } },
];

describe('Swarm stacks on the active engine', () => {
  it('are summed up per stack from the manager’s service list (services, running and desired tasks)', async () => {
    const asked: unknown[] = [];
    const docker = { listServices: async (options: unknown) => (asked.push(options), shopServices) };
    const summaries = await swarmStackSummaries(docker as unknown as Docker);
    expect([...summaries]).toEqual([['shop', { services: 2, running: 2, desired: 3 }]]);
    expect(asked).toEqual([{ status: true, filters: JSON.stringify({ label: ['com.docker.stack.namespace'] }) }]);
  });

  it('are none on an engine that is not a manager (the manager-only call fails)', async () => {
    const docker = { listServices: () => Promise.reject(Object.assign(new Error('This node is not a swarm manager.'), { statusCode: 503 })) };
    expect((await swarmStackSummaries(docker as unknown as Docker)).size).toBe(0);
  });

  it('lists a stack that runs only as a Swarm stack as deployed to Swarm, with its replicas, not "Not deployed"', async () => {
    const engine = engineAt('unix:///run/swarm.sock', { listServices: async () => shopServices });
    const stacks = stackService(engine, { swarmStacks: () => swarmStackSummaries(engine.docker()) });
    await stacks.create({ name: 'shop', yaml: 'services:\n  web:\n    image: busybox\n' });
    const [view] = await stacks.list();
    expect(view).toMatchObject({ id: 'app:shop', state: 'partial', containers: { running: 2, total: 3 }, swarm: { services: 2, running: 2, desired: 3 } });
    expect((await stacks.get('app:shop')).stack).toMatchObject({ state: 'partial', swarm: { services: 2 } });
  });

  it('follows the Swarm: a service or task event publishes the list again, with the new replicas', async () => {
    const listeners: Array<(event: EngineEvent) => void> = [];
    let summaries = new Map<string, SwarmReplicas>();
    const engine: StackEngine = {
      ...engineAt('unix:///run/swarm.sock', { listContainers: async () => [] }),
      onEngineEvent: (listener) => (listeners.push(listener), () => undefined),
    };
    const stacks = stackService(engine, { swarmStacks: async () => summaries });
    await stacks.create({ name: 'shop', yaml: 'services:\n  web:\n    image: busybox\n' });
    await stacks.start();
    const published = new Promise<StackView>((resolve) =>
      stacks.onChange((views) => {
        if (views[0]?.swarm) resolve(views[0]);
      }),
    );
    summaries = new Map([['shop', { services: 1, running: 1, desired: 1 }]]);
    // A task container of the stack started: it carries the stack's label, not Compose's.
    for (const listener of listeners) listener({ Type: 'container', Action: 'start', Actor: { ID: 'c1', Attributes: { 'com.docker.stack.namespace': 'shop' } } });
    expect(await published).toMatchObject({ id: 'app:shop', state: 'running', swarm: { services: 1, running: 1, desired: 1 } });
    stacks.stop();
  });

  it('records the engine a Swarm deploy went to, so after a switch the stack says where it is', async () => {
    const swarmUrl = 'unix:///run/swarm.sock';
    let active = swarmUrl;
    const docker = { info: async () => ({ Swarm: { ControlAvailable: true } }), listServices: async () => [], listTasks: async () => [] };
    const engine: StackEngine = { ...engineAt(swarmUrl, docker), get currentEndpoint() { return { url: active, source: 'setting' as const, tls: false }; } };
    const dataDir = newDataDir();
    const stacks = stackService(engine, { dataDir, activeEngine: () => ({ choice: active === swarmUrl ? 'context:swarm' : 'automatic', url: active }) });
    await stacks.create({ name: 'shop', yaml: 'services:\n  web:\n    image: 127.0.0.1:5001/stevedore/small:1.0\n' });
    const ran: string[][] = [];
    const runProcess: ProcessRunner = async (request) => (ran.push([...request.args]), { exitCode: 0, signal: null, stdout: 'Creating service shop_web\n', stderr: '' });
    const swarm = new SwarmService({
      dataDir,
      engine,
      stacks,
      resolve: async () => ({ explanation: { summary: 'anonymous' } }) as never,
      dockerProgram: () => '/usr/bin/docker',
      env: {},
      runProcess,
    });
    await swarm.deploy('app:shop');
    expect(ran[0]?.slice(0, 3)).toEqual(['stack', 'deploy', '--with-registry-auth']);
    active = 'unix:///var/run/docker.sock';
    const [view] = await stacks.list();
    expect(view).toMatchObject({ deployedEngine: { choice: 'context:swarm', url: swarmUrl }, onOtherEngine: expect.stringContaining(`Deployed to ${swarmUrl}`) as string });
  });
});
