/**
 * The Registries screen's "Test" against the bench's token-auth registry (tests/env/token.sh): RegistryService.check
 * signs in through the engine's `POST /auth`, and the engine does the token dance (the registry's Bearer challenge,
 * Basic credentials to the token server, the token back to the registry).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistryInput } from '../../preload/api';
import { EngineConnection } from '../../main/core/engine/connection';
import { RegistryService } from '../../main/core/registries/service';
import { MemoryCipher } from '../../main/core/secrets/cipher';
import { loadBench, tokenRegistry, type BenchTokenRegistry } from '../env/bench';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { openSettings } from '../support/settings';

let token: BenchTokenRegistry;
let engine: EngineConnection;
let registries: RegistryService;
const proxies: FaultProxy[] = [];

beforeAll(async () => {
  const bench = loadBench();
  token = tokenRegistry(bench);
  engine = new EngineConnection({ findEndpoint: () => ({ url: bench.dockerHost, source: 'DOCKER_HOST', tls: false }) });
  expect((await engine.start()).state).toBe('connected');
  registries = new RegistryService({ settings: openSettings(), cipher: new MemoryCipher(), docker: () => engine.docker() });
});
afterAll(async () => {
  for (const proxy of proxies) await proxy.close();
  engine?.stop();
});

const input = (overrides: Partial<RegistryInput>): RegistryInput => ({ name: 'x', address: 'x', patterns: [], isDefault: false, ...overrides });

describe('Test on a token-auth registry', () => {
  it('signs in with the right credentials and records it', async () => {
    const { carol } = token.users;
    const added = await registries.add(input({ name: 'Team (carol)', address: token.address, username: carol.username, secret: carol.password }));
    const result = await registries.check(added.id);
    expect(result).toMatchObject({ ok: true, code: 'CREDENTIALS_OK', message: `Signed in to ${token.address} as carol.` });
    expect(registries.list().find((r) => r.id === added.id)?.lastVerified).toMatchObject({ ok: true });
  });

  it('says the credentials are wrong, in the token server’s words, without the password', async () => {
    const wrong = 'not-carols-password-7';
    const added = await registries.add(input({ name: 'Team (stale)', address: token.address, username: 'carol', secret: wrong }));
    const result = await registries.check(added.id);
    expect(result).toMatchObject({ ok: false, code: 'UNAUTHORIZED' });
    expect(result.message).toContain(`${token.address} did not accept the credentials`);
    expect(result.message).toContain('Edit “Team (stale)”: check its username, and enter a current password or token, then Test again.');
    expect(result.message).toContain(`(Get "${token.url}/v2/": unauthorized: incorrect username or password)`);
    expect(result.message).not.toContain(wrong);
    expect(registries.list().find((r) => r.id === added.id)?.lastVerified).toMatchObject({ ok: false });
  });

  it('signs in an account that has no pull scope at all, as `docker login` does: Test checks credentials, not access', async () => {
    const { erin } = token.users;
    const added = await registries.add(input({ name: 'Team (erin)', address: token.address, username: erin.username, secret: erin.password }));
    await expect(registries.check(added.id)).resolves.toMatchObject({ ok: true, message: `Signed in to ${token.address} as erin.` });
  });

  it('says the sign-in service could not be reached when the token server is down', async () => {
    const front = await startFaultProxy({ listenHost: '127.0.0.3', target: token.address, fault: { kind: 'token-realm-closed', realm: token.closedRealm } });
    proxies.push(front);
    const { carol } = token.users;
    const added = await registries.add(input({ name: 'Team (realm down)', address: front.address, username: carol.username, secret: carol.password }));
    const result = await registries.check(added.id);
    const closed = new URL(token.closedRealm).host;
    expect(result).toMatchObject({ ok: false, code: 'REGISTRY_UNREACHABLE' });
    expect(result.message).toContain(`The sign-in service of ${front.address} (${closed}) could not be reached`);
    expect(result.message).not.toContain(carol.password);
  });
});
