import { isIPv6 } from 'node:net';
import { StevedoreError } from '../errors';

/**
 * Registry hosts: the one place that decides what a registry host is, how it is written canonically, and which
 * names mean Docker Hub. Image references, Image Patterns and Docker config keys all go through these rules.
 */

export const DOCKER_HUB = 'docker.io';

/** Every host name that means Docker Hub; each becomes `docker.io`. */
export const DOCKER_HUB_ALIASES: readonly string[] = [
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
];

/** The server address Docker Hub credentials are filed under (docker CLI, credential helpers, Engine `/auth`). */
const DOCKER_HUB_SERVER_ADDRESS = 'https://index.docker.io/v1/';

export type RegistryAddressErrorCode = 'ADDRESS_INVALID';

export class RegistryAddressError extends StevedoreError {
  declare readonly code: RegistryAddressErrorCode;
  constructor(message: string) {
    super('ADDRESS_INVALID', message);
  }
}

const MAX_HOST_LENGTH = 255;
const DOMAIN_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/i;
const PORT = /^[1-9][0-9]{0,4}$/;

/** Lower-cases a host and maps every Docker Hub alias to `docker.io`. Expects an already valid host. */
export function canonicalRegistryHost(host: string): string {
  const lowered = host.toLowerCase();
  return DOCKER_HUB_ALIASES.includes(lowered) ? DOCKER_HUB : lowered;
}

/**
 * distribution/reference's rule: the first of several `/`-separated segments is a registry host when it contains
 * `.` or `:`, is `localhost`, or has an upper-case letter. Callers decide whether there are several segments.
 */
export function isRegistryHostSegment(segment: string): boolean {
  return segment.includes('.') || segment.includes(':') || segment === 'localhost' || segment !== segment.toLowerCase();
}

/** Docker Hub credentials go to `https://index.docker.io/v1/`; every other registry's to its canonical host. */
export function serverAddressFor(host: string): string {
  return host === DOCKER_HUB ? DOCKER_HUB_SERVER_ADDRESS : host;
}

export type RegistryHostCheck = { ok: true; host: string } | { ok: false; problem: string };

/**
 * Validates `name[:port]` or `[ipv6][:port]` and returns it canonical (lower case, Hub aliases → docker.io).
 * Returns a problem sentence instead of throwing so each caller can raise its own typed error.
 */
export function checkRegistryHost(text: string): RegistryHostCheck {
  if (text === '') return { ok: false, problem: 'the registry host is empty' };
  if (text.length > MAX_HOST_LENGTH) {
    return { ok: false, problem: `the registry host is ${text.length} characters long; the limit is ${MAX_HOST_LENGTH}` };
  }
  let hostPart: string;
  let portPart: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close === -1) return { ok: false, problem: `'${text}' opens an IPv6 address with '[' but never closes it with ']'` };
    const inside = text.slice(1, close);
    if (!isIPv6(inside) || inside.includes('%')) {
      return { ok: false, problem: `'${inside}' inside '[ ]' is not an IPv6 address` };
    }
    hostPart = `[${inside}]`;
    const rest = text.slice(close + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) return { ok: false, problem: `'${rest}' after the IPv6 address is not ':port'` };
      portPart = rest.slice(1);
    }
  } else {
    const colons = text.split(':').length - 1;
    if (colons > 1) {
      return { ok: false, problem: `'${text}' looks like an IPv6 address; put it in brackets, e.g. [::1]:5000` };
    }
    const colon = text.indexOf(':');
    hostPart = colon === -1 ? text : text.slice(0, colon);
    portPart = colon === -1 ? undefined : text.slice(colon + 1);
    if (hostPart === '') return { ok: false, problem: `'${text}' has a port but no host name` };
    if (!DOMAIN_NAME.test(hostPart)) {
      return {
        ok: false,
        problem:
          `'${hostPart}' is not a valid host name: use letters, digits, '-' inside a label, and '.' between labels` +
          ' (no \'_\', no leading or trailing \'-\' or \'.\')',
      };
    }
  }
  if (portPart !== undefined) {
    const port = Number(portPart);
    if (!PORT.test(portPart) || port > 65535) {
      return { ok: false, problem: `port '${portPart}' is not valid; a port is a number from 1 to 65535 without leading zeros` };
    }
  }
  const host = canonicalRegistryHost(portPart === undefined ? hostPart : `${hostPart}:${portPart}`);
  return { ok: true, host };
}

/** Visually confusable letters people paste from chat or documents; NFKC catches full-width forms on its own. */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'х': 'x', 'у': 'y', 'і': 'i', 'ј': 'j', 'ѕ': 's',
  'ԁ': 'd', 'һ': 'h', 'ӏ': 'l', 'ο': 'o', 'α': 'a', 'ν': 'v', 'ι': 'i', 'κ': 'k', 'τ': 't', 'ρ': 'p',
  '‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '−': '-', '∕': '/', '⁄': '/', '։': ':', '꞉': ':',
  'ɡ': 'g', '․': '.', '٠': '0', '۰': '0',
};

/**
 * Characters that display as nothing, or change how the text around them displays (bidi overrides, zero-width
 * joiners, combining marks, lone surrogates, unassigned code points): quoted raw in a message they would hide
 * themselves or scramble the message, so only their code point is given.
 */
const NO_VISIBLE_FORM = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{M}\p{Z}]/u;

