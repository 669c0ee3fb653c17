/**
 * `docker stack rm` removes a stack's services, then at once its networks. While the services' tasks are still
 * stopping (their stop_grace_period), the manager refuses the network ("is in use by task"), the CLI exits 1 and
 * the network is left behind. Removal waits for the tasks and asks again, as a user retrying would.
 */
import { describe, expect, it } from 'vitest';
import { removeSwarmStack } from '../../../main/core/swarm/deploy';
import type { ProcessRequest, ProcessResult, ProcessRunner } from '../../../main/core/process/run';

const inUse = 'Removing network shop_default\nFailed to remove network wngqxi185g7ed9h75ce3zz73l: Error response from daemon: rpc error: code = FailedPrecondition desc = network wngqxi185g7ed9h75ce3zz73l is in use by task yh2kx0aq9i0c1fsw3xx4e0p1p';

function answers(...results: Array<Partial<ProcessResult>>): { run: ProcessRunner; calls: ProcessRequest[] } {
  const calls: ProcessRequest[] = [];
  const run: ProcessRunner = (request) => {
    calls.push(request);
    const next = results[Math.min(calls.length, results.length) - 1];
    return Promise.resolve({ exitCode: 0, signal: null, stdout: '', stderr: '', ...next });
  };
  return { run, calls };
}

const noWait = { retryEveryMs: 0, sleep: () => Promise.resolve() };

describe('removeSwarmStack', () => {
  it('asks again while a network is still in use by the stopping tasks, and succeeds when it is free', async () => {
    const { run, calls } = answers({ exitCode: 1, stderr: inUse }, { exitCode: 1, stderr: inUse }, { stdout: 'Removing network shop_default' });
    await expect(removeSwarmStack('shop', { endpoint: undefined, run, env: {} }, noWait)).resolves.toContain('Removing network shop_default');
    expect(calls.map((call) => call.args)).toEqual([
      ['stack', 'rm', 'shop'],
      ['stack', 'rm', 'shop'],
      ['stack', 'rm', 'shop'],
    ]);
  });

  it('says what is left and what to do when the network stays in use past the wait', async () => {
    let now = 0;
    const { run, calls } = answers({ exitCode: 1, stderr: inUse });
    const error = await removeSwarmStack('shop', { endpoint: undefined, run, env: {} }, { retryEveryMs: 1_000, retryForMs: 5_000, now: () => now, sleep: (ms) => Promise.resolve(void (now += ms)) }).catch((caught: unknown) => caught);
    expect(calls.length).toBe(6);
    expect(error).toMatchObject({ code: 'SWARM_CLI_FAILED' });
    expect((error as Error).message).toMatch(/services of shop are removed.*still in use.*Remove the stack again/s);
  });

  it('does not ask again for any other failure', async () => {
    const { run, calls } = answers({ exitCode: 1, stderr: 'Error response from daemon: This node is not a swarm manager.' });
    await expect(removeSwarmStack('shop', { endpoint: undefined, run, env: {} }, noWait)).rejects.toMatchObject({ code: 'SWARM_CLI_FAILED', message: expect.stringContaining('not a swarm manager') });
    expect(calls.length).toBe(1);
  });
});
