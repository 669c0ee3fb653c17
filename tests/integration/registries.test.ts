import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistryInput } from '../../preload/api';
import { EngineConnection } from '../../main/core/engine/connection';
import { CredentialResolver } from '../../main/core/credentials/resolver';
import { RegistryService } from '../../main/core/registries/service';
import { MemoryCipher } from '../../main/core/secrets/cipher';
import { loadBench, type Bench } from '../env/bench';
import { openSettings } from '../support/settings';

let bench: Bench;
let engine: EngineConnection;
let registries: RegistryService;

beforeAll(async () => {
  bench = loadBench();
  engine = new EngineConnection({ findEndpoint: () => ({ url: bench.dockerHost, source: 'DOCKER_HOST', tls: false }) });
  const status = await engine.start();
  expect(status.state).toBe('connected');
  registries = new RegistryService({ settings: openSettings(), cipher: new MemoryCipher(), docker: () => engine.docker() });
});
afterAll(() => engine?.stop());

const input = (overrides: Partial<RegistryInput>): RegistryInput => ({ name: 'x', address: 'x', patterns: [], isDefault: false, ...overrides });

describe('Test (credential check through the engine)', () => {
  it('accepts the right credentials on the htpasswd registry and records it', async () => {
    const { plain } = bench.registries;
    const added = await registries.add(input({ name: 'Plain', address: plain.address, username: plain.username, secret: plain.password }));
    const result = await registries.check(added.id);
    expect(result).toMatchObject({ ok: true, code: 'CREDENTIALS_OK' });
    expect(registries.list().find((r) => r.id === added.id)?.lastVerified).toMatchObject({ ok: true });
  });

  it('says the credentials are wrong when they are', async () => {
    const { plain } = bench.registries;
    const added = await registries.add(input({ name: 'Plain wrong', address: plain.address, username: plain.username, secret: 'not-the-password' }));
    const result = await registries.check(added.id);
    expect(result).toMatchObject({ ok: false, code: 'UNAUTHORIZED' });
    expect(result.message).toContain(plain.address);
    expect(result.message).not.toContain('not-the-password');
  });

  it('signs in to the TLS registry whose CA the engine trusts, with a colon in the password', async () => {
    const { tls } = bench.registries;
    const added = await registries.add(input({ name: 'TLS', address: tls.address, username: tls.username, secret: tls.password }));
    await expect(registries.check(added.id)).resolves.toMatchObject({ ok: true });
  });

  it('gives the TLS message when the engine does not trust the registry certificate', async () => {
    const { tls } = bench.registries;
    const added = await registries.add(input({ name: 'Untrusted', address: tls.untrustedAddress, username: tls.username, secret: tls.password }));
    const result = await registries.check(added.id);
    expect(result).toMatchObject({ ok: false, code: 'TLS' });
    expect(result.message).toMatch(/CA/);
  });

  it('says the registry is unreachable when nothing listens at its address', async () => {
    const added = await registries.add(input({ name: 'Closed', address: bench.closedPort, username: 'u', secret: 'p' }));
    await expect(registries.check(added.id)).resolves.toMatchObject({ ok: false, code: 'REGISTRY_UNREACHABLE' });
  });
});

describe('explaining a resolution with stored registries', () => {
  it('names the registry and winning pattern, and what lost', async () => {
    const settings = openSettings();
    // Creation order is the last tie-break and the order of `considered`: a ticking clock makes it certain.
    let tick = 0;
    const clock = () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++));
    const service = new RegistryService({ settings, cipher: new MemoryCipher(), docker: () => engine.docker(), clock });
    const { plain } = bench.registries;
    await service.add(input({ name: 'Broad', address: plain.address, username: 'a', secret: 'b', patterns: ['**'] }));
    await service.add(input({ name: 'Narrow', address: plain.address, username: 'c', secret: 'd', patterns: ['stevedore/*'] }));
    const resolver = new CredentialResolver({ registries: service, dockerConfigPath: () => '/nonexistent/config.json' });
    const explanation = await resolver.explain(`${plain.address}/stevedore/small:1.0`);
    expect(explanation).toMatchObject({ source: 'registry', registry: { name: 'Narrow' }, pattern: { expanded: `${plain.address}/stevedore/*` } });
    expect(explanation.considered.map((c) => [c.registry.name, c.outcome])).toEqual([
      ['Broad', 'lost'],
      ['Narrow', 'chosen'],
    ]);
    // A new registry is used at once: the index is rebuilt on change.
    await service.add(input({ name: 'Exact', address: plain.address, patterns: ['stevedore/small'] }));
    expect((await resolver.explain(`${plain.address}/stevedore/small`)).registry?.name).toBe('Exact');
  });
});
