/**
 * The stacks list on an engine that is not a Swarm manager sends no `/services` call (the engine refuses it):
 * whether it is a manager is asked once (`/info`) and asked again only when it can have changed.
 */
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../main/core/engine/connection';
import { SwarmRole } from '../../../main/core/swarm/role';
import { swarmStackSummaries } from '../../../main/core/swarm/services';

function engineDouble(manager: () => boolean, services: () => Promise<unknown[]> = async () => []) {
  const calls = { info: 0, listServices: 0 };
  const statusListeners: Array<() => void> = [];
  const eventListeners: Array<(event: EngineEvent) => void> = [];
  const docker = {
    info: async () => (calls.info++, { Swarm: { ControlAvailable: manager(), LocalNodeState: manager() ? 'active' : 'inactive' } }),
    listServices: async () => (calls.listServices++, services()),
  };
  const engine = {
    docker: () => docker as unknown as Docker,
    onStatus: (listener: () => void) => (statusListeners.push(listener), () => undefined),
    onEngineEvent: (listener: (event: EngineEvent) => void) => (eventListeners.push(listener), () => undefined),
  };
  return {
    calls,
    engine,
    statusChanged: () => statusListeners.forEach((listener) => listener()),
    event: (event: EngineEvent) => eventListeners.forEach((listener) => listener(event)),
  };
}

describe('Swarm stacks in the stacks list', () => {
  it('on an engine that is not a manager: /info once, and no /services call however often the list is read', async () => {
    const double = engineDouble(() => false);
    const role = new SwarmRole(double.engine);
    for (let read = 0; read < 5; read++) expect((await swarmStackSummaries(double.engine.docker(), role)).size).toBe(0);
    expect(double.calls).toEqual({ info: 1, listServices: 0 });
  });

  it('on a manager: /services on every read, /info once', async () => {
    const double = engineDouble(() => true, async () => [{ ID: 's1', Spec: { Name: 'shop_web', Labels: { 'com.docker.stack.namespace': 'shop' } }, ServiceStatus: { RunningTasks: 1, DesiredTasks: 1 } }]);
    const role = new SwarmRole(double.engine);
    for (let read = 0; read < 3; read++) expect([...(await swarmStackSummaries(double.engine.docker(), role)).keys()]).toEqual(['shop']);
    expect(double.calls).toEqual({ info: 1, listServices: 3 });
  });

  it('asks again after the engine connection changed (a switch or a reconnect)', async () => {
    let manager = false;
    const double = engineDouble(() => manager);
    const role = new SwarmRole(double.engine);
    await swarmStackSummaries(double.engine.docker(), role);
    manager = true;
    double.statusChanged();
    await swarmStackSummaries(double.engine.docker(), role);
    expect(double.calls).toEqual({ info: 2, listServices: 1 });
  });

  it('asks again after a node or service event (only a manager sends them), not after a container event', async () => {
    const double = engineDouble(() => true);
    const role = new SwarmRole(double.engine);
    await role.isManager();
    double.event({ Type: 'container', Action: 'start' });
    await role.isManager();
    expect(double.calls.info).toBe(1);
    double.event({ Type: 'node', Action: 'update' });
    await role.isManager();
    double.event({ Type: 'service', Action: 'create' });
    await role.isManager();
    expect(double.calls.info).toBe(3);
  });

  it('asks again after /services failed (the node left the Swarm)', async () => {
    let manager = true;
    const double = engineDouble(
      () => manager,
      () => Promise.reject(Object.assign(new Error('This node is not a swarm manager.'), { statusCode: 503 })),
    );
    const role = new SwarmRole(double.engine);
    expect((await swarmStackSummaries(double.engine.docker(), role)).size).toBe(0);
    manager = false;
    await swarmStackSummaries(double.engine.docker(), role);
    await swarmStackSummaries(double.engine.docker(), role);
    expect(double.calls).toEqual({ info: 2, listServices: 1 });
  });

  it('swarm.state always asks the engine, and the list then keeps that answer (a `docker swarm init` made elsewhere)', async () => {
    let manager = false;
    const double = engineDouble(() => manager);
    const role = new SwarmRole(double.engine);
    await swarmStackSummaries(double.engine.docker(), role);
    manager = true;
    expect(await role.refresh()).toBe(true);
    await swarmStackSummaries(double.engine.docker(), role);
    expect(double.calls).toEqual({ info: 2, listServices: 1 });
  });

  it('does not keep "not a manager" when /info failed (no engine): the next read asks again', async () => {
    const double = engineDouble(() => true);
    let fail = true;
    const docker = double.engine.docker() as unknown as { info: () => Promise<unknown> };
    const realInfo = docker.info;
    docker.info = () => (fail ? Promise.reject(new Error('connect ENOENT')) : realInfo());
    const role = new SwarmRole(double.engine);
    expect(await role.isManager()).toBe(false);
    fail = false;
    expect(await role.isManager()).toBe(true);
  });
});
