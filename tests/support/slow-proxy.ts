/**
 * A TCP proxy that limits how fast bytes flow from a real registry to the engine, so a test can watch (and
 * screenshot, and cancel) a pull in the middle. It listens on another loopback address, which the engine
 * treats as a different, insecure registry host — the registry behind it answers any host name.
 */
import net from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';

export interface SlowProxy {
  address: string;
  close(): Promise<void>;
}

export async function startSlowProxy(options: { listenHost: string; listenPort: number; target: string; bytesPerSecond: number }): Promise<SlowProxy> {
  const [targetHost, targetPort] = splitHostPort(options.target);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, targetHost);
    sockets.add(client).add(upstream);
    const forget = () => {
      sockets.delete(client);
      sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    // When the registry closes first, the pipe ends the client after the throttled bytes are delivered: the
    // engine relies on seeing the registry's last answer (e.g. its reply to an HTTPS probe) before the close.
    client.on('error', forget).on('close', forget);
    upstream.on('error', forget);
    client.pipe(upstream);
    upstream.pipe(throttle(options.bytesPerSecond)).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listenPort, options.listenHost, () => resolve());
  });
  return {
    address: `${options.listenHost}:${options.listenPort}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Passes bytes on no faster than `bytesPerSecond` on average: a token bucket refilled by elapsed time. */
function throttle(bytesPerSecond: number): Transform {
  let allowance = 0;
  let last = performance.now();
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      const now = performance.now();
      // At most a quarter second of burst, so the rate holds over any window a test looks at.
      allowance = Math.min(bytesPerSecond / 4, allowance + ((now - last) / 1000) * bytesPerSecond);
      last = now;
      allowance -= chunk.length;
      const wait = allowance < 0 ? (-allowance / bytesPerSecond) * 1000 : 0;
      setTimeout(() => done(null, chunk), wait);
    },
  });
}

/** `host:port` or `[v6]:port` → [host, port] (shared with tests/support/fault-proxy.ts). */
export function splitHostPort(address: string): [string, number] {
  const index = address.lastIndexOf(':');
  return [address.slice(0, index).replace(/^\[|\]$/g, ''), Number(address.slice(index + 1))];
}
