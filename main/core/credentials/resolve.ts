import type { CredentialSource } from '../../../preload/api';
import { serverAddressFor } from './address';
import { lookupDockerConfigCredential, toDockerAuthConfig, type DockerConfigLookup, type DockerConfigLookups, type DockerConfigOptions, type ProcessRunner } from '../docker-config';
import { StevedoreError } from '../errors';
import { CredentialIndex, hasStoredCredentials, refOf, type ConsideredRegistry, type RegistryMatch, type RegistryRef } from './credential-index';
import { parseImageReference, type ImageReference } from './reference';
import type { DockerAuthConfig, GetRegistrySecret, OneTimeCredentials, StoredRegistryRecord } from './registry-types';
import { SECRET_STORAGE_NO_ANSWER } from '../secrets/cipher';

/**
 * Which credentials an image is pulled with (credentials.md §5) and why (§6). The explanation never holds a
 * secret and may go to the renderer and the logs; the secret travels separately in `auth`.
 */

export interface CredentialExplanation {
  /** The canonical reference. */
  reference: string;
  host: string;
  /** Where credentials are (or would be) sent. */
  serverAddress: string;
  source: CredentialSource;
  registry?: RegistryRef;
  pattern?: { written: string; expanded: string; implicit: boolean };
  /** The Docker config file, whenever it was consulted. */
  configFile?: string;
  /** The config key whose entry or helper supplied the credential. */
  configKey?: string;
  /** The credential helper program that supplied the credential. */
  helper?: string;
  /** Not a secret; shown so the user can tell which account is used. */
  username?: string;
  /** Every stored registry on the image's host, earliest created first. */
  considered: ConsideredRegistry[];
  /** What else was looked at and came up empty. */
  notes: string[];
  /** Set on the explanation of the anonymous retry after the registry rejected these credentials. */
  rejectedCredentials?: { source: CredentialSource; registry?: RegistryRef };
  /** One sentence for people and debug logs. */
  summary: string;
  /** The summary without the image it names first, for rows that show the image beside it (`summarised`). */
  reason: string;
}

export interface CredentialResolution {
  /** Safe to log and to send to the renderer. */
  readonly explanation: CredentialExplanation;
  /**
   * dockerode's `authconfig`; absent for an anonymous pull. Holds the secret, so it is non-enumerable:
   * logging or serialising the resolution by mistake does not leak it. Pass `resolution.auth` on explicitly.
   */
  readonly auth?: DockerAuthConfig;
}

export interface ResolutionContext {
  /** Stored registries (compiled on every call) or a prebuilt index (reused; rebuild it when registries change). */
  registries: readonly StoredRegistryRecord[] | CredentialIndex;
  /** Decrypts one registry's secret; only called for the registry that is actually used. */
  getSecret: GetRegistrySecret;
  oneTimeCredentials?: OneTimeCredentials;
  /** The app setting "Docker config path" (a file). */
  dockerConfigPath?: string;
  env?: NodeJS.ProcessEnv;
  homedir?: string;
  runHelper?: ProcessRunner;
  helperTimeoutMs?: number;
  /** Shared by a batch of resolutions (an update check): the Docker config is then looked up once per host. */
  dockerConfigLookups?: DockerConfigLookups;
}

/** The explanation of a choice before `considered` is attached. */
type Choice = Omit<CredentialExplanation, 'considered'>;

type StoredMatch = Exclude<RegistryMatch, { kind: 'none' }>;

/**
 * What was decided for one image (§5), before any sentence is written. A pull needs only this and the secret; the
 * explanation (§6) is a view over it, built by `explainDecision` the first time someone reads it.
 */
type Decision =
  | { source: 'one-time'; oneTime: OneTimeCredentials }
  | { source: 'stored'; match: StoredMatch }
  | { source: 'docker-config'; lookup: DockerConfigLookup; hostHasStoredRegistries: boolean };

/**
 * Builds the result. The explanation is built the first time it is read, and `considered` within it (what every
 * registry on the host did, the costly part) the first time that is read; both are then kept. A pull reads only the
 * summary, "Which credentials…?" reads everything. `auth` is attached non-enumerable so that serialising the
 * resolution cannot leak it.
 */
