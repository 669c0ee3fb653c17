/**
 * Which engine to talk to, found the way the docker CLI finds it: an explicit setting, `DOCKER_HOST`, the
 * current docker context, then the platform default — and Podman's socket when no Docker socket exists.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { DockerOptions } from 'dockerode';
import type { EngineEndpointInfo } from '../../../preload/api';
import { EngineEndpointError, parseEngineAddress } from './address';
import { listDockerContexts } from './contexts';
import { defaultKnownHostsFile, type HostKeyPolicy } from './known-hosts';
import { dialStdio, SshTunnelAgent, type SshDial, type SshTarget } from './ssh-tunnel';

export interface EngineEndpoint extends EngineEndpointInfo {
  /** Where the TLS material lives for tcp endpoints that verify TLS. */
  tlsMaterial?: { ca?: string; cert?: string; key?: string; verify: boolean };
  /** Where Compose and the docker CLI reach the engine instead of `url`: an ssh:// engine's local forward (ssh-forward.ts). */
  composeHost?: string;
}

export interface EndpointEnvironment {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  homeDir: string;
  exists: (file: string) => boolean;
  readFile: (file: string) => string;
}

export const realEndpointEnvironment = (): EndpointEnvironment => ({
  env: process.env,
  platform: process.platform,
  homeDir: homedir(),
  exists: existsSync,
  readFile: (file) => readFileSync(file, 'utf8'),
});

export function findEngineEndpoint(setting: string | undefined, environment: EndpointEnvironment = realEndpointEnvironment()): EngineEndpoint {
  const { env } = environment;
  if (setting?.trim()) {
    const chosen = describe(setting.trim(), 'setting', environment);
    // An engine picked in Settings from the current docker context keeps that context's TLS material.
    const context = currentContextOrNone(environment);
    if (context?.url === chosen.url && context.tlsMaterial) return { ...chosen, contextName: context.contextName, tls: context.tls, tlsMaterial: context.tlsMaterial };
    // So does one picked from any other docker context (Settings lists them all, and engines added in Stevedore are contexts).
    const withTls = chosen.url.startsWith('tcp://') ? listDockerContexts(dockerConfigDir(environment)).find((c) => c.host === chosen.url && c.tls?.ca) : undefined;
    if (withTls?.tls) return { ...chosen, contextName: withTls.name, tls: true, tlsMaterial: { ...withTls.tls, verify: !withTls.skipTlsVerify } };
    return chosen;
  }
  if (env.DOCKER_HOST?.trim()) return describe(env.DOCKER_HOST.trim(), 'DOCKER_HOST', environment);

  const fromContext = endpointFromCurrentContext(environment);
  if (fromContext) return fromContext;

  const platformDefault = defaultEndpoint(environment);
  if (!environment.exists(socketPathOf(platformDefault)) ) {
    const podman = podmanSocket(environment);
    if (podman) return { url: `unix://${podman}`, source: 'podman', tls: false };
  }
  return { url: platformDefault, source: 'default', tls: false };
}

function currentContextOrNone(environment: EndpointEnvironment): EngineEndpoint | undefined {
  try {
    return endpointFromCurrentContext(environment);
  } catch {
    return undefined; // A broken context is reported when Automatic is used; the setting does not depend on it.
  }
}

/** Sockets Podman offers when its service runs, rootless first (the common desktop setup). */
export function podmanSocket(environment: EndpointEnvironment): string | undefined {
  if (environment.platform === 'win32') return undefined;
  const candidates = [
    environment.env.XDG_RUNTIME_DIR ? path.join(environment.env.XDG_RUNTIME_DIR, 'podman', 'podman.sock') : undefined,
    '/run/podman/podman.sock',
  ];
  return candidates.find((file): file is string => file !== undefined && environment.exists(file));
}

export function defaultEndpoint(environment: EndpointEnvironment): string {
  if (environment.platform === 'win32') return 'npipe:////./pipe/docker_engine';
  if (environment.platform === 'darwin') {
    const desktopSocket = path.join(environment.homeDir, '.docker', 'run', 'docker.sock');
    if (environment.exists(desktopSocket)) return `unix://${desktopSocket}`;
  }
  return 'unix:///var/run/docker.sock';
}

