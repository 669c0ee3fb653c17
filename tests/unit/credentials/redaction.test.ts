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

  it('leaves out empty fields: they are not set, and an empty secret would match everywhere', () => {
    expect(secretsOf({ password: '', identitytoken: IDENTITY_TOKEN, registrytoken: '' })).toEqual([IDENTITY_TOKEN]);
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

describe('redactKnownSecrets: the edges of the rule', () => {
  it('removes a secret of three characters as typed, and leaves two-character ones (too likely ordinary words)', () => {
    expect(redactKnownSecrets('x abc y abc', ['abc'])).toBe('x ••• y •••');
    expect(redactKnownSecrets('x ab y', ['ab'])).toBe('x ab y');
  });

  it('searches base64 fragments of four characters or more, and not shorter ones (they match ordinary text)', () => {
    // "abc" is YWJj in base64 at the start of a 3-byte group; FiY and hYm are what it leaves at the other two positions.
    expect(redactKnownSecrets('auth YWJj', ['abc'])).toBe('auth •••');
    expect(redactKnownSecrets('say FiY and hYm', ['abc'])).toBe('say FiY and hYm');
  });

  it('removes the base64url spelling of base64 with + and / in it', () => {
    // ">>>???" is Pj4+Pz8/ in base64 and Pj4-Pz8_ in base64url.
    expect(redactKnownSecrets('header Pj4-Pz8_ and Pj4+Pz8/ end', ['>>>???'])).toBe('header ••• and ••• end');
  });

  it('removes a secret with a space in its form-encoded spelling (+ for the space)', () => {
    const secret = 'pass word-canary';
    const safe = redactKnownSecrets(`body=user%3Dalice%26p%3D${'pass+word-canary'} url=${encodeURIComponent(secret)}`, [secret]);
    expect(safe).toBe('body=user%3Dalice%26p%3D••• url=•••');
  });
});

/** Credential helper output: the secrets in it are not known, so whatever is shaped like one goes (redact.ts). */
describe('redactSecrets: text shaped like a secret', () => {
  it('empties every JSON field that carries a secret, whatever its case and spacing, and keeps the others', () => {
    for (const field of ['secret', 'Secret', 'password', 'passwd', 'auth', 'identitytoken', 'IdentityToken', 'registrytoken', 'token', 'access_token', 'accesstoken', 'refresh_token', 'refreshtoken']) {
      const said = `{"${field}" : "one \\"two\\" three", "Username": "bob", "ServerURL": "ghcr.io"} {"${field}":"again"}`;
      expect(redactSecrets(said), field).toBe(`{"${field}":"[redacted]", "Username": "bob", "ServerURL": "ghcr.io"} {"${field}":"[redacted]"}`);
    }
  });

  it('empties the whole value of an Authorization header, up to the end of its line', () => {
    expect(redactSecrets('GET /v2/\nAuthorization: Basic YWxpY2U6cHc= extra words\nHost: ghcr.io')).toBe('GET /v2/\nAuthorization: [redacted]\nHost: ghcr.io');
    expect(redactSecrets('authorization=Bearer abc')).toBe('authorization=[redacted]');
    expect(redactSecrets('Authorization : Bearer abc def')).toBe('Authorization : [redacted]');
  });

  it('empties values assigned to secret-named words, quoted or not, and leaves longer words that merely contain them', () => {
    expect(redactSecrets('password=hunter2 user=bob')).toBe('password=[redacted] user=bob');
    expect(redactSecrets('token: "a b c" next')).toBe('token: [redacted] next');
    expect(redactSecrets("secret='x y' pwd=p1 passwd:p2 auth=p3 api_key=p4 api-key=p5 apikey=p6")).toBe(
      'secret=[redacted] pwd=[redacted] passwd:[redacted] auth=[redacted] api_key=[redacted] api-key=[redacted] apikey=[redacted]',
    );
    expect(redactSecrets('passwordless=yes mytoken=abc')).toBe('passwordless=yes mytoken=abc');
  });

  it('keeps the scheme of a Basic or Bearer credential and removes the credential', () => {
    expect(redactSecrets('sent Basic YWxpY2U6cHc= to ghcr.io, then Bearer abc.def-ghi_jkl~m+n/o= again')).toBe('sent Basic [redacted] to ghcr.io, then Bearer [redacted] again');
    expect(redactSecrets('sent Basic   YWxpY2U6cHc= there')).toBe('sent Basic [redacted] there');
  });

  it('removes a JSON web token, with or without its signature', () => {
    expect(redactSecrets('got eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl-_x here')).toBe('got [redacted] here');
    expect(redactSecrets('got eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0. here')).toBe('got [redacted] here');
  });

  it('removes long runs of letters mixed with digits, and keeps runs without digits or without letters, short runs, paths and host names', () => {
    const mixed = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';
    expect(redactSecrets(`token ${mixed} used`)).toBe('token [redacted] used');
    const kept = [
      'abcdefghijklmnopqrstuvwxyzABCD', // letters only
      '123456789012345678901234567890', // digits only
      'a1b2c3d4e5f6a1b2c3d4e5f', // 23 characters
      '/var/lib/stevedore/helper7/cache1/store2/data3/more4',
      'registry-1.docker.io.example2.test3.internal4',
    ];
    for (const text of kept) expect(redactSecrets(`said ${text} here`), text).toBe(`said ${text} here`);
    expect(redactSecrets('a1b2c3d4e5f6a1b2c3d4e5f6')).toBe('[redacted]');
  });

  it('turns control characters into spaces but keeps line breaks, and trims the ends', () => {
    expect(redactSecrets('  a\u0007b\nc\u001b[31md\r\t ')).toBe('a b\nc [31md');
  });

  it('shows at most 500 characters, marking the cut', () => {
    const exactly = 'word '.repeat(100).trim().padEnd(500, 'x');
    expect(redactSecrets(exactly)).toBe(exactly);
    const longer = `${exactly}yz`;
    expect(redactSecrets(longer)).toBe(`${exactly}…`);
  });
});
