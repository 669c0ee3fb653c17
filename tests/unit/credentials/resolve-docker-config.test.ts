/**
 * Credential resolution when no stored registry decides (main/core/credentials/resolve.ts, §5 step 4): the Docker
 * config found from the home folder it is given, the credential helper's time limit passed on, an identity token
 * named as such, and the anonymous retry after the Docker config's credentials were rejected.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainAnonymousRetry, resolveCredentials, type ResolutionContext } from '../../../main/core/credentials/resolve';
import { helperDouble } from './helper-double';

const HOST = 'registry.example.test';

/** A folder holding `<folder>/.docker/config.json` with this content, as a user's home folder would. */
function homeWithDockerConfig(config: unknown): { home: string; configFile: string } {
  const home = mkdtempSync(path.join(tmpdir(), 'stevedore-resolve-home-'));
  mkdirSync(path.join(home, '.docker'));
  const configFile = path.join(home, '.docker', 'config.json');
  writeFileSync(configFile, JSON.stringify(config));
  return { home, configFile };
}

/** No stored registry, no Docker config path setting, no DOCKER_CONFIG: only the home folder leads to a config. */
function contextWithHome(home: string, extra: Partial<ResolutionContext> = {}): ResolutionContext {
  return { registries: [], getSecret: async () => undefined, env: {}, homedir: home, ...extra };
}

describe('§5 step 4: the Docker config', () => {
  it('is read from the home folder the context names when neither the setting nor DOCKER_CONFIG points elsewhere', async () => {
    const auth = Buffer.from('hana:home-secret').toString('base64');
    const { home, configFile } = homeWithDockerConfig({ auths: { [HOST]: { auth } } });
    const resolution = await resolveCredentials(`${HOST}/app:1`, contextWithHome(home));
    expect(resolution.explanation).toMatchObject({ source: 'docker-config', configFile, username: 'hana' });
    expect(resolution.auth).toMatchObject({ username: 'hana', password: 'home-secret', serveraddress: HOST });
  });

  it('asks a credential helper with the time limit the context gives', async () => {
    const { home } = homeWithDockerConfig({ credsStore: 'double' });
    const { runHelper, calls } = helperDouble({ double: { [HOST]: { Username: 'ida', Secret: 'helper-secret' } } });
    const resolution = await resolveCredentials(`${HOST}/app:1`, contextWithHome(home, { runHelper, helperTimeoutMs: 1234 }));
    expect(resolution.explanation).toMatchObject({ source: 'credential-helper', username: 'ida' });
    expect(calls.map((call) => call.timeoutMs)).toEqual([1234]);
  });

  it('names an identity token as such in the summary, with no user name', async () => {
    const { home, configFile } = homeWithDockerConfig({ auths: { [HOST]: { identitytoken: 'token-secret' } } });
    const resolution = await resolveCredentials(`${HOST}/app:1`, contextWithHome(home));
    expect(resolution.explanation.summary).toBe(
      `${HOST}/app:1 uses an identity token from auths["${HOST}"] in ${configFile}, sent to ${HOST}.`,
    );
    expect(resolution.explanation.username).toBeUndefined();
    expect(resolution.auth).toMatchObject({ identitytoken: 'token-secret' });
  });

  it('explains the anonymous retry after the Docker config credentials were rejected, naming where they came from', async () => {
    const auth = Buffer.from('hana:home-secret').toString('base64');
    const { home } = homeWithDockerConfig({ auths: { [HOST]: { auth } } });
    const resolution = await resolveCredentials(`${HOST}/app:1`, contextWithHome(home));
    const retry = explainAnonymousRetry(resolution.explanation);
    expect(retry).toMatchObject({
      source: 'anonymous',
      rejectedCredentials: { source: 'docker-config' },
      summary: `${HOST} rejected the docker-config credentials; retried anonymously.`,
    });
    expect(retry.rejectedCredentials?.registry).toBeUndefined();
  });
});
