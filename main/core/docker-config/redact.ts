/**
 * Makes a program's output safe to show: removes known secrets and anything shaped like one. Used for credential
 * helper stderr, which the user sees when a helper fails. Errs on the side of removing too much.
 */
const REDACTED = '[redacted]';
const MAX_SHOWN_CHARACTERS = 500;

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

export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let safe = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) safe = safe.split(secret).join(REDACTED);
  }
  safe = safe
    .replace(AUTHORIZATION_HEADER, (_match, field: string, separator: string) => `${field}${separator}${REDACTED}`)
    .replace(JSON_SECRET_FIELD, (_match, field: string) => `"${field}":"${REDACTED}"`)
    .replace(ASSIGNED_SECRET, (_match, field: string, separator: string) => `${field}${separator}${REDACTED}`)
    .replace(AUTH_SCHEME, (_match, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(OPAQUE_TOKEN, (run) => (/[0-9]/.test(run) && /[A-Za-z]/.test(run) ? REDACTED : run))
    .replace(CONTROL_CHARACTERS, ' ')
    .trim();
  return safe.length > MAX_SHOWN_CHARACTERS ? `${safe.slice(0, MAX_SHOWN_CHARACTERS)}…` : safe;
}
