/**
 * The error catalogue (pulls.md): one mapper from what the engine or a registry said to what the user reads —
 * what happened, the likely cause, what to do — used by pulls, stacks and the registry "Test" button alike.
 */
import type { CredentialSource } from '../../preload/api';
import { StevedoreError } from './errors';

export type FailureCode =
  | 'UNAUTHORIZED'
  | 'DENIED'
  | 'NOT_FOUND'
  | 'PLATFORM'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'TLS'
  | 'REGISTRY_UNREACHABLE'
  | 'ENGINE_UNREACHABLE'
  | 'REFERENCE_INVALID'
  | 'CREDENTIALS_UNAVAILABLE'
  | 'KEYRING_NO_ANSWER'
  | 'ENGINE_INSECURE_FOR_CREDENTIALS'
  | 'CANCELLED'
  | 'UNKNOWN';

export interface Failure {
  code: FailureCode;
  title: string;
  cause: string;
  fix: string;
  /** The engine's or registry's own words, unchanged (minus anything secret). */
  detail: string;
  /** Which credentials were used, from the resolution explanation — never the secret. */
  credential: string;
  /** For PLATFORM: the platforms the image offers (the page offers a pull of each). */
  platforms?: string[];
}

/** Ordered: the first rule whose pattern matches decides. More specific texts come before general ones. */
const RULES: ReadonlyArray<{ code: FailureCode; pattern: RegExp }> = [
  { code: 'PLATFORM', pattern: /no matching manifest for|does not match the specified platform|image with reference .* was found but does not match/i },
  { code: 'TLS', pattern: /x509:|certificate signed by unknown authority|server gave HTTP response to HTTPS client|tls: |certificate is not valid/i },
  { code: 'RATE_LIMITED', pattern: /toomanyrequests|too many requests|\b429\b/i },
  { code: 'DENIED', pattern: /denied: requested access to the resource is denied|pull access denied for|insufficient_scope/i },
  { code: 'UNAUTHORIZED', pattern: /unauthorized|no basic auth credentials|incorrect username or password|authentication required|\b401\b/i },
  { code: 'NOT_FOUND', pattern: /manifest unknown|manifest for .* not found|not found: manifest unknown|repository name not known|name unknown|reference does not exist/i },
  { code: 'FORBIDDEN', pattern: /error parsing HTTP 403 response body|\b403\b|forbidden/i },
  { code: 'REGISTRY_UNREACHABLE', pattern: /no such host|connection refused|i\/o timeout|network is unreachable|connection reset|context deadline exceeded|server misbehaving|EOF$/i },
];

/** Engine connection failures: the socket itself, not a registry behind it. */
const ENGINE_ERROR_CODES = new Set(['ENOENT', 'ECONNREFUSED', 'EPIPE', 'ECONNRESET', 'EACCES', 'ENGINE_UNREACHABLE']);

