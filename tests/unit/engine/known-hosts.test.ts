import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { checkHostKey, fingerprintOf, lookUpHostKey, type ConfirmHostKey } from '../../../main/core/engine/known-hosts';

/** An SSH public key blob: string type, then key bytes (enough for the checks; never used to verify signatures). */
function keyBlob(seed: number): Buffer {
  const type = Buffer.from('ssh-ed25519');
  const header = Buffer.alloc(4);
  header.writeUInt32BE(type.length);
  return Buffer.concat([header, type, Buffer.alloc(36, seed)]);
}
const known = keyBlob(1);
const other = keyBlob(2);
const hashed = (name: string) => {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
};

describe('SSH host keys against known_hosts', () => {
  it('finds plain, comma-listed and hashed names, with the port form ssh uses', () => {
    expect(lookUpHostKey(`build.example ssh-ed25519 ${known.toString('base64')}\n`, 'build.example', 22, known)).toBe('known');
    expect(lookUpHostKey(`a,[10.0.0.5]:2222 ssh-ed25519 ${known.toString('base64')}\n`, '10.0.0.5', 2222, known)).toBe('known');
    expect(lookUpHostKey(`${hashed('[10.0.0.5]:2222')} ssh-ed25519 ${known.toString('base64')}\n`, '10.0.0.5', 2222, known)).toBe('known');
    expect(lookUpHostKey(`10.0.0.5 ssh-ed25519 ${known.toString('base64')}\n`, '10.0.0.5', 2222, known)).toBe('unknown');
    expect(lookUpHostKey(`${hashed('10.0.0.5')} ssh-ed25519 ${other.toString('base64')}\n`, '10.0.0.5', 22, known)).toBe('changed');
  });

  it('refuses a changed key without asking, and leaves the file as it was', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'stevedore-kh-')), 'known_hosts');
    writeFileSync(file, `[10.0.0.5]:2222 ssh-ed25519 ${other.toString('base64')}\n`);
    const confirm = vi.fn<ConfirmHostKey>(async () => true);
    await expect(checkHostKey({ knownHostsFile: file, confirm }, '10.0.0.5', 2222, known)).rejects.toMatchObject({
      code: 'SSH_HOST_KEY_CHANGED',
      message: expect.stringContaining(`ssh-keygen -R '[10.0.0.5]:2222'`) as string,
    });
    expect(confirm).not.toHaveBeenCalled();
    expect(readFileSync(file, 'utf8')).toBe(`[10.0.0.5]:2222 ssh-ed25519 ${other.toString('base64')}\n`);
  });

  it('asks about an unknown key with its fingerprint; records it only when accepted', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'stevedore-kh-')), 'ssh', 'known_hosts');
    await expect(checkHostKey({ knownHostsFile: file, confirm: async () => false }, 'build.example', 22, known)).rejects.toMatchObject({ code: 'SSH_HOST_KEY_UNKNOWN' });
    await expect(checkHostKey({ knownHostsFile: file }, 'build.example', 22, known)).rejects.toMatchObject({ code: 'SSH_HOST_KEY_UNKNOWN' });
    const confirm = vi.fn<ConfirmHostKey>(async () => true);
    await expect(checkHostKey({ knownHostsFile: file, confirm }, 'build.example', 22, known)).resolves.toBe(true);
    expect(confirm).toHaveBeenCalledWith({ host: 'build.example', port: 22, keyType: 'ssh-ed25519', fingerprint: fingerprintOf(known) });
    expect(readFileSync(file, 'utf8')).toBe(`build.example ssh-ed25519 ${known.toString('base64')}\n`);
    await expect(checkHostKey({ knownHostsFile: file, confirm }, 'build.example', 22, known)).resolves.toBe(true);
    expect(confirm).toHaveBeenCalledOnce();
  });
});