function toResolution(reference: ImageReference, decision: Decision, index: CredentialIndex, auth?: DockerAuthConfig): CredentialResolution {
  let explanation: CredentialExplanation | undefined;
  const resolution = {
    get explanation(): CredentialExplanation {
      return (explanation ??= withConsidered(explainDecision(reference, decision), () =>
        index.consider(reference, { oneTimeCredentials: decision.source === 'one-time' }),
      ));
    },
  };
  if (auth !== undefined) Object.defineProperty(resolution, 'auth', { value: auth, enumerable: false });
  return resolution;
}

function withConsidered(choice: Choice, consider: () => ConsideredRegistry[]): CredentialExplanation {
  let considered: ConsideredRegistry[] | undefined;
  return Object.defineProperty(choice, 'considered', {
    enumerable: true,
    configurable: true,
    get: () => (considered ??= consider()),
  }) as CredentialExplanation;
}

function dockerConfigOptions(context: ResolutionContext): DockerConfigOptions {
  const options: DockerConfigOptions = {};
  if (context.dockerConfigPath !== undefined) options.configPath = context.dockerConfigPath;
  if (context.env !== undefined) options.env = context.env;
  if (context.homedir !== undefined) options.homedir = context.homedir;
  if (context.runHelper !== undefined) options.runHelper = context.runHelper;
  if (context.helperTimeoutMs !== undefined) options.helperTimeoutMs = context.helperTimeoutMs;
  return options;
}

/** What every explanation of one image shares. */
type ExplanationBase = Pick<CredentialExplanation, 'reference' | 'host' | 'serverAddress' | 'notes'>;

/**
 * The summary and the reason of a choice from one sentence: the reason as written, the summary the image's name and
 * the same words after it (`joiner` is what joins them: "nginx:1.25 uses…", "nginx:1.25 is pulled…",
 * "nginx:1.25: no stored…"). The preflight's and the deploy's rows show the image in a column of their own, and
 * there the reason says the choice in the two lines the cell has.
 */
function summarised(reference: ImageReference, joiner: ' ' | ' is ' | ': ', reason: string): Pick<CredentialExplanation, 'summary' | 'reason'> {
  return { summary: `${reference.familiarReference}${joiner}${reason.charAt(0).toLowerCase()}${reason.slice(1)}`, reason };
}

function checkOneTimeCredentials(oneTime: OneTimeCredentials): void {
  if (typeof oneTime.username !== 'string' || oneTime.username.trim() === '' || typeof oneTime.password !== 'string' || oneTime.password === '') {
    throw new StevedoreError('CREDENTIALS_INVALID', 'One-time credentials need both a username and a password; fill in both, or leave both empty.');
  }
}

function explainOneTimeCredentials(reference: ImageReference, base: ExplanationBase, oneTime: OneTimeCredentials): Choice {
  return {
    ...base,
    source: 'one-time',
    username: oneTime.username,
    ...summarised(reference, ' is ', `Pulled with the one-time credentials of ${oneTime.username}, sent to ${base.serverAddress}.`),
  };
}

/**
 * The stored secret of the registry a pull uses. A promise chain rather than an async function: every pull with a
 * stored registry takes this path, and it is most of what the lookup adds to the index match (issue 15).
 */
function readStoredSecret(registry: StoredRegistryRecord, getSecret: GetRegistrySecret): Promise<string> {
  let pending: Promise<string | undefined>;
  try {
    pending = getSecret(registry.id);
  } catch (error) {
    return Promise.reject(unreadableSecret(registry, error));
  }
  return pending.then(
    (secret) => {
      if (secret === undefined || secret === '') {
        // Pulling anonymously instead would hide the problem and may fetch a different image of the same name.
        throw new StevedoreError(
          'SECRET_UNAVAILABLE',
          `Registry '${registry.name}' says it has a stored password or token, but none could be read, so the pull was not attempted. Enter it again in Registries → ${registry.name}.`,
        );
      }
      return secret;
    },
    (error: unknown) => {
      throw unreadableSecret(registry, error);
    },
  );
}

