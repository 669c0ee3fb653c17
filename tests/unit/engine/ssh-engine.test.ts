/**
 * An ssh:// engine under Electron's Node. docker-modem's own ssh mode builds each request's URL as
 * `ssh:host:port…` with url.parse: Node 20 and 24 warn that it is invalid (DEP0170) and Node 26 refuses it
 * (ERR_INVALID_ARG_VALUE), so every request to an ssh engine would fail on the next Node Electron moves to.
 * Here the SSH session is replaced by a loopback connection to a stand-in engine; everything else is real.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import Docker from 'dockerode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dockerodeOptions } from '../../../main/core/engine/endpoint';
import type { SshTarget } from '../../../main/core/engine/ssh-tunnel';

describe('an ssh:// engine', () => {
  let engine: Server;
  let port: number;
  const requests: IncomingMessage[] = [];
  const warnings: Error[] = [];
  const onWarning = (warning: Error): void => {
    warnings.push(warning);
  };

  beforeEach(async () => {
    requests.length = 0;
    warnings.length = 0;
    engine = createServer((request, response) => {
      requests.push(request);
      if (/\/_ping$/.test(new URL(request.url ?? '', 'http://engine').pathname)) response.end('OK');
      else response.writeHead(404).end('{"message":"page not found"}');
    });
    await new Promise<void>((resolve) => engine.listen(0, '127.0.0.1', resolve));
    port = (engine.address() as AddressInfo).port;
    process.on('warning', onWarning);
  });

  afterEach(async () => {
    process.off('warning', onWarning);
    await new Promise<void>((resolve) => engine.close(() => resolve()));
  });

  it('is reached through the SSH tunnel with a request URL that Node accepts', async () => {
    const dialled: SshTarget[] = [];
    const options = dockerodeOptions({ url: 'ssh://me@build-box:2222', source: 'setting', tls: false }, undefined, (target, done) => {
      dialled.push(target);
      const socket = connect(port, '127.0.0.1', () => done(null, socket));
      socket.once('error', (error) => done(error));
    });

    await expect(new Docker(options).ping()).resolves.toEqual(Buffer.from('OK'));

    expect(dialled).toEqual([expect.objectContaining({ host: 'build-box', port: 2222, username: 'me' })]);
    expect(requests).toHaveLength(1);
    const target = requests[0]?.url ?? '';
    // Node 26 refuses what it cannot parse; the engine's router reads the path.
    expect(() => new URL(target, 'http://engine')).not.toThrow();
    expect(new URL(target, 'http://engine').pathname).toBe('/_ping');
    expect(warnings.filter((warning) => (warning as { code?: string }).code === 'DEP0170')).toEqual([]);
  });

  it('uses a new SSH session for each request, as docker-modem does, so a closed one is never reused', async () => {
    let sessions = 0;
    const options = dockerodeOptions({ url: 'ssh://build-box', source: 'setting', tls: false }, undefined, (target, done) => {
      sessions++;
      expect(target).toMatchObject({ host: 'build-box', port: 22 });
      const socket = connect(port, '127.0.0.1', () => done(null, socket));
      socket.once('error', (error) => done(error));
    });
    const docker = new Docker(options);
    await docker.ping();
    await docker.ping();
    expect(sessions).toBe(2);
  });

  it('passes on why the SSH session failed', async () => {
    const options = dockerodeOptions({ url: 'ssh://me@build-box', source: 'setting', tls: false }, undefined, (_target, done) => {
      done(Object.assign(new Error('All configured authentication methods failed'), { level: 'client-authentication' }));
    });
    await expect(new Docker(options).ping()).rejects.toThrow(/All configured authentication methods failed/);
  });
});
