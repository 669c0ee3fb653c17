/**
 * The local forward Compose reaches an ssh:// engine through (main/core/engine/ssh-forward.ts): every connection
 * to it becomes one tunnel from the dialer, bytes flow both ways, the socket is private to this account, and closing
 * removes it. Compose is pointed at it instead of at ssh://.
 */
import { existsSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { Duplex, PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openSshEngineForward } from '../../../main/core/engine/ssh-forward';
import type { SshDial, SshTarget } from '../../../main/core/engine/ssh-tunnel';
import { composeProcessEnv } from '../../../main/core/stacks/compose';

/** A dialer whose "engine" answers every line with `engine: <line>`. */
function echoEngine(dialled: SshTarget[]): SshDial {
  return (target, done) => {
    dialled.push(target);
    const toEngine = new PassThrough();
    const fromEngine = new PassThrough();
    toEngine.on('data', (chunk: Buffer) => fromEngine.write(`engine: ${chunk.toString('utf8')}`));
    done(null, Duplex.from({ writable: toEngine, readable: fromEngine }));
  };
}

describe('the ssh:// engine forward for Compose', () => {
  it('tunnels each connection through the dialer, on a socket only this account can reach, gone once closed', async () => {
    const dialled: SshTarget[] = [];
    const target: SshTarget = { host: 'staging', port: 2222, username: 'deploy', hostKeys: { knownHostsFile: '/nonexistent/known_hosts' } };
    const forward = await openSshEngineForward(target, echoEngine(dialled), 'linux');
    expect(forward.url).toMatch(/^unix:\/\/\//);
    const socketPath = forward.url.slice('unix://'.length);
    expect(statSync(path.dirname(socketPath)).mode & 0o777).toBe(0o700);

    const answers = await Promise.all(
      ['GET /_ping', 'GET /version'].map(
        (request) =>
          new Promise<string>((resolve, reject) => {
            const socket = connect(socketPath, () => socket.write(request));
            socket.once('data', (chunk: Buffer) => {
              resolve(chunk.toString('utf8'));
              socket.destroy();
            });
            socket.once('error', reject);
          }),
      ),
    );
    expect(answers.sort()).toEqual(['engine: GET /_ping', 'engine: GET /version']);
    expect(dialled).toEqual([target, target]);

    forward.close();
    expect(existsSync(path.dirname(socketPath))).toBe(false);
  });

  it('is what Compose gets as DOCKER_HOST for an ssh:// engine', () => {
    const env = composeProcessEnv({ PATH: '/usr/bin' }, { url: 'ssh://deploy@staging', source: 'setting', tls: false, composeHost: 'unix:///tmp/stevedore-ssh-x/docker.sock' });
    expect(env.DOCKER_HOST).toBe('unix:///tmp/stevedore-ssh-x/docker.sock');
    expect(composeProcessEnv({}, { url: 'ssh://deploy@staging', source: 'setting', tls: false }).DOCKER_HOST).toBe('ssh://deploy@staging');
  });
});
