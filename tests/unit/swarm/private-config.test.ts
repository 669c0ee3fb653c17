import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PRIVATE_CONFIG_PREFIX, withPrivateDockerConfig } from '../../../main/core/swarm/private-config';
import { runSwarmCli, SwarmCliError } from '../../../main/core/swarm/docker-cli';
import type { ProcessRunner } from '../../../main/core/process/run';

let parent: string;
beforeEach(() => {
  parent = mkdtempSync(path.join(os.tmpdir(), 'stevedore-private-config-test-'));
});
afterEach(() => rmSync(parent, { recursive: true, force: true }));

const auths = { '127.0.0.1:5001': { auth: Buffer.from('alice:s3cret-pass').toString('base64') } };

describe('withPrivateDockerConfig', () => {
  it('gives a 0700 folder with a 0600 config.json holding only the auths, and removes it afterwards', async () => {
    let seen: { dir: string; dirMode: number; fileMode: number; text: string } | undefined;
    const result = await withPrivateDockerConfig(
      auths,
      async (dir) => {
        seen = { dir, dirMode: statSync(dir).mode & 0o777, fileMode: statSync(path.join(dir, 'config.json')).mode & 0o777, text: readFileSync(path.join(dir, 'config.json'), 'utf8') };
        return 'done';
      },
      { parent },
    );
    expect(result).toBe('done');
    expect(path.basename(seen?.dir ?? '')).toMatch(new RegExp(`^${PRIVATE_CONFIG_PREFIX}`));
    expect(seen).toMatchObject({ dirMode: 0o700, fileMode: 0o600 });
    expect(JSON.parse(seen?.text ?? '')).toEqual({ auths });
    expect(readdirSync(parent)).toEqual([]);
  });

  it('removes the folder when the use of it fails', async () => {
    await expect(withPrivateDockerConfig(auths, () => Promise.reject(new Error('deploy broke')), { parent })).rejects.toThrow('deploy broke');
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe('runSwarmCli', () => {
  it('removes the config when docker fails, and keeps the secret out of the error', async () => {
    const failing: ProcessRunner = (request) =>
      Promise.resolve({ exitCode: 1, signal: null, stdout: '', stderr: `error from daemon: login with s3cret-pass refused (config ${request.env?.DOCKER_CONFIG ?? ''})` });
    const error = await runSwarmCli(['stack', 'deploy', 'x'], auths, { endpoint: undefined, run: failing, parent, env: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SwarmCliError);
    expect((error as SwarmCliError).code).toBe('SWARM_CLI_FAILED');
    expect((error as SwarmCliError).message).not.toContain('s3cret-pass');
    expect(readdirSync(parent)).toEqual([]);
  });

  it('points docker at the private config and the engine given, never at the user’s', async () => {
    let env: NodeJS.ProcessEnv | undefined;
    const ok: ProcessRunner = (request) => {
      env = request.env;
      return Promise.resolve({ exitCode: 0, signal: null, stdout: 'Creating service x_web', stderr: '' });
    };
    await runSwarmCli(['stack', 'deploy', 'x'], auths, { endpoint: { url: 'unix:///tmp/swarm.sock', source: 'DOCKER_HOST', tls: false }, run: ok, parent, env: { DOCKER_CONFIG: '/home/u/.docker', DOCKER_CONTEXT: 'prod' } });
    expect(env?.DOCKER_HOST).toBe('unix:///tmp/swarm.sock');
    expect(env?.DOCKER_CONTEXT).toBeUndefined();
    expect(path.dirname(env?.DOCKER_CONFIG ?? '')).toBe(parent);
  });
});
