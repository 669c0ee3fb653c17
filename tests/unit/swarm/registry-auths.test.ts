import { describe, expect, it } from 'vitest';
import { configAuthsFor, SwarmAuthError, type ResolvedImage } from '../../../main/core/swarm/registry-auths';
import type { CredentialResolution } from '../../../main/core/credentials/resolve';
import { demultiplex } from '../../../main/core/swarm/services';

function image(service: string, imageRef: string, host: string, auth?: { username?: string; password?: string; identitytoken?: string }): ResolvedImage {
  const resolution = { explanation: { summary: `${imageRef} uses ${auth?.username ?? 'no credentials'}` }, auth: auth && { ...auth, serveraddress: host } } as unknown as CredentialResolution;
  return { service, image: imageRef, host, resolution };
}

describe('configAuthsFor', () => {
  it('one entry per host, keyed as the docker CLI looks it up (Docker Hub under its index address)', () => {
    const auths = configAuthsFor([
      image('web', 'reg.example:5000/team/web', 'reg.example:5000', { username: 'alice', password: 'pw' }),
      image('api', 'reg.example:5000/team/api', 'reg.example:5000', { username: 'alice', password: 'pw' }),
      image('hub', 'me/app', 'docker.io', { username: 'me', password: 'hubpw' }),
      image('cache', 'redis', 'docker.io'),
    ]);
    expect(auths).toEqual({
      'reg.example:5000': { auth: Buffer.from('alice:pw').toString('base64') },
      'https://index.docker.io/v1/': { auth: Buffer.from('me:hubpw').toString('base64') },
    });
  });

  it('adds nothing for anonymous images', () => {
    expect(configAuthsFor([image('cache', '127.0.0.2:5002/x', '127.0.0.2:5002')])).toEqual({});
  });

  it('refuses two different credentials for one host, naming both images and services but no secret', () => {
    const attempt = () =>
      configAuthsFor([
        image('small', 'reg.example/a', 'reg.example', { username: 'alice', password: 'first-secret' }),
        image('large', 'reg.example/b', 'reg.example', { username: 'bob', password: 'second-secret' }),
      ]);
    expect(attempt).toThrow(SwarmAuthError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('reg.example/a (service small) and reg.example/b (service large) are both on reg.example but need different credentials');
      expect(message).not.toMatch(/first-secret|second-secret/);
    }
  });

  it('treats the same account with another password as different', () => {
    expect(() =>
      configAuthsFor([image('a', 'r/a', 'r', { username: 'alice', password: 'one' }), image('b', 'r/b', 'r', { username: 'alice', password: 'two' })]),
    ).toThrow(SwarmAuthError);
  });
});

describe('demultiplex', () => {
  const frame = (stream: number, text: string) => {
    const body = Buffer.from(text);
    const header = Buffer.alloc(8);
    header[0] = stream;
    header.writeUInt32BE(body.length, 4);
    return Buffer.concat([header, body]);
  };

  it('joins stdout and stderr frames in order', () => {
    expect(demultiplex(Buffer.concat([frame(1, 'out one\n'), frame(2, 'err\n'), frame(1, 'out two\n')]))).toBe('out one\nerr\nout two\n');
  });

  it('returns a stream without headers (a TTY service) as is', () => {
    expect(demultiplex(Buffer.from('plain text line\n'))).toBe('plain text line\n');
  });
});