function unreadableSecret(registry: StoredRegistryRecord, error: unknown): StevedoreError {
  // The keyring not answering (a prompt left open, a locked keyring) is not a damaged secret: entering it again
  // would not help, answering the prompt would.
  if (error instanceof StevedoreError && error.code === SECRET_STORAGE_NO_ANSWER) {
    return new StevedoreError(SECRET_STORAGE_NO_ANSWER, `The pull needs the stored password of registry '${registry.name}'. ${error.message}`, {
      cause: error,
    });
  }
  return new StevedoreError(
    'SECRET_UNAVAILABLE',
    `The stored password or token of registry '${registry.name}' could not be decrypted, so the pull was not attempted. Enter it again in Registries → ${registry.name}.`,
    { cause: error },
  );
}

function explainStoredRegistry(reference: ImageReference, base: ExplanationBase, match: StoredMatch): Choice {
  const registry = match.registry;
  const withCredentials = hasStoredCredentials(registry);
  const how =
    match.kind === 'pattern'
      ? `registry '${registry.name}' (pattern ${match.pattern.implicit ? 'none: whole registry' : `'${match.pattern.written}'`} → ${match.pattern.expanded})`
      : `'${registry.name}', the default registry for ${reference.host} (no pattern matched)`;
  // Field by field, in the order every explanation has, instead of spreading partial objects into one another: each
  // pull builds this for its view, and the copies cost more than the rest of it (issue 15).
  const choice: ExplanationBase & Partial<Choice> = {
    reference: base.reference,
    host: base.host,
    serverAddress: base.serverAddress,
    notes: base.notes,
    registry: refOf(registry),
  };
  if (match.kind === 'pattern') choice.pattern = { written: match.pattern.written, expanded: match.pattern.expanded, implicit: match.pattern.implicit };
  if (!withCredentials) {
    choice.source = 'anonymous';
    Object.assign(choice, summarised(reference, ' ', `Matches ${how}, which has no credentials: anonymous pull.`));
    return choice as Choice;
  }
  const username = registry.username ?? '';
  choice.source = match.kind === 'pattern' ? 'registry' : 'default-registry';
  choice.username = username;
  Object.assign(choice, summarised(reference, ' ', `Uses ${how} as ${username}, sent to ${base.serverAddress}.`));
  return choice as Choice;
}

function explainDockerConfig(reference: ImageReference, base: ExplanationBase, lookup: DockerConfigLookup, hostHasStoredRegistries: boolean): Choice {
  const consulted = { ...base, notes: [...base.notes, ...lookup.checked], configFile: lookup.configFile };
  if (lookup.found === undefined) {
    const stored = !hostHasStoredRegistries ? `No stored registry for ${reference.host}` : `No stored registry for ${reference.host} matches`;
    return {
      ...consulted,
      source: 'anonymous',
      ...summarised(reference, ': ', `${stored} and the Docker config (${lookup.configFile}) has no credentials for it: anonymous pull.`),
    };
  }
  const { credential, origin } = lookup.found;
  const account = credential.username ?? 'an identity token';
  const where =
    origin.source === 'credential-helper'
      ? `credential helper docker-credential-${origin.helper} (${origin.setting} in ${lookup.configFile})`
      : `auths["${origin.key}"] in ${lookup.configFile}`;
  return {
    ...consulted,
    source: origin.source,
    configKey: origin.key,
    ...(origin.source === 'credential-helper' ? { helper: `docker-credential-${origin.helper}` } : {}),
    ...(credential.username === undefined ? {} : { username: credential.username }),
    ...summarised(reference, ' ', `Uses ${account} from ${where}, sent to ${base.serverAddress}.`),
  };
}

/** §6: the explanation of a decision, in words. */
function explainDecision(reference: ImageReference, decision: Decision): Choice {
  const base: ExplanationBase = { reference: reference.canonical, host: reference.host, serverAddress: serverAddressFor(reference.host), notes: [] };
  switch (decision.source) {
    case 'one-time':
      return explainOneTimeCredentials(reference, base, decision.oneTime);
    case 'stored':
      return explainStoredRegistry(reference, base, decision.match);
    case 'docker-config':
      return explainDockerConfig(reference, base, decision.lookup, decision.hostHasStoredRegistries);
  }
}

