/**
 * The one place where secrets are taken out of text before it is shown, stored or logged.
 *
 * - `redactKnownSecrets` removes secrets the caller knows (a password, an identity token, a registry token, a
 *   one-time password, a stack's secret variables) in every form they travel in: as typed, JSON-escaped,
 *   URL-encoded, and inside base64 or base64url — the Basic header and a Docker config's `auth` are base64 of
 *   `user:secret`, the engine's `X-Registry-Auth` header is the whole auth JSON in base64url (base64 in older
 *   clients). Every occurrence of every form is replaced.
 * - `redactSecrets` also removes anything shaped like a secret (for credential helper output, which the user sees
 *   when a helper fails, and whose secrets we do not know). It errs on the side of removing too much.
 */
const KNOWN_SECRET_MARK = '•••';
const SHAPED_SECRET_MARK = '[redacted]';
const MAX_SHOWN_CHARACTERS = 500;
/** Shorter secrets are removed only as typed: text that short is too likely to be an ordinary word. */
const MIN_SECRET_LENGTH = 3;
/** Base64 fragments shorter than this could match ordinary text, so shorter secrets are not searched in base64. */
const MIN_BASE64_FRAGMENT = 4;

const JSON_SECRET_FIELD = /"(secret|password|passwd|auth|identitytoken|registrytoken|token|access_?token|refresh_?token)"\s*:\s*"(?:[^"\\]|\\.)*"/gi;
/** The whole value of an Authorization header: its scheme word alone says nothing secret, the rest does. */
const AUTHORIZATION_HEADER = /\b(authorization)(\s*[=:]\s*)[^\n]*/gi;
const ASSIGNED_SECRET = /\b(secret|password|passwd|pwd|token|auth|api[_-]?key)\b(\s*[=:]\s*)(?!\[redacted\])("[^"]*"|'[^']*'|\S+)/gi;
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
/** Long unbroken runs of token characters (no '/' or '.', so paths and host names survive). */
const OPAQUE_TOKEN = /[A-Za-z0-9_+=-]{24,}/g;
/** Control characters other than the line feed; they could rewrite what a terminal or log viewer shows. */
const CONTROL_CHARACTERS = /(?!\n)\p{Cc}/gu;

/** The secrets an auth config carries (whatever of them is set). */
export function secretsOf(auth: { password?: string; identitytoken?: string; registrytoken?: string } | undefined): string[] {
  return [auth?.password, auth?.identitytoken, auth?.registrytoken].filter((secret): secret is string => secret !== undefined && secret !== '');
}

/**
 * The base64 text that every base64 encoding of a longer byte string containing `secret` must contain, for each of
 * the three positions the secret can start at within a 3-byte group: the characters that depend on the secret's
 * bytes alone (the first and last may be shared with neighbouring bytes, so they are left out).
 */
function base64Fragments(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const fragments: string[] = [];
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64').replace(/=+$/, '');
    const fragment = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
    if (fragment.length >= MIN_BASE64_FRAGMENT) fragments.push(fragment, fragment.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return fragments;
}

/** Every form in which `secret` can appear in text. */
export function secretForms(secret: string): string[] {
  if (secret.length < MIN_SECRET_LENGTH) return [];
  const jsonEscaped = JSON.stringify(secret).slice(1, -1);
  const forms = new Set<string>([
    secret,
    jsonEscaped,
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, '+'),
    ...base64Fragments(secret),
    // X-Registry-Auth is base64 of JSON, so a secret with quotes or backslashes is encoded in its escaped form.
    ...base64Fragments(jsonEscaped),
  ]);
  return [...forms];
}

/** Removes every occurrence of every form of each known secret. */
export function redactKnownSecrets(text: string, secrets: Iterable<string | undefined>): string {
  const forms = new Set<string>();
  for (const secret of secrets) if (secret) for (const form of secretForms(secret)) forms.add(form);
  // Longest first, so a secret that contains another (or its encoding) is removed whole.
  let safe = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) safe = safe.split(form).join(KNOWN_SECRET_MARK);
  return safe;
}

export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  const safe = redactKnownSecrets(text, knownSecrets)
    .replace(AUTHORIZATION_HEADER, (_match, field: string, separator: string) => `${field}${separator}${SHAPED_SECRET_MARK}`)
    .replace(JSON_SECRET_FIELD, (_match, field: string) => `"${field}":"${SHAPED_SECRET_MARK}"`)
    .replace(ASSIGNED_SECRET, (_match, field: string, separator: string) => `${field}${separator}${SHAPED_SECRET_MARK}`)
    .replace(AUTH_SCHEME, (_match, scheme: string) => `${scheme} ${SHAPED_SECRET_MARK}`)
    .replace(JWT, SHAPED_SECRET_MARK)
    .replace(OPAQUE_TOKEN, (run) => (/[0-9]/.test(run) && /[A-Za-z]/.test(run) ? SHAPED_SECRET_MARK : run))
    .replace(CONTROL_CHARACTERS, ' ')
    .trim();
  return safe.length > MAX_SHOWN_CHARACTERS ? `${safe.slice(0, MAX_SHOWN_CHARACTERS)}…` : safe;
}
