/**
 * `docker stack rm` removes a stack's services, then at once its networks, and returns without waiting for the tasks
 * to stop (their stop_grace_period). Meanwhile the manager refuses a network a task still holds ("is in use by
 * task"), and a network it removed stays listed on the task's node, where a deploy finds it, does not create it
 * and fails ("network … not found"). Removal asks again and waits until the networks are gone; a deploy that hit a
 * removal still under way waits for the same and deploys once more. The real engine's side of both:
 * tests/integration/swarm.test.ts.
 */
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { deploySwarmStack, removeSwarmStack } from '../../../main/core/swarm/deploy';
import type { ProcessRequest, ProcessResult, ProcessRunner } from '../../../main/core/process/run';
import type { ComposeProject } from '../../../main/core/stacks/reader';

const inUse = 'Removing network shop_default\nFailed to remove network wngqxi185g7ed9h75ce3zz73l: Error response from daemon: rpc error: code = FailedPrecondition desc = network wngqxi185g7ed9h75ce3zz73l is in use by task yh2kx0aq9i0c1fsw3xx4e0p1p';
const notFound = 'Creating service shop_web\nfailed to create service shop_web: Error response from daemon: network shop_default not found';

function answers(...results: Array<Partial<ProcessResult>>): { run: ProcessRunner; calls: ProcessRequest[] } {
  const calls: ProcessRequest[] = [];
  const run: ProcessRunner = (request) => {
    calls.push(request);
    const next = results[Math.min(calls.length, results.length) - 1];
    return Promise.resolve({ exitCode: 0, signal: null, stdout: '', stderr: '', ...next });
  };
  return { run, calls };
}

/** An engine that lists the stack's network `listed` more times (then none), and is a Swarm manager. */
function engineListingNetwork(listed: number): Docker & { networkLists: number } {
  const engine = {
    networkLists: 0,
    info: async () => ({ Swarm: { ControlAvailable: true } }),
    listNetworks: async (query: { filters: string }) => {
      expect(JSON.parse(query.filters)).toEqual({ label: ['com.docker.stack.namespace=shop'] });
      engine.networkLists += 1;
      return engine.networkLists <= listed ? [{ Name: 'shop_default' }] : [];
    },
  };
  return engine as unknown as Docker & { networkLists: number };
}

const noWait = { retryEveryMs: 0, sleep: () => Promise.resolve() };

/** A clock the waits move: 1 s per pause. */
function clock() {
  let now = 0;
  return { retryEveryMs: 1_000, retryForMs: 5_000, now: () => now, sleep: (ms: number) => Promise.resolve(void (now += ms)) };
}

describe('removeSwarmStack', () => {
  it('asks again while a network is still in use by the stopping tasks, and succeeds when it is free', async () => {
    const { run, calls } = answers({ exitCode: 1, stderr: inUse }, { exitCode: 1, stderr: inUse }, { stdout: 'Removing network shop_default' });
    await expect(removeSwarmStack('shop', engineListingNetwork(0), { endpoint: undefined, run, env: {} }, noWait)).resolves.toContain('Removing network shop_default');
    expect(calls.map((call) => call.args)).toEqual([
      ['stack', 'rm', 'shop'],
      ['stack', 'rm', 'shop'],
      ['stack', 'rm', 'shop'],
    ]);
  });

  it('is done only once this engine no longer lists the stack’s network', async () => {
    const { run, calls } = answers({ stdout: 'Removing service shop_web\nRemoving network shop_default' });
    const engine = engineListingNetwork(3);
    await removeSwarmStack('shop', engine, { endpoint: undefined, run, env: {} }, noWait);
    expect(engine.networkLists).toBe(4);
    expect(calls).toHaveLength(1);
  });

  it('says what is left and what to do when the network stays in use past the wait', async () => {
    const { run, calls } = answers({ exitCode: 1, stderr: inUse });
    const error = await removeSwarmStack('shop', engineListingNetwork(0), { endpoint: undefined, run, env: {} }, clock()).catch((caught: unknown) => caught);
    expect(calls.length).toBe(6);
    expect(error).toMatchObject({ code: 'SWARM_CLI_FAILED' });
    expect((error as Error).message).toMatch(/services of shop are removed, but a network of the stack is still in use after 5 s.*Remove the stack again/s);
  });

  it('says which network this engine still lists when it stays past the wait', async () => {
    const { run } = answers({ stdout: 'Removing network shop_default' });
    const error = await removeSwarmStack('shop', engineListingNetwork(100), { endpoint: undefined, run, env: {} }, clock()).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/services of shop are removed, but this engine still has the network shop_default after 5 s/);
  });

  it('does not ask again for any other failure', async () => {
    const { run, calls } = answers({ exitCode: 1, stderr: 'Error response from daemon: This node is not a swarm manager.' });
    await expect(removeSwarmStack('shop', engineListingNetwork(0), { endpoint: undefined, run, env: {} }, noWait)).rejects.toMatchObject({ code: 'SWARM_CLI_FAILED', message: expect.stringContaining('not a swarm manager') });
    expect(calls.length).toBe(1);
  });
});

describe('deploySwarmStack after a removal still under way', () => {
  const project = { name: 'shop', files: ['/stacks/shop/compose.yaml'], problems: [], services: [] } as unknown as ComposeProject;

  it('waits until the stack’s network is gone, then deploys once more', async () => {
    const { run, calls } = answers({ exitCode: 1, stderr: notFound }, { stdout: 'Creating network shop_default\nCreating service shop_web' });
    const engine = engineListingNetwork(2);
    const result = await deploySwarmStack({ project, docker: engine, resolve: () => Promise.reject(new Error('no images')), cli: { endpoint: undefined, run, env: {} }, wait: noWait });
    expect(result.output).toContain('Creating network shop_default');
    expect(calls).toHaveLength(2);
    expect(engine.networkLists).toBe(3);
  });

  it('passes the failure on when the network does not go', async () => {
    const { run, calls } = answers({ exitCode: 1, stderr: notFound });
    await expect(deploySwarmStack({ project, docker: engineListingNetwork(100), resolve: () => Promise.reject(new Error('no images')), cli: { endpoint: undefined, run, env: {} }, wait: clock() })).rejects.toMatchObject({
      code: 'SWARM_CLI_FAILED',
      message: expect.stringContaining('network shop_default not found'),
    });
    expect(calls).toHaveLength(1);
  });
});