/**
 * Not an async function: a lookup decided by a stored registry (nearly every pull) runs as one promise chain, the
 * secret's. Anything thrown on the way (a bad reference, bad one-time credentials) still becomes a rejection.
 */
function resolve(image: string | ImageReference, context: ResolutionContext, withSecret: boolean): Promise<CredentialResolution> {
  let reference: ImageReference;
  let index: CredentialIndex;
  try {
    reference = typeof image === 'string' ? parseImageReference(image) : image;
    index = context.registries instanceof CredentialIndex ? context.registries : new CredentialIndex(context.registries);
    const oneTime = context.oneTimeCredentials;
    // 1. One-time credentials given with this pull.
    if (oneTime !== undefined) {
      checkOneTimeCredentials(oneTime);
      const auth = { username: oneTime.username, password: oneTime.password, serveraddress: serverAddressFor(reference.host) };
      return Promise.resolve(toResolution(reference, { source: 'one-time', oneTime }, index, auth));
    }
    // 2. The most specific matching pattern of a stored registry on the host; 3. else the host's default registry.
    // A matching registry without credentials means "pull anonymously": the search ends here on purpose.
    const match = index.match(reference);
    if (match.kind !== 'none') {
      const decision: Decision = { source: 'stored', match };
      if (!withSecret || !hasStoredCredentials(match.registry)) return Promise.resolve(toResolution(reference, decision, index));
      const registry = match.registry;
      const host = reference.host;
      return readStoredSecret(registry, context.getSecret).then((password) =>
        toResolution(reference, decision, index, { username: registry.username ?? '', password, serveraddress: serverAddressFor(host) }),
      );
    }
  } catch (error) {
    return Promise.reject(error);
  }
  return resolveFromDockerConfig(reference, index, context, withSecret);
}

/** §5 steps 4 and 5: the user's Docker configuration, else anonymous. */
async function resolveFromDockerConfig(reference: ImageReference, index: CredentialIndex, context: ResolutionContext, withSecret: boolean): Promise<CredentialResolution> {
  const options = dockerConfigOptions(context);
  const lookup = await (context.dockerConfigLookups?.lookup(reference.host, options) ?? lookupDockerConfigCredential(reference.host, options));
  const decision: Decision = { source: 'docker-config', lookup, hostHasStoredRegistries: index.hasRegistriesOn(reference.host) };
  const auth = withSecret && lookup.found !== undefined ? toDockerAuthConfig(lookup.found.credential, serverAddressFor(reference.host)) : undefined;
  return toResolution(reference, decision, index, auth);
}

/** Picks the credentials for one pull (§5) and explains the choice (§6). The secret is only in `auth`. */
export function resolveCredentials(image: string | ImageReference, context: ResolutionContext): Promise<CredentialResolution> {
  return resolve(image, context, true);
}

/**
 * The same decision without decrypting any stored secret, for "Which credentials will x use?". Docker config
 * helpers are still asked, because only they know whether they hold a credential; their answer is dropped.
 */
export async function explainCredentials(image: string | ImageReference, context: ResolutionContext): Promise<CredentialExplanation> {
  return (await resolve(image, context, false)).explanation;
}

/**
 * §5: when the registry rejects the chosen credentials, the pull is retried once anonymously. This is the
 * explanation of that retry — the same decision, marked as rejected — so the wording lives here with the rest.
 */
export function explainAnonymousRetry(rejected: CredentialExplanation): CredentialExplanation {
  const whose = rejected.registry === undefined ? `the ${rejected.source} credentials` : `the credentials of registry '${rejected.registry.name}'`;
  const retried = `${rejected.host} rejected ${whose}; retried anonymously.`;
  return {
    ...rejected,
    source: 'anonymous',
    rejectedCredentials: { source: rejected.source, ...(rejected.registry === undefined ? {} : { registry: rejected.registry }) },
    // Names no image, so it is its own reason.
    summary: retried,
    reason: retried,
  };
}
