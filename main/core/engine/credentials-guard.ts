/**
 * Registry credentials travel to the engine in a request header (`X-Registry-Auth`) or body (`POST /auth`). Over
 * a plain `tcp://` connection to another machine anyone on the way can read them, so Stevedore never sends
 * credentials there: the rule is here, once, and it is enforced on the engine client itself, so every call that
 * carries credentials (pull, the platform check, the registry "Test", and any later one) is refused before a
 * byte leaves. Requests without credentials (anonymous pulls, status, lists) are not affected.
 */
import { BlockList, isIP } from 'node:net';
import type Docker from 'dockerode';
import type { EngineEndpointInfo } from '../../../preload/api';
import { StevedoreError } from '../errors';

const CREDENTIALS_REFUSED_CODE = 'ENGINE_INSECURE_FOR_CREDENTIALS';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** 127.0.0.0/8, ::1 (also written as an IPv4-mapped address) and `localhost`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === 'localhost') return true;
  const family = isIP(host);
  if (family === 4) return loopback.check(host, 'ipv4');
  if (family === 6) return loopback.check(host, 'ipv6');
  return false;
}

export class EngineCredentialsRefusedError extends StevedoreError {
  constructor(readonly endpointUrl: string) {
    super(
      CREDENTIALS_REFUSED_CODE,
      `Stevedore did not send the registry credentials to the engine at ${endpointUrl}: it is reached over plain TCP without TLS, so anyone on the network between here and there could read them. Connect to this engine over TLS (tcp:// with DOCKER_TLS_VERIFY and certificates) or SSH (ssh://user@host), or use a local engine, in Settings → Docker engine. Public images can still be pulled anonymously from this engine.`,
    );
  }
}

/** Why credentials may not be sent to this engine, or undefined when they may. */
export function credentialsRefusal(endpoint: Pick<EngineEndpointInfo, 'url' | 'tls'>): EngineCredentialsRefusedError | undefined {
  if (endpoint.tls) return undefined;
  let url: URL;
  try {
    url = new URL(endpoint.url);
  } catch {
    return undefined; // Not a network address (npipe:////./pipe/…), so nothing crosses a network.
  }
  if (url.protocol !== 'tcp:' && url.protocol !== 'http:') return undefined;
  return isLoopbackHost(url.hostname) ? undefined : new EngineCredentialsRefusedError(endpoint.url);
}

interface DialOptions {
  path?: string;
  authconfig?: unknown;
  registryconfig?: unknown;
}

type Dial = (options: DialOptions, callback: (error: unknown, data?: unknown) => void) => unknown;

function carriesCredentials(options: DialOptions): boolean {
  return options.authconfig !== undefined || options.registryconfig !== undefined || /^\/auth(\?|$)/.test(options.path ?? '');
}

/**
 * Makes `docker` refuse, before dialling, every request that carries credentials when `endpoint` may not have
 * them. docker-modem's `dial` is the one function every dockerode call goes through.
 */
export function guardCredentials(docker: Docker, endpoint: Pick<EngineEndpointInfo, 'url' | 'tls'>): Docker {
  const refusal = credentialsRefusal(endpoint);
  if (refusal === undefined) return docker;
  const modem = docker.modem as unknown as { dial: Dial };
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    if (!carriesCredentials(options)) return dial(options, callback);
    // Asynchronous like a real failure, so callers' promise and callback paths behave as they always do.
    process.nextTick(() => callback(new EngineCredentialsRefusedError(endpoint.url)));
    return undefined;
  };
  return docker;
}
