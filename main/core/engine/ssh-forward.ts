/**
 * How Compose and the docker CLI (Swarm stacks) reach an ssh:// engine: through Stevedore's own SSH tunnel, not the
 * system `ssh`. A private local socket (a unix socket in a 0700 folder, a named pipe on Windows) forwards each
 * connection as one `docker system dial-stdio` session (ssh-tunnel.ts), and they are given its address as
 * DOCKER_HOST (stacks/compose.ts).
 *
 * Why: the system `ssh` that the docker CLI would start checks host keys on its own — only against the known_hosts
 * of the account's home (OpenSSH ignores $HOME), with no way to show an unknown key in main's dialog, and it fails
 * with "Host key verification failed" where Stevedore's check (known-hosts.ts) passed; it may also be missing
 * (Windows without OpenSSH). Through the forward, Compose trusts exactly the host key Stevedore checked, with the
 * same agent, and one rule decides for both.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dialStdio, type SshDial, type SshTarget } from './ssh-tunnel';

export interface SshEngineForward {
  /** The address Compose and the docker CLI get as DOCKER_HOST (`unix://…` or `npipe://…`). */
  url: string;
  close(): void;
}

/** Opens the forward; resolves once it accepts connections. */
export async function openSshEngineForward(target: SshTarget, dial: SshDial = dialStdio, platform: NodeJS.Platform = process.platform): Promise<SshEngineForward> {
  const local = localAddress(platform);
  const server = createServer((socket) => forward(socket, target, dial));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(local.listenPath, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    local.cleanUp();
    throw error;
  });
  return {
    url: local.url,
    close: () => closeServer(server, local.cleanUp),
  };
}

function forward(socket: Socket, target: SshTarget, dial: SshDial): void {
  socket.pause();
  dial(target, (error, stream) => {
    if (error || !stream) {
      socket.destroy();
      return;
    }
    socket.pipe(stream).pipe(socket);
    const end = () => {
      socket.destroy();
      stream.destroy();
    };
    socket.once('close', end);
    stream.once('close', end);
    socket.on('error', end);
    stream.on('error', end);
    socket.resume();
  });
}

function localAddress(platform: NodeJS.Platform): { listenPath: string; url: string; cleanUp: () => void } {
  if (platform === 'win32') {
    const name = `stevedore-engine-${randomBytes(12).toString('hex')}`;
    return { listenPath: `\\\\.\\pipe\\${name}`, url: `npipe:////./pipe/${name}`, cleanUp: () => undefined };
  }
  // mkdtemp makes the folder 0700: only this account can reach the socket, as with its own docker socket.
  const folder = mkdtempSync(path.join(tmpdir(), 'stevedore-ssh-'));
  const socketPath = path.join(folder, 'docker.sock');
  return { listenPath: socketPath, url: `unix://${socketPath}`, cleanUp: () => rmSync(folder, { recursive: true, force: true }) };
}

function closeServer(server: Server, cleanUp: () => void): void {
  server.close();
  cleanUp();
}