/** Text none of whose characters the checks below object to: printable ASCII, the space excepted. */
const PRINTABLE_ASCII_WITHOUT_SPACE = /^[\x21-\x7e]*$/;

/** User text quoted in a message: enough to recognise it, never a pasted megabyte. */
function excerpt(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function codePointLabel(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The character-level checks shared by every text the user types for the registry feature: control characters,
 * white space inside, and anything outside ASCII (look-alike letters would silently name another image or host).
 * `what` names the thing in the message, e.g. "image reference". Expects trimmed input.
 */
export function describeCharacterProblem(text: string, what: string): string | undefined {
  // Every name an engine lists, and nearly everything typed: one test instead of a regular expression per character
  // (parsing 2,000 listed names the first time: 9.0 ms before, 7.5 ms after).
  if (PRINTABLE_ASCII_WITHOUT_SPACE.test(text)) return undefined;
  let position = 0;
  for (const char of text) {
    position += 1;
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      return `The ${what} contains a control character (${codePointLabel(char)}) at position ${position}; retype it without pasting.`;
    }
    if (/\s/u.test(char)) {
      return `The ${what} contains a space at position ${position}; remove it (white space is not allowed).`;
    }
    if (code > 0x7e) {
      if (NO_VISIBLE_FORM.test(char)) {
        return `The ${what} contains the non-ASCII character ${codePointLabel(char)} at position ${position} (not shown here: it has no visible form of its own). Only ASCII is allowed; retype it.`;
      }
      const normalised = char.normalize('NFKC');
      const lookAlike = LOOK_ALIKES[char] ?? (/^[\x21-\x7e]+$/.test(normalised) ? normalised : undefined);
      const hint = lookAlike === undefined ? '' : ` It looks like '${lookAlike}' but is a different character.`;
      return `The ${what} contains the non-ASCII character '${char}' (${codePointLabel(char)}) at position ${position}.${hint} Only ASCII is allowed; retype it.`;
    }
  }
  return undefined;
}

interface SplitServerAddress {
  scheme: string | undefined;
  authority: string;
  /** Everything after the authority, including a leading `/`, `?` or `#`. */
  rest: string;
}

function splitServerAddress(text: string): SplitServerAddress {
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
  const scheme = schemeMatch?.[1]?.toLowerCase();
  const afterScheme = schemeMatch ? text.slice(schemeMatch[0].length) : text;
  const end = afterScheme.search(/[/?#]/);
  return end === -1
    ? { scheme, authority: afterScheme, rest: '' }
    : { scheme, authority: afterScheme.slice(0, end), rest: afterScheme.slice(end) };
}

const API_SUFFIX = /^\/(?:v[12]\/?)?$/i;

/**
 * Turns what a user pastes (`https://ghcr.io/`, `Registry.Example.com:5000/v2/`, `https://index.docker.io/v1/`)
 * into the canonical `host[:port]`, or throws `ADDRESS_INVALID` saying what to change.
 */
export function normalizeRegistryAddress(input: string): string {
  if (typeof input !== 'string') throw new RegistryAddressError('The registry address must be text, e.g. ghcr.io.');
  const text = input.trim();
  if (text === '') {
    throw new RegistryAddressError('Enter the registry address, e.g. ghcr.io or registry.example.com:5000.');
  }
  const characterProblem = describeCharacterProblem(text, 'registry address');
  if (characterProblem !== undefined) {
    throw new RegistryAddressError(
      /non-ASCII/.test(characterProblem)
        ? `${characterProblem} For an internationalised domain name, enter its punycode form (xn--…).`
        : characterProblem,
    );
  }
  const { scheme, authority, rest } = splitServerAddress(text);
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    throw new RegistryAddressError(
      `'${excerpt(scheme)}://' is not a registry scheme; use https:// or http://, or just the host (e.g. ghcr.io).`,
    );
  }
  if (authority.includes('@')) {
    throw new RegistryAddressError(
      'Remove the user name and password from the address; enter them in the Username and Secret fields instead.',
    );
  }
  if (rest !== '' && !API_SUFFIX.test(rest)) {
    throw new RegistryAddressError(
      `'${excerpt(rest)}' is not allowed after the host: a registry address is a host and optional port; use Image Patterns to choose repositories.`,
    );
  }
  const check = checkRegistryHost(authority);
  if (!check.ok) throw new RegistryAddressError(`The registry address is not valid: ${check.problem}.`);
  if (!isRegistryHostSegment(check.host)) {
    // Image names can only reach such a host through its capital letters, which canonical hosts don't keep.
    throw new RegistryAddressError(
      `'${check.host}' has no '.' and no port, so no image name can refer to it (docker reads '${check.host}/app' as a Docker Hub repository). ` +
        `Add the port (e.g. ${check.host}:5000) or use the full domain name.`,
    );
  }
  return check.host;
}

/**
 * The canonical host of a Docker config key (`https://index.docker.io/v1/`, `docker.io`, `http://host:5000`,
 * `host:5000/v2/`): scheme and path stripped. Undefined for keys that name no usable host — config files are
 * written by other tools, so an odd key is skipped, not an error.
 */
export function hostOfServerKey(key: string): string | undefined {
  const { scheme, authority } = splitServerAddress(key.trim());
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return undefined;
  if (authority.includes('@')) return undefined;
  const check = checkRegistryHost(authority);
  return check.ok ? check.host : undefined;
}
