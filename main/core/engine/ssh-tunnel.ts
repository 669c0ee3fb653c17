/**
 * Requests to an ssh:// engine: each connection is an SSH session running `docker system dial-stdio` on the
 * remote host, which is how the docker CLI and docker-modem reach such an engine.
 *
 * Why not docker-modem's own ssh mode: it builds every request's URL as `ssh:host:port…` with url.parse, which
 * Node 20 and 24 (Electron 45's) report as invalid (DEP0170, "future versions of Node.js will throw") and Node 26
 * refuses (ERR_INVALID_ARG_VALUE), so every request to an ssh engine would fail once Electron moves to it. With
 * this agent docker-modem speaks plain HTTP and builds an ordinary http:// URL; the SSH part is the same as
 * docker-modem's (ssh2, authenticating through the SSH agent), one session per connection.
 */
import { Agent, type ClientRequestArgs } from 'node:http';
import type { Duplex } from 'node:stream';
import { Client } from 'ssh2';
import { checkHostKey, type HostKeyPolicy } from './known-hosts';

export interface SshTarget {
  host: string;
  port: number;
  username?: string;
  /** The SSH agent's socket (SSH_AUTH_SOCK). */
  agent?: string;
  /** Host key checking (known-hosts.ts); without it ssh2 would accept any key. */
  hostKeys?: HostKeyPolicy;
}

/** Opens one stream to the engine's API over SSH, or says why it could not. */
export type SshDial = (target: SshTarget, done: (error: Error | null, stream?: Duplex) => void) => void;

/** The real dialer: an SSH session that runs `docker system dial-stdio` and ends when its stream closes. */
export const dialStdio: SshDial = (target, done) => {
  const client = new Client();
  let stream: Duplex | undefined;
  let settled = false;
  // ssh2 reports a refused host key as "verification failed"; the user is told why it was refused instead.
  let hostKeyRefusal: Error | undefined;
  const fail = (failure: Error): void => {
    const error = hostKeyRefusal ?? failure;
    client.end();
    if (settled) {
      stream?.destroy(error);
      return;
    }
    settled = true;
    done(error);
  };
  client
    .once('ready', () => {
      client.exec('docker system dial-stdio', (error, channel) => {
        if (error) return fail(error);
        stream = channel;
        channel.once('close', () => client.end());
        settled = true;
        done(null, channel);
      });
    })
    .on('error', fail);
  try {
    const policy = target.hostKeys;
    client.connect({
      host: target.host,
      port: target.port,
      username: target.username,
      agent: target.agent,
      hostVerifier: policy
        ? (key: Buffer, verify: (valid: boolean) => void) => {
            checkHostKey(policy, target.host, target.port, key).then(
              () => verify(true),
              (error: unknown) => {
                hostKeyRefusal = error instanceof Error ? error : new Error(String(error));
                verify(false);
              },
            );
          }
        : undefined,
    });
  } catch (error) {
    fail(error instanceof Error ? error : new Error(String(error)));
  }
};

/** An http.Agent whose every connection is a new SSH tunnel to the engine (no keep-alive, as docker-modem). */
export class SshTunnelAgent extends Agent {
  constructor(
    private readonly target: SshTarget,
    private readonly dial: SshDial = dialStdio,
  ) {
    super({ keepAlive: false });
  }

  override createConnection(_options: ClientRequestArgs, callback?: (error: Error | null, stream: Duplex) => void): undefined {
    // Returning nothing makes Node's Agent wait for the callback, which gets the tunnel once SSH is ready.
    this.dial(this.target, (error, stream) => callback?.(error, stream as Duplex));
    return undefined;
  }
}
