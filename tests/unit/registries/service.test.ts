import { readFileSync } from 'node:fs';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { RegistryInput } from '../../../preload/api';
import { RegistryService } from '../../../main/core/registries/service';
import { MemoryCipher, type SecretCipher } from '../../../main/core/secrets/cipher';
import { cipherOfKind } from '../../support/ciphers';
import { openSettings, settingsDir } from '../../support/settings';

const SECRET = 'pa55:w0rd-canary-7f3e';

function service(options: { cipher?: SecretCipher; dir?: string } = {}) {
  const settings = openSettings(options.dir ?? settingsDir());
  let tick = 0;
  const registries = new RegistryService({
    settings,
    cipher: options.cipher ?? new MemoryCipher(),
    docker: () => {
      throw new Error('no engine in unit tests');
    },
    clock: () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)),
  });
  return { registries, settings };
}

const input = (overrides: Partial<RegistryInput> = {}): RegistryInput => ({
  name: 'Work GHCR',
  address: 'https://ghcr.io/',
  username: 'octo',
  secret: SECRET,
  patterns: ['team/*'],
  isDefault: false,
  ...overrides,
});

describe('RegistryService', () => {
  it('stores a registry with a normalised address and never returns or writes the secret in plain text', async () => {
    const { registries, settings } = service();
    const view = await registries.add(input());
    expect(view).toMatchObject({ name: 'Work GHCR', address: 'ghcr.io', username: 'octo', hasSecret: true, patterns: ['team/*'] });
    expect(JSON.stringify(view)).not.toContain(SECRET);
    expect(JSON.stringify(registries.list())).not.toContain(SECRET);
    expect(JSON.stringify(registries.records())).not.toContain(SECRET);
    expect(readFileSync(settings.path, 'utf8')).not.toContain(SECRET);
    await expect(registries.secretFor(view.id)).resolves.toBe(SECRET);
  });

  it('reports every invalid field at once, with what to do', () => {
    const { registries } = service();
    const errors = registries.validate(input({ name: ' ', address: 'https://user:pw@ghcr.io', username: '', patterns: ['x'] }));
    expect(Object.keys(errors).sort()).toEqual(['address', 'name', 'username']);
    expect(errors.address).toMatch(/user name and password/i);
    expect(registries.validate(input({ patterns: ['nginx:latest'] })).patterns).toMatch(/remove ':latest'/);
    expect(registries.validate(input({ patterns: ['docker.io/team/*'] })).patterns).toMatch(/ghcr\.io/);
  });

  it('refuses a duplicate name, case-insensitively', async () => {
    const { registries } = service();
    await registries.add(input());
    await expect(registries.add(input({ name: 'work ghcr' }))).rejects.toMatchObject({ code: 'REGISTRY_INVALID' });
  });

  it('allows at most one default registry per host', async () => {
    const { registries } = service();
    await registries.add(input({ name: 'A', isDefault: true }));
    expect(registries.validate(input({ name: 'B', isDefault: true })).isDefault).toMatch(/"A" is already the default registry for ghcr.io/);
    expect(registries.validate(input({ name: 'C', address: 'quay.io', patterns: [], isDefault: true }))).toEqual({});
  });

  it('keeps the stored secret when an edit leaves the secret empty', async () => {
    const { registries } = service();
    const added = await registries.add(input());
    const edited = await registries.update({ ...input({ secret: '' }), id: added.id, name: 'Renamed' });
    expect(edited).toMatchObject({ name: 'Renamed', hasSecret: true });
    await expect(registries.secretFor(added.id)).resolves.toBe(SECRET);
  });

  it('refuses to point stored credentials at another host unless the secret is entered again', async () => {
    const { registries } = service();
    const added = await registries.add(input());
    await expect(registries.update({ ...input({ secret: '' }), id: added.id, address: 'evil.example.com', patterns: [] })).rejects.toMatchObject({
      code: 'REGISTRY_INVALID',
      message: expect.stringMatching(/never sent to a different server/),
    });
    await expect(registries.secretFor(added.id)).resolves.toBe(SECRET);
    const moved = await registries.update({ ...input({ secret: 'new-secret' }), id: added.id, address: 'registry.example.com', patterns: [] });
    expect(moved.address).toBe('registry.example.com');
    await expect(registries.secretFor(added.id)).resolves.toBe('new-secret');
  });

  it('lets an edit that removes the credentials change the address too', async () => {
    const { registries } = service();
    const added = await registries.add(input());
    const moved = { ...input({ secret: '', username: '' }), address: 'registry.example.com', patterns: [] };
    expect(registries.validate(moved, added.id).secret).toMatch(/never sent to a different server/);
    expect(registries.validate(moved, added.id, true)).toEqual({});
  });

  it('clears credentials only when asked explicitly', async () => {
    const { registries } = service();
    const added = await registries.add(input());
    const cleared = await registries.update({ ...input({ secret: '' }), id: added.id, clearCredentials: true });
    expect(cleared).toMatchObject({ hasSecret: false, username: undefined });
    await expect(registries.secretFor(added.id)).resolves.toBeUndefined();
  });

  it('forgets a check result when the credentials it vouched for change', async () => {
    const dir = settingsDir();
    const { registries, settings } = service({ dir });
    const added = await registries.add(input());
    await settings.update('registries', (list) => ({
      value: list.map((r) => ({ ...r, lastVerified: { at: '2026-01-01T00:00:00.000Z', ok: true, message: 'ok' } })),
      result: undefined,
    }));
    expect((await registries.update({ ...input({ secret: '' }), id: added.id, name: 'Only renamed' })).lastVerified).toBeDefined();
    expect((await registries.update({ ...input({ secret: 'changed' }), id: added.id })).lastVerified).toBeUndefined();
  });

  it('asks before storing a secret without an OS keyring (basic_text), per registry', async () => {
    const { registries } = service({ cipher: cipherOfKind('basic-text') });
    expect(registries.validate(input()).secret).toMatch(/no real protection/);
    await expect(registries.add(input())).rejects.toMatchObject({ code: 'REGISTRY_INVALID' });
    const accepted = await registries.add(input({ allowWeakSecretStorage: true }));
    expect(accepted).toMatchObject({ hasSecret: true, allowWeakSecretStorage: true });
    // Anonymous registries need no acceptance.
    expect(registries.validate(input({ name: 'Anon', username: '', secret: '', address: 'quay.io', patterns: [] }))).toEqual({});
  });

  it('refuses to store a secret when nothing can encrypt it', () => {
    const { registries } = service({ cipher: cipherOfKind('unavailable') });
    expect(registries.validate(input()).secret).toMatch(/cannot store one/);
  });

  it('removes a registry and tells listeners about every change', async () => {
    const { registries } = service();
    const seen: number[] = [];
    registries.onChange((list) => seen.push(list.length));
    const added = await registries.add(input());
    await expect(registries.remove(added.id)).resolves.toBe(true);
    await expect(registries.remove(added.id)).resolves.toBe(false);
    expect(seen).toEqual([1, 0]);
  });

  it('says there is nothing to test for an anonymous registry', async () => {
    const { registries } = service();
    const added = await registries.add(input({ username: '', secret: '' }));
    await expect(registries.check(added.id)).resolves.toMatchObject({ ok: false, code: 'NO_CREDENTIALS' });
  });

  it('reports an unreachable engine during a check without the secret', async () => {
    const settings = openSettings();
    const registries = new RegistryService({
      settings,
      cipher: new MemoryCipher(),
      docker: () => ({ checkAuth: () => Promise.reject(Object.assign(new Error(`connect ENOENT /x.sock ${SECRET}`), { code: 'ENOENT' })) }) as unknown as Docker,
    });
    const added = await registries.add(input());
    const result = await registries.check(added.id);
    expect(result).toMatchObject({ ok: false, code: 'ENGINE_UNREACHABLE' });
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(registries.list()[0]?.lastVerified).toMatchObject({ ok: false });
  });
});