export function classifyEngineError(error: unknown): FailureCode {
  const code = (error as { code?: unknown } | undefined)?.code;
  const text = messageOf(error);
  // Refused by Stevedore itself before anything was sent (main/core/engine/credentials-guard.ts).
  if (code === 'ENGINE_INSECURE_FOR_CREDENTIALS') return code;
  // docker-modem reports socket failures with a Node error code and no HTTP status.
  if (typeof code === 'string' && ENGINE_ERROR_CODES.has(code) && (error as { statusCode?: unknown }).statusCode === undefined) {
    if (!/registry|v2\//.test(text)) return 'ENGINE_UNREACHABLE';
  }
  return classifyMessage(text);
}

/**
 * A failed engine call as the typed error every service answers with: unreachable (where, and what to do), or
 * what the engine said. One rule for the Images screen, the update checks and a Swarm stack's services.
 */
export function engineCallError(error: unknown, endpoint: string | undefined): StevedoreError {
  if (classifyEngineError(error) === 'ENGINE_UNREACHABLE') {
    return new StevedoreError(
      'ENGINE_UNREACHABLE',
      `The container engine${endpoint ? ` at ${endpoint}` : ''} is not reachable (${messageOf(error)}). Start Docker, or choose the right engine in Settings.`,
      { cause: error },
    );
  }
  return new StevedoreError('ENGINE_ERROR', `The engine reported: ${messageOf(error)}`, { cause: error });
}

export function classifyMessage(text: string): FailureCode {
  for (const rule of RULES) if (rule.pattern.test(text)) return rule.code;
  return 'UNKNOWN';
}

/**
 * Where the credentials of a failed call came from — the resolver's explanation fits as is. The advice of a
 * credential failure points at this place: what was typed, a stored registry, the Docker config, a helper.
 */
export interface CredentialOrigin {
  source: CredentialSource;
  registry?: { name: string };
  configFile?: string;
  helper?: string;
}

export interface FailureContext {
  image?: string;
  registryHost?: string;
  /** Readable credential source, e.g. 'stored registry “Team” (pattern ghcr.io/team/*)' or 'anonymous'. */
  credential: string;
  /** Where those credentials came from; without it the advice stays general. */
  credentialSource?: CredentialOrigin;
  /** Platforms the image offers, for PLATFORM. */
  platforms?: string[];
  platform?: string;
  engineEndpoint?: string;
}

export function describeFailure(code: FailureCode, context: FailureContext, detail: string): Failure {
  const registry = context.registryHost ?? 'the registry';
  const image = context.image ?? 'the image';
  const credential = context.credential;
  const base = { code, detail: detail || '(no message from the engine)', credential };
  // An anonymous pull sent nothing: a refusal or a denial is not about credentials that were wrong.
  const sentNone = context.credentialSource?.source === 'anonymous';
  switch (code) {
    case 'UNAUTHORIZED':
      return {
        ...base,
        title: sentNone ? `${registry} needs credentials` : `${registry} did not accept the credentials`,
        cause: unauthorizedCause(credential, context.credentialSource),
        fix: unauthorizedFix(registry, context.credentialSource),
      };
    case 'DENIED':
      return {
        ...base,
        title: `Access to ${image} was denied`,
        cause: sentNone
          ? 'The pull sent no credentials, and the registry gives anonymous pulls no access to this repository, or the repository does not exist.'
          : `The account used (${credential}) has no pull access to this repository, or the repository does not exist.`,
        fix: deniedFix(registry, context.credentialSource),
      };
    case 'NOT_FOUND':
      return {
        ...base,
        title: `${image} was not found`,
        cause: 'The registry has no manifest for this tag or digest.',
        fix: 'Check the tag (or digest) exists in the registry.',
      };
    case 'PLATFORM':
      return {
        ...base,
        ...(context.platforms?.length ? { platforms: [...context.platforms] } : {}),
        title: `${image} is not available for ${context.platform ?? 'this platform'}`,
        cause: context.platforms?.length
          ? `The image offers: ${context.platforms.join(', ')}.`
          : 'The image does not offer the requested platform.',
        fix: context.platforms?.length
          ? 'Pull one of the platforms the image offers, or build the image for this platform.'
          : 'Choose one of the platforms the image has, or build the image for this platform.',
      };
    case 'FORBIDDEN':
      return {
        ...base,
        title: `${registry} refused the request`,
        cause: 'The registry (or a proxy in front of it) answered 403 Forbidden.',
        fix: 'Check firewall, proxy or the registry’s access policy.',
      };
    case 'RATE_LIMITED':
      return {
        ...base,
        title: `${registry} is rate limiting pulls`,
        cause: 'Too many pulls were made from this address or account in a short time.',
        fix:
          context.credentialSource?.source === 'anonymous'
            ? `Sign in: add credentials for ${registry} in Registries (signed-in accounts get a higher limit), or wait and try again later.`
            : `Wait and try again later: the account used (${credential}) has reached the registry's limit for now.`,
      };
    case 'TLS':
      return {
        ...base,
        title: `A secure connection to ${registry} could not be made`,
        cause: 'The registry’s TLS certificate is not trusted by the engine, or the registry speaks plain HTTP.',
        fix: `Trust the registry's CA in Docker (certs.d/${registry}/ca.crt) or, for a plain-HTTP registry you trust, add it to "insecure-registries" in Docker's daemon settings.`,
      };
    case 'REGISTRY_UNREACHABLE': {
      const tokenHost = unreachableTokenService(detail);
      if (tokenHost !== undefined) {
        return {
          ...base,
          title: `The sign-in service of ${registry} (${tokenHost}) could not be reached`,
          cause: `${registry} answered, and sent the engine to ${tokenHost} for a sign-in token, but nothing answered there.`,
          fix: `Check the network path to ${tokenHost} (firewall, proxy or VPN); if you run the registry, check that its token service is up.`,
        };
      }
      return {
        ...base,
        title: `${registry} could not be reached`,
        cause: 'The registry’s address did not answer (wrong address, registry down, or no network route).',
        fix: 'Check the address, your network connection and VPN.',
      };
    }
    case 'ENGINE_UNREACHABLE':
      return {
        ...base,
        title: 'The container engine is not reachable',
        cause: `Stevedore could not talk to the engine${context.engineEndpoint ? ` at ${context.engineEndpoint}` : ''}.`,
        fix: 'Start Docker (or Podman), or choose the right engine in Settings.',
      };
    case 'REFERENCE_INVALID':
      return { ...base, title: 'That is not a valid image reference', cause: detail, fix: 'Correct the image name.' };
    case 'CREDENTIALS_UNAVAILABLE':
      return {
        ...base,
        title: `The credentials for ${image} could not be read`,
        cause: detail,
        fix: unavailableFix(context.credentialSource),
      };
    case 'ENGINE_INSECURE_FOR_CREDENTIALS':
      return {
        ...base,
        title: `Credentials were not sent to the engine at ${context.engineEndpoint ?? 'a remote address'}`,
        cause: `That engine is reached over plain TCP without TLS, so anyone on the network could read the credentials (${credential}) on their way to it.`,
        fix: 'Connect to this engine over TLS (tcp:// with DOCKER_TLS_VERIFY and certificates) or SSH (ssh://user@host), or use a local engine, in Settings → Docker engine. Public images can still be pulled anonymously from this engine.',
      };
    case 'KEYRING_NO_ANSWER':
      return {
        ...base,
        title: `The system keyring did not answer, so ${image} was not pulled`,
        cause: detail,
        fix: 'Answer the keyring’s password prompt (it may be behind other windows) or unlock the keyring, then pull again — or pull with one-time credentials.',
      };
    case 'CANCELLED':
      return { ...base, title: 'Cancelled', cause: 'The pull was cancelled.', fix: 'Start it again when you are ready.' };
    case 'UNKNOWN':
      return {
        ...base,
        title: 'The engine reported an error',
        cause: 'Stevedore does not recognise this error; the engine’s own message is below.',
        fix: 'Read the engine’s message; if it mentions the registry, check its address and credentials.',
      };
  }
}

/**
 * The token server's host when it, not the registry, did not answer. Docker Engine nests the token request in the
 * registry request that asked for it — `Head "https://REGISTRY/v2/…": Get "https://REALM/token?…": dial tcp …` —
 * while a registry that does not answer itself reads `Get "https://REGISTRY/v2/": dial tcp …`.
 */
function unreachableTokenService(detail: string): string | undefined {
  return /^(?:Head|Get) "[^"]+": (?:Get|Post) "https?:\/\/([^/"?]+)[^"]*": dial tcp/.exec(detail)?.[1];
}

/** Why the registry said "unauthorized": wrong credentials, or none at all (an anonymous pull, and why it was one). */
function unauthorizedCause(credential: string, origin: CredentialOrigin | undefined): string {
  if (origin?.source !== 'anonymous') return `The registry asked for authentication and the credentials sent (${credential}) were missing or wrong.`;
  const why = origin.registry ? `registry “${origin.registry.name}”, which matches this image, has none` : 'neither Registries nor the Docker config has any for this image';
  return `The registry asked for authentication, and the pull sent no credentials: ${why}.`;
}

/** What to do when the registry rejected the credentials: fix them where they came from. */
function unauthorizedFix(host: string, origin: CredentialOrigin | undefined): string {
  switch (origin?.source) {
    case 'one-time':
      return 'The username or password you typed was rejected — type them again (for a token, paste all of it). Nothing was saved, so there is nothing else to change.';
    case 'registry':
    case 'default-registry':
      return `Edit registry “${origin.registry?.name ?? host}” in Registries: check its username, and enter a current password or token (then use Test there).`;
    case 'docker-config':
      return `Run "docker login ${host}" again: the login saved in your Docker config${origin.configFile ? ` (${origin.configFile})` : ''} was rejected. Or add a registry for ${host} in Registries.`;
    case 'credential-helper':
      return `Check the credential helper ${origin.helper ?? 'named in your Docker config'}: the credentials it gave were rejected. Run "docker login ${host}" to store current ones in it.`;
    case 'anonymous':
      return origin.registry
        ? `Registry “${origin.registry.name}” has no credentials: edit it in Registries and add a username and password or token for ${host}.`
        : `Add credentials for ${host} in Registries (or pull with one-time credentials): it does not allow anonymous pulls of this image.`;
    case undefined:
      return `Check the username and password or token of the registry for ${host} in Registries, and use "Which credentials will this image use?" to see which registry and pattern were chosen.`;
  }
}

/** What to do when the account has no access (or the repository does not exist). */
function deniedFix(host: string, origin: CredentialOrigin | undefined): string {
  switch (origin?.source) {
    case 'one-time':
      return 'Check the image name, and that the account you typed has pull access to it.';
    case 'registry':
    case 'default-registry':
      return `Check the image name, and that the account of registry “${origin.registry?.name ?? host}” has pull access to it (or that an Image Pattern of the right registry matches it).`;
    case 'docker-config':
    case 'credential-helper':
      return `Check the image name, and that the account you signed in with ("docker login ${host}") has pull access to it.`;
    case 'anonymous':
      return `Check the image name; if the repository is private, add credentials for ${host} in Registries.`;
    case undefined:
      return 'Check the image name, and that an Image Pattern of the right registry matches it.';
  }
}

/** What to do when the credentials could not even be read. */
function unavailableFix(origin: CredentialOrigin | undefined): string {
  switch (origin?.source) {
    case 'registry':
    case 'default-registry':
      return `Enter the password or token of registry “${origin.registry?.name ?? '?'}” again in Registries, or pull with one-time credentials.`;
    case 'docker-config':
      return `Repair the Docker config${origin.configFile ? ` (${origin.configFile})` : ''} as the message says, or pull with one-time credentials.`;
    case 'credential-helper':
      return `Check the credential helper ${origin.helper ?? 'named in your Docker config'} (installed, on PATH, unlocked), or pull with one-time credentials.`;
    default:
      return 'Do what the message says (enter the password or token again in Registries, or repair the Docker config or its credential helper), or pull with one-time credentials.';
  }
}

/** docker-modem's "(HTTP code 500) server error - " in front of the engine's message. */
const MODEM_ERROR_PREFIX = /^\(HTTP code \d{3}\) [^-]*- /;

export function messageOf(error: unknown): string {
  if (error instanceof Error) {
    // docker-modem puts the engine's JSON answer in `json`; its message is the most precise text.
    const json = (error as { json?: { message?: unknown } }).json;
    if (json && typeof json.message === 'string') return json.message;
    // For streaming calls (pull) docker-modem keeps no `json` and prefixes the engine's text with its own label.
    if ((error as { statusCode?: unknown }).statusCode !== undefined) return error.message.replace(MODEM_ERROR_PREFIX, '').trim();
    return error.message;
  }
  return String(error);
}

/** Removes every known secret, in every form it travels in, from text before it is shown or logged. */
export { redactKnownSecrets as redact } from './docker-config/redact';
