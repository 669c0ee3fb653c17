/**
 * TLS trust and plain-HTTP permission exactly as the engine has them, so the client reaches a registry when (and
 * only when) a pull would: CAs and client certificates from the Docker certs directory
 * (`certs.d/<host[:port]>/*.crt`, `client.cert` + `client.key`), plain HTTP only for loopback and the engine's
 * insecure registries (`/info` → `RegistryConfig.IndexConfigs[host].Secure === false`, `InsecureRegistryCIDRs`).
 */
import { readdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';

/** Where the engine looks: `/etc/docker/certs.d` on Linux; Docker Desktop (macOS, Windows) reads `~/.docker/certs.d`. */
export function defaultCertsDir(platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  return platform === 'linux' ? '/etc/docker/certs.d' : join(home, '.docker', 'certs.d');
}

export interface HostTls {
  /** The host's own CAs, trusted besides the default roots (the engine adds them to the system pool). */
  ca?: string[];
  cert?: string;
  key?: string;
}

const MAX_CERT_FILE_BYTES = 256 * 1024;

async function readSmall(path: string): Promise<string> {
  const text = await readFile(path, 'utf8');
  if (text.length > MAX_CERT_FILE_BYTES) throw new Error(`${path} is larger than ${MAX_CERT_FILE_BYTES} bytes; it is not a certificate`);
  return text;
}

/** The host's certs.d folder as the engine reads it; an absent folder means "system roots only". */
export async function readHostTls(certsDir: string, host: string): Promise<HostTls> {
  // On Windows a colon cannot appear in a folder name; Docker Desktop accepts `host:port` there anyway, so try it.
  const folder = join(certsDir, host);
  let names: string[];
  try {
    names = (await readdir(folder)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return {};
    throw error;
  }
  const tls: HostTls = {};
  const cas = await Promise.all(names.filter((name) => name.endsWith('.crt')).map((name) => readSmall(join(folder, name))));
  if (cas.length > 0) tls.ca = cas;
  // The engine pairs every `x.cert` with `x.key`; Stevedore takes the first pair (the common single `client.*`).
  for (const name of names.filter((entry) => entry.endsWith('.cert'))) {
    const keyName = `${name.slice(0, -'.cert'.length)}.key`;
    if (!names.includes(keyName)) {
      throw new Error(`${join(folder, name)} has no matching ${keyName}; the engine refuses this folder too`);
    }
    tls.cert = await readSmall(join(folder, name));
    tls.key = await readSmall(join(folder, keyName));
    break;
  }
  return tls;
}

/** The native half of a SecureContext: `addCACert` adds to a copy of the default roots (Node's own use). */
interface NativeContext {
  addCACert?: (pem: string) => void;
}

/**
 * The TLS trust of one host, built once per client (every connection to the host shares it): the default roots
 * (Node's bundle and NODE_EXTRA_CA_CERTS) plus the host's own CAs, and its client certificate. The CAs are added
 * to the default store rather than passed as one list with the roots, which parses every root again (about 50 ms
 * here, on the path of a check's first request); without that native method, the public way.
 */
export function secureContextFor(host: HostTls): SecureContext {
  const identity = host.cert === undefined || host.key === undefined ? {} : { cert: host.cert, key: host.key };
  const own = host.ca ?? [];
  const context = createSecureContext(identity);
  const native = (context as { context?: NativeContext }).context;
  if (own.length === 0 || typeof native?.addCACert !== 'function') {
    return own.length === 0 ? context : createSecureContext({ ...identity, ca: [...rootCertificates, ...own] });
  }
  for (const pem of own) native.addCACert(pem);
  return context;
}

/** What `GET /info` says about registries (the fields used here). */
export interface EngineRegistryConfig {
  IndexConfigs?: Record<string, { Name?: string; Secure?: boolean } | undefined>;
  InsecureRegistryCIDRs?: string[];
}

function hostOnly(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon > 0 && host.indexOf(':') === colon ? host.slice(0, colon) : host;
}

function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((value, part) => value * 256 + Number(part), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base = '', bitsText = ''] = cidr.split('/');
  const bits = Number(bitsText);
  if (isIP(ip) === 4 && isIP(base) === 4 && bits >= 0 && bits <= 32) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return ((ipv4ToNumber(ip) & mask) >>> 0) === ((ipv4ToNumber(base) & mask) >>> 0);
  }
  // IPv6 CIDRs: only the exact loopback, which is what the engine lists by default (::1/128).
  return isIP(ip) === 6 && ip === base && bits === 128;
}

export function isLoopback(host: string): boolean {
  const name = hostOnly(host).toLowerCase();
  if (name === 'localhost' || name === '::1') return true;
  return isIP(name) === 4 && inCidr(name, '127.0.0.0/8');
}

/**
 * Whether the engine would talk to this registry without verified TLS: loopback (the engine's default
 * `127.0.0.0/8` insecure range), a host the engine lists as not secure, or an IP inside its insecure CIDRs.
 * Names are not resolved to match CIDRs: the engine resolves them, but a name in a CIDR is rare and a wrong "yes"
 * would send credentials in clear text, so Stevedore errs on the side of TLS.
 */
export function isInsecureRegistry(host: string, config: EngineRegistryConfig | undefined): boolean {
  if (isLoopback(host)) return true;
  if (config === undefined) return false;
  const index = config.IndexConfigs?.[host];
  if (index !== undefined && index.Secure === false) return true;
  const name = hostOnly(host);
  return isIP(name) !== 0 && (config.InsecureRegistryCIDRs ?? []).some((cidr) => inCidr(name, cidr));
}
