/**
 * An update check reads the user's Docker config once per host (H6, noticed in session 4): 50 images on a host with
 * no stored registry cost one read of config.json and one run of the credential helper, not 50 — while a change to
 * the file between two checks is seen by the next check. Real CredentialResolver and UpdateChecker; the registry is
 * a double of our own UpdateRegistry.request, the helper a double of our own ProcessRunner.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { parseImageReference } from '../../../main/core/credentials/reference';
import { CredentialResolver } from '../../../main/core/credentials/resolver';
import type { RegistryRequest } from '../../../main/core/registry-client/client';
import { RegistryService } from '../../../main/core/registries/service';
import { MemoryCipher } from '../../../main/core/secrets/cipher';
import { UpdateChecker } from '../../../main/core/updates/checker';
import { openSettings, settingsDir } from '../../support/settings';
import { helperDouble } from '../credentials/helper-double';

const HOST = 'registry.example.test';
const OTHER_HOST = 'other.example.test';
const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;

function world(configText: () => string) {
  const registries = new RegistryService({ settings: openSettings(settingsDir()), cipher: new MemoryCipher(), docker: () => ({}) as unknown as Docker });
  const configFile = path.join(mkdtempSync(path.join(tmpdir(), 'stevedore-updates-config-')), 'config.json');
  const writeConfig = () => writeFileSync(configFile, configText());
  writeConfig();
  const helper = helperDouble({
    vault: { [HOST]: { Username: 'carol', Secret: 'vault-s3cret' }, [OTHER_HOST]: { Username: 'erin', Secret: 'other-s3cret' } },
    keyring: { [HOST]: { Username: 'dave', Secret: 'keyring-s3cret' } },
  });
  const resolver = new CredentialResolver({ registries, dockerConfigPath: () => configFile, env: {}, runHelper: helper.runHelper });
  const requests: RegistryRequest[] = [];
  const checker = new UpdateChecker({
    registry: {
      resolve: (image, lookups) => resolver.resolve(image, undefined, lookups),
      request: async (call) => {
        requests.push(call);
        return { status: 200, headers: { 'docker-content-digest': digest(1) }, body: Buffer.alloc(0), url: new URL(`https://${call.host}${call.path}`) };
      },
      describe: async () => ({}),
      tags: async () => [],
    },
    platform: () => undefined,
  });
  return { checker, helper, requests, writeConfig };
}

const images = (host: string, count: number) =>
  Array.from({ length: count }, (_, n) => ({ reference: parseImageReference(`${host}/team/app-${n}:1`), localDigests: [digest(1)] }));

describe('an update check and the Docker config', () => {
  it('runs the credential helper once per host for 50 images, and every image still asks with its credential', async () => {
    const { checker, helper, requests } = world(() => JSON.stringify({ credHelpers: { [HOST]: 'vault', [OTHER_HOST]: 'vault' } }));
    const outcomes = await checker.checkAll([...images(HOST, 50), ...images(OTHER_HOST, 3)]);
    expect([...outcomes.values()].every((outcome) => outcome.state === 'up-to-date')).toBe(true);
    expect(helper.calls.map((call) => call.stdin.trim()).sort()).toEqual([OTHER_HOST, HOST]);
    expect(requests).toHaveLength(53);
    expect(requests.filter((call) => call.host === HOST).every((call) => call.auth?.username === 'carol')).toBe(true);
    expect(requests.filter((call) => call.host === OTHER_HOST).every((call) => call.auth?.username === 'erin')).toBe(true);
  });

  it('reads the file again at the next check: a helper changed between two checks is used', async () => {
    let helperName = 'vault';
    const { checker, helper, requests, writeConfig } = world(() => JSON.stringify({ credHelpers: { [HOST]: helperName } }));
    await checker.checkAll(images(HOST, 10));
    helperName = 'keyring';
    writeConfig();
    requests.length = 0;
    await checker.checkAll(images(HOST, 10));
    expect(helper.calls.map((call) => call.command)).toEqual(['docker-credential-vault', 'docker-credential-keyring']);
    expect(requests.every((call) => call.auth?.username === 'dave')).toBe(true);
  });
});
