/**
 * A Swarm stack's calls when the engine fails: what the window gets says what happened and what to do (engine
 * unreachable, or what the engine said), as the Images screen's calls do (failures.ts engineCallError) — not the
 * router's INTERNAL "unexpected problem".
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { StackService, type StackEngine } from '../../../main/core/stacks/service';
import { SwarmService } from '../../../main/core/swarm/service';

const refused = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:2375'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' }));
const engineSaid = () => Promise.reject(Object.assign(new Error('(HTTP code 500) server error - rpc error: raft unavailable'), { statusCode: 500 }));

async function swarmWith(listServices: () => Promise<unknown>): Promise<SwarmService> {
  const engine: StackEngine = {
    docker: () => ({ listServices, listTasks: async () => [] }) as unknown as Docker,
    currentEndpoint: { url: 'tcp://10.0.0.7:2375', source: 'setting', tls: false },
    onEngineEvent: () => () => undefined,
    onStatus: () => () => undefined,
  };
  const dataDir = mkdtempSync(path.join(tmpdir(), 'stevedore-swarm-errors-'));
  const stacks = new StackService({
    dataDir,
    engine,
    puller: { start: () => Promise.reject(new Error('no pulls')), waitFor: () => Promise.reject(new Error('no pulls')), onProgress: () => () => undefined } as never,
    credentials: { explain: () => Promise.reject(new Error('not used')) },
    env: {},
  });
  await stacks.create({ name: 'shop', yaml: 'services:\n  web:\n    image: busybox\n' });
  return new SwarmService({ dataDir, engine, stacks, resolve: async () => ({ explanation: { summary: 'anonymous' } }) as never, dockerProgram: () => undefined, env: {} });
}

describe('Swarm stack calls when the engine fails', () => {
  it('say the engine is not reachable, where, and what to do', async () => {
    const swarm = await swarmWith(refused);
    for (const call of [() => swarm.services('app:shop'), () => swarm.scale('app:shop', 's1', 2), () => swarm.logs('app:shop', 's1', 10), () => swarm.remove('app:shop')]) {
      const error = await call().catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'ENGINE_UNREACHABLE' });
      expect((error as Error).message).toMatch(/tcp:\/\/10\.0\.0\.7:2375.*Start Docker, or choose the right engine in Settings/);
    }
  });

  it("pass on what the engine said when it answered with an error", async () => {
    const swarm = await swarmWith(engineSaid);
    await expect(swarm.services('app:shop')).rejects.toMatchObject({ code: 'ENGINE_ERROR', message: expect.stringContaining('raft unavailable') });
  });
});
