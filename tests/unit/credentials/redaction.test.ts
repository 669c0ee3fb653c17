/**
 * The one redaction (main/core/docker-config/redact.ts): every occurrence of every known secret, in every form it
 * travels in, is removed — from pull and registry failures, compose output and credential helper output alike.
 */
import { describe, expect, it } from 'vitest';
import { redactKnownSecrets, redactSecrets, secretForms, secretsOf } from '../../../main/core/docker-config/redact';
import { redact } from '../../../main/core/failures';

const PASSWORD = 'pa55-canary-Zq!/+"&?x';
const IDENTITY_TOKEN = 'idt-canary-7c0e4f2a9d';
const REGISTRY_TOKEN = 'rgt-canary-318be60d';
const USER = 'alice';

const base64 = (text: string) => Buffer.from(text).toString('base64');
const base64url = (text: string) => Buffer.from(text).toString('base64url');

/** Every way the secrets reach an error message, a log line or a header the engine echoes. */
function encodings(secret: string, auth: Record<string, string>): Record<string, string> {
  return {
    'as typed': secret,
    'JSON-escaped': JSON.stringify(secret).slice(1, -1),
    'URL-encoded': encodeURIComponent(secret),
    'form-encoded': encodeURIComponent(secret).replace(/%20/g, '+'),
    'Basic header (base64 of user:secret)': base64(`${USER}:${secret}`),
    'Docker config auth (base64 of user:secret)': base64(`${USER}:${secret}`),
    'X-Registry-Auth (base64)': base64(JSON.stringify(auth)),
    'X-Registry-Auth (base64url)': base64url(JSON.stringify(auth)),
    'X-Registry-Auth of a longer auth (base64url)': base64url(JSON.stringify({ ...auth, email: 'a@b.c', serveraddress: 'https://index.docker.io/v1/' })),
  };
}

const cases: Array<{ kind: string; secret: string; auth: Record<string, string> }> = [
  { kind: 'password', secret: PASSWORD, auth: { username: USER, password: PASSWORD, serveraddress: 'ghcr.io' } },
  { kind: 'identity token', secret: IDENTITY_TOKEN, auth: { identitytoken: IDENTITY_TOKEN, serveraddress: 'ghcr.io' } },
  { kind: 'registry token', secret: REGISTRY_TOKEN, auth: { registrytoken: REGISTRY_TOKEN, serveraddress: 'ghcr.io' } },
];

/** What must never survive: the secret and its encodings, each checked on its own. */
function leaks(text: string, secret: string, auth: Record<string, string>): string[] {
  return Object.entries(encodings(secret, auth))
    .filter(([, encoded]) => text.includes(encoded) || text.includes(secret))
    .map(([name]) => name);
}

describe('redactKnownSecrets', () => {
  for (const { kind, secret, auth } of cases) {
    for (const [form, encoded] of Object.entries(encodings(secret, auth))) {
      it(`removes the ${kind} sent ${form}, every time it occurs`, () => {
        const text = `first ${encoded} then "${encoded}" and again:${encoded}.`;
        const safe = redactKnownSecrets(text, secretsOf(auth));
        expect(leaks(safe, secret, auth)).toEqual([]);
        expect(safe).not.toContain(encoded);
        expect(safe.split('•••').length - 1).toBeGreaterThanOrEqual(3);
        expect(safe.startsWith('first ')).toBe(true);
        expect(safe.endsWith('.')).toBe(true);
      });
    }
  }

  it('is what failures.redact does (one implementation)', () => {
    const text = `a ${PASSWORD} b ${base64(`${USER}:${PASSWORD}`)} c ${PASSWORD}`;
    expect(redact(text, [PASSWORD])).toBe(redactKnownSecrets(text, [PASSWORD]));
    expect(redact(text, [PASSWORD])).not.toContain(PASSWORD);
  });

  it('removes a secret that contains another whole, whatever the order they are given in', () => {
    expect(redactKnownSecrets('x hunter2-long y hunter2 z', ['hunter2', 'hunter2-long'])).toBe('x ••• y ••• z');
  });

  it('leaves text without the secrets as it was, and ignores empty and very short secrets', () => {
    const text = 'manifest for ghcr.io/team/app:1.0 not found: manifest unknown';
    expect(redactKnownSecrets(text, [IDENTITY_TOKEN, undefined, '', 'ab'])).toBe(text);
  });
});

describe('secretsOf', () => {
  it('takes the password, the identity token and the registry token, whichever are set', () => {
    expect(secretsOf({ password: PASSWORD, identitytoken: IDENTITY_TOKEN, registrytoken: REGISTRY_TOKEN })).toEqual([PASSWORD, IDENTITY_TOKEN, REGISTRY_TOKEN]);
    expect(secretsOf({ identitytoken: IDENTITY_TOKEN })).toEqual([IDENTITY_TOKEN]);
    expect(secretsOf(undefined)).toEqual([]);
  });
});

describe('secretForms', () => {
  it('finds the secret in base64 at each of the three positions it can take in a 3-byte group', () => {
    const forms = secretForms(PASSWORD);
    for (const prefix of ['', 'a', 'ab', 'abc']) {
      const encoded = base64(`${prefix}${PASSWORD}--`);
      expect(forms.some((form) => encoded.includes(form))).toBe(true);
    }
  });
});

describe('redactSecrets (credential helper output)', () => {
  it('removes known secrets in every form, and secret-shaped text', () => {
    const said = `helper failed for ${USER} with ${IDENTITY_TOKEN} (${base64url(JSON.stringify({ identitytoken: IDENTITY_TOKEN }))}) and ${IDENTITY_TOKEN}`;
    const safe = redactSecrets(said, [IDENTITY_TOKEN]);
    expect(leaks(safe, IDENTITY_TOKEN, { identitytoken: IDENTITY_TOKEN })).toEqual([]);
    expect(safe).toContain('helper failed for alice');
  });
});
