/**
 * SSH host key checking for ssh:// engines, against the user's own `~/.ssh/known_hosts` — the file the docker
 * CLI's `ssh` reads too, so a host accepted once works for Stevedore and `docker --context` alike (Compose goes
 * through Stevedore's own tunnel and so this check: ssh-forward.ts). A known key is accepted; a key that differs from the one on record
 * is refused with what to do (never asked about: that is what an attack looks like); an unknown host is shown to
 * the user in main's dialog with its SHA-256 fingerprint, and written to the file only when they accept it.
 */
import { createHash, createHmac } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { StevedoreError } from '../errors';

export interface HostKeyQuestion {
  host: string;
  port: number;
  keyType: string;
  /** `SHA256:…` as `ssh-keygen -lf` and `ssh` print it. */
  fingerprint: string;
}

/** Main's dialog: true when the user accepts this unknown host key. Absent: unknown hosts are refused. */
export type ConfirmHostKey = (question: HostKeyQuestion) => Promise<boolean>;

export interface HostKeyPolicy {
  knownHostsFile: string;
  confirm?: ConfirmHostKey;
}

export const defaultKnownHostsFile = (): string => path.join(homedir(), '.ssh', 'known_hosts');

/** The name known_hosts uses for a host: `host` on port 22, `[host]:port` elsewhere. */
const knownHostName = (host: string, port: number): string => (port === 22 ? host : `[${host}]:${port}`);

export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type written inside the blob itself (`ssh-ed25519`, `ecdsa-sha2-nistp256`, …). */
function keyTypeOf(keyBlob: Buffer): string {
  const length = keyBlob.readUInt32BE(0);
  return keyBlob.subarray(4, 4 + length).toString('ascii');
}

function namesMatch(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  return field.split(',').includes(name);
}

/** 'known', 'changed' (the host is on record with other keys only) or 'unknown'. */
export function lookUpHostKey(knownHosts: string, host: string, port: number, keyBlob: Buffer): 'known' | 'changed' | 'unknown' {
  const name = knownHostName(host, port);
  const keyText = keyBlob.toString('base64');
  let onRecord = false;
  for (const raw of knownHosts.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('@')) continue;
    const [names, , key] = line.split(/\s+/);
    if (!names || !key || !namesMatch(names, name)) continue;
    if (key === keyText) return 'known';
    onRecord = true;
  }
  return onRecord ? 'changed' : 'unknown';
}

/** Decides on the key the server presented; resolves true to go on, rejects with a clear error to refuse. */
export async function checkHostKey(policy: HostKeyPolicy, host: string, port: number, keyBlob: Buffer): Promise<true> {
  let knownHosts = '';
  try {
    knownHosts = readFileSync(policy.knownHostsFile, 'utf8');
  } catch {
    // No file yet: every host is unknown.
  }
  const name = knownHostName(host, port);
  const fingerprint = fingerprintOf(keyBlob);
  const verdict = lookUpHostKey(knownHosts, host, port, keyBlob);
  if (verdict === 'known') return true;
  if (verdict === 'changed') {
    throw new StevedoreError(
      'SSH_HOST_KEY_CHANGED',
      `The SSH host key of ${name} is not the one recorded in ${policy.knownHostsFile} (it now presents ${fingerprint}). Someone may be intercepting the connection, or the host was reinstalled. Stevedore did not connect. If you know why the key changed, remove the old entry with \`ssh-keygen -R '${name}'\` and connect again.`,
    );
  }
  const keyType = keyTypeOf(keyBlob);
  if (!policy.confirm || !(await policy.confirm({ host, port, keyType, fingerprint }))) {
    throw new StevedoreError(
      'SSH_HOST_KEY_UNKNOWN',
      `The SSH host key of ${name} (${keyType} ${fingerprint}) is not known yet and was not accepted, so Stevedore did not connect. Accept it when Stevedore asks, or check it and add it with \`ssh ${host}${port === 22 ? '' : ` -p ${port}`}\`.`,
    );
  }
  mkdirSync(path.dirname(policy.knownHostsFile), { recursive: true, mode: 0o700 });
  appendFileSync(policy.knownHostsFile, `${knownHosts === '' || knownHosts.endsWith('\n') ? '' : '\n'}${name} ${keyType} ${keyBlob.toString('base64')}\n`, { mode: 0o600 });
  return true;
}
