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
    client.on('error', forget).on('close', forget);
    upstream.on('error', forget).on('close', forget);
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

/** Passes chunks on no faster than `bytesPerSecond`, in 50 ms slices. */
function throttle(bytesPerSecond: number): Transform {
  const slice = Math.max(1024, Math.floor(bytesPerSecond / 20));
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      let offset = 0;
      const push = () => {
        if (offset >= chunk.length) {
          done();
          return;
        }
        this.push(chunk.subarray(offset, offset + slice));
        offset += slice;
        setTimeout(push, 50);
      };
      push();
    },
  });
}

function splitHostPort(address: string): [string, number] {
  const index = address.lastIndexOf(':');
  return [address.slice(0, index).replace(/^\[|\]$/g, ''), Number(address.slice(index + 1))];
}
