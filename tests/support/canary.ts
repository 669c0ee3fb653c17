/**
 * A canary secret and every form it can leak in, for the leak scans (tests/integration/reliability/leak-scan.test.ts
 * and tests/shell/leak-scan.test.ts). Written here from the encodings themselves, independently of the app's own
 * redaction, so a redaction that misses a form cannot also hide it from the scan.
 */
import { randomBytes } from 'node:crypto';

/** A random secret that exists nowhere else, with characters that change under JSON-escaping and URL-encoding. */
export function makeCanary(): string {
  return `canary-${randomBytes(12).toString('hex')}+/&"`;
}

const base64url = (base64: string) => base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * The base64 characters that depend only on the canary's own bytes, for each of the three positions it can start
 * at in a 3-byte group: whatever surrounds it (a user name, the rest of an auth JSON), any base64 of a text holding
 * the canary holds one of these.
 */
function embeddedBase64(bytes: Buffer): string[] {
  const found: string[] = [];
  for (const lead of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(lead, 0x41), bytes]).toString('base64').replace(/=+$/, '');
    const inner = encoded.slice(Math.ceil((lead * 4) / 3), Math.floor(((lead + bytes.length) * 4) / 3));
    found.push(inner, base64url(inner));
  }
  return found;
}

export interface CanaryForm {
  name: string;
  text: string;
}

/** Every form of `canary` to search for; `username` adds the exact Basic/`auth` form of `username:canary`. */
export function canaryForms(canary: string, username?: string): CanaryForm[] {
  const jsonEscaped = JSON.stringify(canary).slice(1, -1);
  const forms: CanaryForm[] = [
    { name: 'plain', text: canary },
    { name: 'JSON-escaped', text: jsonEscaped },
    { name: 'URL-encoded', text: encodeURIComponent(canary) },
    { name: 'form-encoded', text: new URLSearchParams({ p: canary }).toString().slice(2) },
    ...embeddedBase64(Buffer.from(canary)).map((text) => ({ name: 'inside base64/base64url', text })),
    ...embeddedBase64(Buffer.from(jsonEscaped)).map((text) => ({ name: 'inside base64/base64url of JSON (X-Registry-Auth)', text })),
  ];
  if (username !== undefined) {
    const basic = Buffer.from(`${username}:${canary}`).toString('base64');
    forms.push({ name: 'base64 of user:secret (Basic, Docker config auth)', text: basic }, { name: 'base64url of user:secret', text: base64url(basic) });
  }
  return forms;
}

/** The names of the forms found in `text` (empty when it is clean). */
export function leakedForms(text: string | Buffer, forms: readonly CanaryForm[]): string[] {
  const haystack = typeof text === 'string' ? text : text.toString('latin1');
  return [...new Set(forms.filter((form) => haystack.includes(form.text)).map((form) => form.name))];
}