function socketPathOf(url: string): string {
  return url.replace(/^unix:\/\//, '').replace(/^npipe:\/\//, '');
}

function dockerConfigDir(environment: EndpointEnvironment): string {
  return environment.env.DOCKER_CONFIG?.trim() || path.join(environment.homeDir, '.docker');
}

/** `docker context use` writes `currentContext`; `DOCKER_CONTEXT` overrides it, as in the CLI. */
export function endpointFromCurrentContext(environment: EndpointEnvironment): EngineEndpoint | undefined {
  const configDir = dockerConfigDir(environment);
  let contextName = environment.env.DOCKER_CONTEXT?.trim();
  if (!contextName) {
    const configFile = path.join(configDir, 'config.json');
    if (!environment.exists(configFile)) return undefined;
    try {
      const config = JSON.parse(environment.readFile(configFile)) as { currentContext?: unknown };
      contextName = typeof config.currentContext === 'string' ? config.currentContext : undefined;
    } catch {
      // A broken config file is reported where credentials are read; for the endpoint we fall back to defaults.
      return undefined;
    }
  }
  if (!contextName || contextName === 'default') return undefined;

  // The CLI stores each context under the SHA-256 of its name.
  const id = createHash('sha256').update(contextName).digest('hex');
  const metaFile = path.join(configDir, 'contexts', 'meta', id, 'meta.json');
  if (!environment.exists(metaFile)) {
    throw new EngineEndpointError(
      `The current docker context "${contextName}" has no metadata at ${metaFile}. Run \`docker context use default\` or choose an engine in Settings.`,
    );
  }
  const meta = JSON.parse(environment.readFile(metaFile)) as {
    Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
  };
  const host = meta.Endpoints?.docker?.Host;
  if (!host) throw new EngineEndpointError(`The docker context "${contextName}" names no engine host. Fix it with \`docker context inspect ${contextName}\`.`);
  const endpoint = describe(host, 'context', environment);
  endpoint.contextName = contextName;
  const tlsDir = path.join(configDir, 'contexts', 'tls', id, 'docker');
  if (host.startsWith('tcp://') && environment.exists(path.join(tlsDir, 'ca.pem'))) {
    endpoint.tls = true;
    endpoint.tlsMaterial = {
      ca: path.join(tlsDir, 'ca.pem'),
      cert: path.join(tlsDir, 'cert.pem'),
      key: path.join(tlsDir, 'key.pem'),
      verify: meta.Endpoints?.docker?.SkipTLSVerify !== true,
    };
  }
  return endpoint;
}

function describe(address: string, source: EngineEndpoint['source'], environment: EndpointEnvironment): EngineEndpoint {
  const url = parseEngineAddress(address);
  const scheme = /^([a-z]+):\/\//.exec(url)?.[1];
  const endpoint: EngineEndpoint = { url, source, tls: false };
  if (scheme === 'tcp' || scheme === 'https') {
    const { env } = environment;
    const verify = Boolean(env.DOCKER_TLS_VERIFY && env.DOCKER_TLS_VERIFY !== '0');
    const certDir = env.DOCKER_CERT_PATH?.trim() || (verify ? dockerConfigDir(environment) : undefined);
    if (verify || scheme === 'https' || (certDir && environment.exists(path.join(certDir, 'ca.pem')))) {
      endpoint.tls = true;
      endpoint.tlsMaterial = certDir
        ? { ca: path.join(certDir, 'ca.pem'), cert: path.join(certDir, 'cert.pem'), key: path.join(certDir, 'key.pem'), verify }
        : { verify };
    }
  }
  return endpoint;
}

/** Options for dockerode (and docker-modem) that reach the endpoint, including TLS and ssh (see ssh-tunnel.ts). */
export function dockerodeOptions(
  endpoint: EngineEndpoint,
  readFile: (file: string) => string = (f) => readFileSync(f, 'utf8'),
  sshDial: SshDial = dialStdio,
  hostKeys: HostKeyPolicy = { knownHostsFile: defaultKnownHostsFile() },
): DockerOptions {
  const url = new URL(endpoint.url.replace(/^npipe:\/\/\/\//, 'npipe://localhost/'));
  switch (url.protocol) {
    case 'unix:':
      return { socketPath: decodeURIComponent(endpoint.url.slice('unix://'.length)) };
    case 'npipe:':
      return { socketPath: endpoint.url.slice('npipe://'.length) };
    case 'ssh:': {
      const target = sshTargetOf(endpoint, hostKeys);
      // Plain HTTP through an SSH tunnel, not docker-modem's 'ssh' protocol, whose request URLs Node refuses.
      const options: DockerOptions & { agent: SshTunnelAgent } = {
        protocol: 'http',
        host: target.host,
        port: target.port,
        agent: new SshTunnelAgent(target, sshDial),
      };
      return options;
    }
    default: {
      const material = endpoint.tlsMaterial;
      const options: DockerOptions = {
        host: url.hostname,
        port: url.port ? Number(url.port) : endpoint.tls ? 2376 : 2375,
        protocol: endpoint.tls ? 'https' : 'http',
      };
      if (material?.ca && existsSafe(material.ca)) options.ca = readFile(material.ca);
      if (material?.cert && existsSafe(material.cert)) options.cert = readFile(material.cert);
      if (material?.key && existsSafe(material.key)) options.key = readFile(material.key);
      return options;
    }
  }
}

/** Whom an ssh:// endpoint's tunnel connects to, as whom, and with which host-key check. */
export function sshTargetOf(endpoint: EngineEndpoint, hostKeys: HostKeyPolicy = { knownHostsFile: defaultKnownHostsFile() }): SshTarget {
  const url = new URL(endpoint.url);
  return { host: url.hostname, port: url.port ? Number(url.port) : 22, username: url.username || undefined, agent: process.env.SSH_AUTH_SOCK, hostKeys };
}

function existsSafe(file: string): boolean {
  try {
    return existsSync(file);
  } catch {
    return false;
  }
}
