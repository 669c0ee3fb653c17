/**
 * A registry that accepts exactly one username and password: an HTTP front that answers 401 with a Basic challenge
 * unless the request carries those credentials, and passes authorised requests on to the bench's anonymous
 * registry. It lets a test use a secret of its own making (a canary) with a real engine and a real registry
 * protocol, and count the requests that really carried it.
 */
import http from 'node:http';

export interface AuthFront {
  /** host:port, e.g. 127.0.0.5:5035 (the engine treats 127.0.0.0/8 as insecure: plain HTTP). */
  address: string;
  /** Requests that arrived with the right credentials. */
  readonly authorised: number;
  close(): Promise<void>;
}

export async function startAuthFront(options: { listenHost: string; listenPort: number; upstream: string; username: string; password: string }): Promise<AuthFront> {
  const expected = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  const [upstreamHost, upstreamPort] = [options.upstream.slice(0, options.upstream.lastIndexOf(':')), Number(options.upstream.slice(options.upstream.lastIndexOf(':') + 1))];
  let authorised = 0;
  const server = http.createServer((request, response) => {
    if (request.headers.authorization !== expected) {
      request.resume();
      response.writeHead(401, {
        'Content-Type': 'application/json',
        'Docker-Distribution-Api-Version': 'registry/2.0',
        'WWW-Authenticate': 'Basic realm="stevedore-leak-scan"',
      });
      response.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
      return;
    }
    authorised += 1;
    const headers = { ...request.headers, host: options.upstream };
    delete headers.authorization;
    const forwarded = http.request({ host: upstreamHost, port: upstreamPort, method: request.method, path: request.url, headers }, (upstream) => {
      response.writeHead(upstream.statusCode ?? 502, upstream.headers);
      upstream.pipe(response);
    });
    forwarded.on('error', () => response.destroy());
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listenPort, options.listenHost, () => resolve());
  });
  return {
    address: `${options.listenHost}:${options.listenPort}`,
    get authorised() {
      return authorised;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
