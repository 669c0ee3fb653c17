/**
 * CredentialResolver, the core's one door to credential resolution (main/core/credentials/resolver.ts): its index
 * follows the stored registries as they change, the "Docker config path" setting applies at the next lookup, one-time
 * credentials go with one pull only, and the window's explanation carries no secret and says what every stored
 * registry on the host did.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { CredentialResolver } from '../../../main/core/credentials/resolver';
import { RegistryService } from '../../../main/core/registries/service';
import { MemoryCipher } from '../../../main/core/secrets/cipher';
import { openSettings, settingsDir } from '../../support/settings';

const SECRET = 'resolver-s3cret-canary';

function world() {
  const registries = new RegistryService({
    settings: openSettings(settingsDir()),
    cipher: new MemoryCipher(),
    docker: () => ({}) as unknown as Docker,
  });
  let configPath: string | undefined;
  const resolver = new CredentialResolver({ registries, dockerConfigPath: () => configPath, env: {} });
  return { registries, resolver, useDockerConfig: (file: string | undefined) => (configPath = file) };
}

function dockerConfigWith(host: string, username: string, password: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'stevedore-resolver-config-')), 'config.json');
  writeFileSync(file, JSON.stringify({ auths: { [host]: { auth: Buffer.from(`${username}:${password}`).toString('base64') } } }));
  return file;
}

describe('CredentialResolver', () => {
  it('follows the stored registries: one added, changed or removed applies to the next lookup', async () => {
    const { registries, resolver } = world();
    expect((await resolver.resolve('ghcr.io/team/app:1')).explanation.source).toBe('anonymous');
    const added = await registries.add({ name: 'Team', address: 'ghcr.io', username: 'alice', secret: SECRET, patterns: ['team/*'], isDefault: false });
    const stored = await resolver.resolve('ghcr.io/team/app:1');
    expect(stored.explanation).toMatchObject({ source: 'registry', registry: { id: added.id, name: 'Team' }, username: 'alice' });
    expect(stored.auth).toMatchObject({ username: 'alice', password: SECRET, serveraddress: 'ghcr.io' });
    await registries.update({ id: added.id, name: 'Team', address: 'ghcr.io', username: 'alice', patterns: ['other/*'], isDefault: false });
    expect((await resolver.resolve('ghcr.io/team/app:1')).explanation.source).toBe('anonymous');
    await registries.remove(added.id);
    expect((await resolver.explain('ghcr.io/other/app:1')).considered).toEqual([]);
  });

  it('reads the Docker config path setting at each lookup', async () => {
    const { resolver, useDockerConfig } = world();
    useDockerConfig(dockerConfigWith('registry.example.test', 'carol', SECRET));
    const fromConfig = await resolver.resolve('registry.example.test/app:1');
    expect(fromConfig.explanation).toMatchObject({ source: 'docker-config', username: 'carol' });
    expect(fromConfig.auth).toMatchObject({ username: 'carol', password: SECRET });
    useDockerConfig(dockerConfigWith('registry.example.test', 'dave', SECRET));
    expect((await resolver.resolve('registry.example.test/app:1')).explanation.username).toBe('dave');
    useDockerConfig(undefined);
  });

  it('reads the Docker config its environment names, and asks a credential helper through its runner with that environment', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stevedore-resolver-env-'));
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ credsStore: 'stevedore-test' }));
    const asked: Array<{ command: string; stdin: string; dockerConfig: string | undefined }> = [];
    const registries = new RegistryService({ settings: openSettings(settingsDir()), cipher: new MemoryCipher(), docker: () => ({}) as unknown as Docker });
    const resolver = new CredentialResolver({
      registries,
      dockerConfigPath: () => undefined,
      env: { DOCKER_CONFIG: dir, PATH: '/nonexistent' },
      runHelper: async (request) => {
        asked.push({ command: request.command, stdin: request.stdin, dockerConfig: request.env?.DOCKER_CONFIG });
        return { exitCode: 0, signal: null, stdout: JSON.stringify({ ServerURL: 'registry.example.test', Username: 'hal', Secret: SECRET }), stderr: '' };
      },
    });
    const resolution = await resolver.resolve('registry.example.test/app:1');
    expect(resolution.explanation).toMatchObject({ source: 'credential-helper', username: 'hal' });
    expect(resolution.auth).toMatchObject({ username: 'hal', password: SECRET });
    expect(asked).toEqual([{ command: 'docker-credential-stevedore-test', stdin: 'registry.example.test', dockerConfig: dir }]);
  });

  it('uses one-time credentials for that pull only, and explains them without their user name', async () => {
    const { registries, resolver } = world();
    await registries.add({ name: 'Team', address: 'ghcr.io', username: 'alice', secret: SECRET, patterns: ['team/*'], isDefault: false });
    const once = await resolver.resolve('ghcr.io/team/app:1', { username: 'bob', password: 'typed-once' });
    expect(once.explanation.source).toBe('one-time');
    expect(once.auth).toMatchObject({ username: 'bob', password: 'typed-once' });
    expect((await resolver.resolve('ghcr.io/team/app:1')).auth).toMatchObject({ username: 'alice' });
    const view = await resolver.explain('ghcr.io/team/app:1', true);
    expect(view.source).toBe('one-time');
    expect(view.username).toBeUndefined();
  });

  it("explains for the window with every candidate's patterns and outcome, and no secret", async () => {
    const { registries, resolver } = world();
    const broad = await registries.add({ name: 'Broad', address: 'ghcr.io', username: 'alice', secret: SECRET, patterns: ['**'], isDefault: false });
    const narrow = await registries.add({ name: 'Narrow', address: 'ghcr.io', username: 'bob', secret: SECRET, patterns: ['team/app'], isDefault: false });
    const other = await registries.add({ name: 'Other', address: 'ghcr.io', username: 'erin', secret: SECRET, patterns: ['elsewhere/*'], isDefault: false });
    const view = await resolver.explain('ghcr.io/team/app:1');
    expect(JSON.stringify(view)).not.toContain(SECRET);
    expect(view).toMatchObject({
      reference: 'ghcr.io/team/app:1',
      host: 'ghcr.io',
      source: 'registry',
      registry: { id: narrow.id, name: 'Narrow' },
      pattern: { written: 'team/app', expanded: 'ghcr.io/team/app' },
      username: 'bob',
    });
    const outcomes = Object.fromEntries(view.considered.map((candidate) => [candidate.registry.id, candidate]));
    expect(outcomes[narrow.id]).toMatchObject({ outcome: 'chosen', patterns: [{ written: 'team/app', expanded: 'ghcr.io/team/app', matched: true }] });
    expect(outcomes[broad.id]).toMatchObject({ outcome: 'lost', patterns: [{ written: '**', matched: true }] });
    expect(outcomes[other.id]).toMatchObject({ outcome: 'no-match', patterns: [{ written: 'elsewhere/*', matched: false }] });
    for (const candidate of view.considered) expect(typeof candidate.reason).toBe('string');
  });
});

describe('CredentialResolver, a stored pattern that no longer validates', () => {
  it('is shown in the window as written, with the reason it is refused, and matches nothing', async () => {
    // A settings file written by an older Stevedore, whose rules allowed a tag in a pattern.
    const dir = settingsDir();
    const at = '2024-01-01T00:00:00.000Z';
    writeFileSync(
      path.join(dir, 'settings.json'),
      JSON.stringify({ registries: [{ id: 'old', name: 'Old', address: 'ghcr.io', username: 'olga', patterns: ['team/app:1'], isDefault: false, createdAt: at, updatedAt: at }] }),
    );
    const registries = new RegistryService({ settings: openSettings(dir), cipher: new MemoryCipher(), docker: () => ({}) as unknown as Docker });
    const resolver = new CredentialResolver({ registries, dockerConfigPath: () => undefined, env: {} });
    const view = await resolver.explain('ghcr.io/team/app:1');
    expect(view.source).toBe('anonymous');
    expect(view.considered).toEqual([
      expect.objectContaining({
        registry: expect.objectContaining({ id: 'old', name: 'Old' }),
        outcome: 'no-match',
        patterns: [
          {
            written: 'team/app:1',
            expanded: "team/app:1 (invalid: The Image Pattern 'team/app:1' is not valid: patterns match repositories, not tags; remove ':1'.)",
            matched: false,
          },
        ],
      }),
    ]);
  });
});
