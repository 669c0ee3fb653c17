/**
 * Which `credHelpers` entry answers for a host when several keys name the same host: the exact key the docker CLI
 * files it under wins over its variants, wherever each stands in the file.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupDockerConfigCredential } from '../../../main/core/docker-config';
import { helperDouble } from './helper-double';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'stevedore-docker-config-lookup-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function configWith(credHelpers: Record<string, string>): Promise<string> {
  const file = path.join(folder, `${Object.values(credHelpers).join('-')}.json`);
  await writeFile(file, JSON.stringify({ credHelpers }));
  return file;
}

const helpers = helperDouble({
  exact: { 'registry.example:5000': { Username: 'exact-user', Secret: 'exact-secret' } },
  variant: { 'registry.example:5000': { Username: 'variant-user', Secret: 'variant-secret' } },
  other: { 'other.example': { Username: 'other-user', Secret: 'other-secret' } },
});

describe('credHelpers with several keys for one host', () => {
  it.each([
    ['exact key first', { 'registry.example:5000': 'exact', 'https://registry.example:5000': 'variant', 'other.example': 'other' }],
    ['exact key last', { 'other.example': 'other', 'https://registry.example:5000/v2/': 'variant', 'registry.example:5000': 'exact' }],
    ['exact key between variants', { 'http://registry.example:5000': 'variant', 'registry.example:5000': 'exact', 'registry.example:5000/v1/': 'variant' }],
  ])('uses the helper of the exact key (%s)', async (_order, credHelpers) => {
    const lookup = await lookupDockerConfigCredential('registry.example:5000', { configPath: await configWith(credHelpers), runHelper: helpers.runHelper });
    expect(lookup.found?.origin).toEqual({ source: 'credential-helper', setting: 'credHelpers', helper: 'exact', key: 'registry.example:5000' });
    expect(lookup.found?.credential).toEqual({ kind: 'password', username: 'exact-user', password: 'exact-secret' });
  });

  it('uses the first variant in file order when there is no exact key', async () => {
    const configPath = await configWith({ 'other.example': 'other', 'https://registry.example:5000': 'variant', 'http://registry.example:5000': 'exact' });
    const lookup = await lookupDockerConfigCredential('registry.example:5000', { configPath, runHelper: helpers.runHelper });
    expect(lookup.found?.origin).toMatchObject({ helper: 'variant', key: 'https://registry.example:5000' });
  });

  it('never uses a helper listed for another host', async () => {
    const configPath = await configWith({ 'registry.example:5000': 'exact', 'other.example': 'other' });
    const lookup = await lookupDockerConfigCredential('other.example', { configPath, runHelper: helpers.runHelper });
    expect(lookup.found?.origin).toMatchObject({ helper: 'other', key: 'other.example' });
  });
});

describe('what the lookup tells the helper and the user', () => {
  it('runs the helper with the environment and the time limit it was given', async () => {
    const configPath = await configWith({ 'registry.example:5000': 'exact' });
    const { runHelper, calls } = helperDouble({ exact: { 'registry.example:5000': { Username: 'u', Secret: 's' } } });
    const env = { PATH: '/opt/helpers/bin' };
    await lookupDockerConfigCredential('registry.example:5000', { configPath, runHelper, env, helperTimeoutMs: 1234 });
    expect(calls[0]).toMatchObject({ env, timeoutMs: 1234 });
  });

  it.each([
    ['credHelpers', { credHelpers: { 'registry.example:5000': 'missing' } }],
    ['credsStore', { credsStore: 'missing' }],
  ])('names the setting (%s) of a helper that is not installed', async (setting, config) => {
    const configPath = path.join(folder, `${setting}-missing.json`);
    await writeFile(configPath, JSON.stringify(config));
    const lookup = lookupDockerConfigCredential('registry.example:5000', { configPath, runHelper: helperDouble({}).runHelper });
    await expect(lookup).rejects.toThrow(`(from ${setting} in ${configPath})`);
  });

  it('says when the config has nothing at all for the host', async () => {
    const configPath = await configWith({ 'other.example': 'other' });
    const lookup = await lookupDockerConfigCredential('registry.example:5000', { configPath, runHelper: helpers.runHelper });
    expect(lookup.found).toBeUndefined();
    expect(lookup.checked).toEqual(['no auths entry for registry.example:5000']);
  });
});
