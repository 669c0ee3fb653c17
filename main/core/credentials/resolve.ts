import type { CredentialSource } from '../../../preload/api';
import { serverAddressFor } from './address';
import { lookupDockerConfigCredential, toDockerAuthConfig, type DockerConfigOptions, type ProcessRunner } from '../docker-config';
import { StevedoreError } from '../errors';
import {
  PatternCandidateIndex,
  compareSpecificity,
  compileRegistryPatterns,
  describeSpecificityStep,
  type CompiledPattern,
  type InvalidStoredPattern,
} from './patterns';
import { parseImageReference, type ImageReference } from './reference';
import type { DockerAuthConfig, GetRegistrySecret, OneTimeCredentials, StoredRegistryRecord } from './registry-types';
import { SECRET_STORAGE_NO_ANSWER } from '../secrets/cipher';

/**
 * Which credentials an image is pulled with (credentials.md §5) and why (§6). The explanation never holds a
 * secret and may go to the renderer and the logs; the secret travels separately in `auth`.
 */

/** Defined once, in the contract (preload/api.ts): the explanation goes to the renderer as is. */
export type { CredentialSource };

export interface RegistryRef {
  id: string;
  name: string;
}

export interface ConsideredPattern {
  written: string;
  /** Absent when the stored pattern no longer validates. */
  expanded?: string;
  implicit: boolean;
  matches: boolean;
  problem?: string;
}

export interface ConsideredRegistry {
  registry: RegistryRef;
  isDefault: boolean;
  hasCredentials: boolean;
  patterns: ConsideredPattern[];
  /** One of its patterns matches the image. */
  matched: boolean;
  /** It decided the outcome (by pattern or as the default). */
  used: boolean;
  /** Why it matched, won, or lost — e.g. "less specific than docker.io/team/app". */
  reason: string;
}

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

export type RegistryMatch =
  | { kind: 'pattern'; registry: StoredRegistryRecord; pattern: CompiledPattern }
  | { kind: 'default'; registry: StoredRegistryRecord }
  | { kind: 'none' };

interface IndexedPattern {
  pattern: CompiledPattern;
  registry: StoredRegistryRecord;
  /** Position in the host's most-specific-first order; lower wins. */
  rank: number;
}

interface IndexedRegistry {
  record: StoredRegistryRecord;
  patterns: IndexedPattern[];
  invalid: InvalidStoredPattern[];
  hasCredentials: boolean;
  /**
   * Its entry in `considered` when none of its patterns match and it is not a default — the common case,
   * built once and shared (frozen) so explaining stays cheap with many registries on one host.
   */
  unmatchedEntry: ConsideredRegistry;
}

interface HostIndex {
  /** Earliest created first (the last tie-break). */
  registries: IndexedRegistry[];
  patterns: PatternCandidateIndex<IndexedPattern>;
  defaultRegistry?: IndexedRegistry;
}

export interface SkippedRegistry {
  registry: RegistryRef;
  problem: string;
}

function createdAtMillis(record: StoredRegistryRecord): number {
  const millis = Date.parse(record.createdAt);
  return Number.isNaN(millis) ? Number.POSITIVE_INFINITY : millis;
}

function compareCreation(a: StoredRegistryRecord, b: StoredRegistryRecord): number {
  return createdAtMillis(a) - createdAtMillis(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function hasStoredCredentials(record: StoredRegistryRecord): boolean {
  return record.hasSecret && (record.username ?? '') !== '';
}

function refOf(record: StoredRegistryRecord): RegistryRef {
  return { id: record.id, name: record.name };
}

/**
 * Stored registries compiled for lookups: grouped by host, patterns compiled once, ranked once, and filed by
 * their literal prefix. Build a new one whenever the registries change; it never changes after construction.
 */
export class CredentialIndex {
  readonly registries: readonly StoredRegistryRecord[];
  /** Registries whose stored address no longer validates; they can never match. */
  readonly skipped: readonly SkippedRegistry[];
  private readonly hosts = new Map<string, HostIndex>();

  constructor(registries: readonly StoredRegistryRecord[]) {
    this.registries = registries;
    const skipped: SkippedRegistry[] = [];
    const byHost = new Map<string, IndexedRegistry[]>();
    for (const record of [...registries].sort(compareCreation)) {
      let compiled;
      try {
        compiled = compileRegistryPatterns(record);
      } catch (error) {
        if (!(error instanceof StevedoreError)) throw error;
        skipped.push({ registry: refOf(record), problem: error.message });
        continue;
      }
      const patterns = compiled.patterns.map((pattern): IndexedPattern => ({ pattern, registry: record, rank: 0 }));
      const hasCredentials = hasStoredCredentials(record);
      const unmatched = { record, patterns, invalid: compiled.invalid, hasCredentials };
      const reason = `no pattern matches${invalidPatternsNote(compiled.invalid)}`;
      const registry: IndexedRegistry = { ...unmatched, unmatchedEntry: deepFreeze(consideredEntry(unmatched, new Set(), reason, false)) };
      const list = byHost.get(compiled.host) ?? [];
      list.push(registry);
      byHost.set(compiled.host, list);
    }
    this.skipped = skipped;

    for (const [host, hostRegistries] of byHost) {
      const ranked = hostRegistries.flatMap((registry) => registry.patterns);
      // Stable sort: equal specificity keeps creation order, then the registry's own pattern order.
      ranked.sort((a, b) => compareSpecificity(a.pattern.specificity, b.pattern.specificity));
      const patterns = new PatternCandidateIndex<IndexedPattern>();
      ranked.forEach((indexed, rank) => {
        indexed.rank = rank;
        patterns.add(indexed);
      });
      const hostIndex: HostIndex = { registries: hostRegistries, patterns };
      // At most one default per host is enforced on save; should two exist anyway, the earlier one is used.
      const defaultRegistry = hostRegistries.find((registry) => registry.record.isDefault);
      if (defaultRegistry !== undefined) hostIndex.defaultRegistry = defaultRegistry;
      this.hosts.set(host, hostIndex);
    }
  }

  /** §5 steps 2 and 3: the registry whose pattern is most specific, else the host's default registry. */
  match(image: ImageReference): RegistryMatch {
    const hostIndex = this.hosts.get(image.host);
    if (hostIndex === undefined) return { kind: 'none' };
    const best = hostIndex.patterns.best(image.path);
    if (best !== undefined) return { kind: 'pattern', registry: best.registry, pattern: best.pattern };
    const defaultRegistry = hostIndex.defaultRegistry;
    return defaultRegistry === undefined ? { kind: 'none' } : { kind: 'default', registry: defaultRegistry.record };
  }

  /** Every stored registry on the image's host, and why each one matched, won or lost. */
  consider(image: ImageReference, options: { oneTimeCredentials?: boolean } = {}): ConsideredRegistry[] {
    const hostIndex = this.hosts.get(image.host);
    if (hostIndex === undefined) return [];
    const oneTime = options.oneTimeCredentials === true;
    const matching = new Set(hostIndex.patterns.matching(image.path));
    let winner: IndexedPattern | undefined;
    // Each registry's best matching pattern, found from the few matches rather than by testing every pattern
    // of every registry on the host (hundreds on a shared host such as docker.io).
    const bestOfRegistry = new Map<StoredRegistryRecord, IndexedPattern>();
    for (const indexed of matching) {
      if (winner === undefined || indexed.rank < winner.rank) winner = indexed;
      const best = bestOfRegistry.get(indexed.registry);
      if (best === undefined || indexed.rank < best.rank) bestOfRegistry.set(indexed.registry, indexed);
    }
    const usedDefault = winner === undefined ? hostIndex.defaultRegistry : undefined;

    return hostIndex.registries.map((registry): ConsideredRegistry => {
      const ownBest = bestOfRegistry.get(registry.record);
      if (ownBest === undefined && !registry.record.isDefault && !oneTime) return registry.unmatchedEntry;
      const used = !oneTime && (winner?.registry === registry.record || usedDefault === registry);
      const reason = explainRegistryOutcome(image.host, registry, ownBest, winner, hostIndex.defaultRegistry, oneTime);
      return consideredEntry(registry, matching, reason, used);
    });
  }
}

function consideredEntry(
  registry: Omit<IndexedRegistry, 'unmatchedEntry'>,
  matching: ReadonlySet<IndexedPattern>,
  reason: string,
  used: boolean,
): ConsideredRegistry {
  const patterns: ConsideredPattern[] = registry.patterns.map((indexed) => ({
    written: indexed.pattern.written,
    expanded: indexed.pattern.expanded,
    implicit: indexed.pattern.implicit,
    matches: matching.has(indexed),
  }));
  for (const { written, problem } of registry.invalid) patterns.push({ written, implicit: false, matches: false, problem });
  return {
    registry: refOf(registry.record),
    isDefault: registry.record.isDefault,
    hasCredentials: registry.hasCredentials,
    patterns,
    matched: patterns.some((pattern) => pattern.matches),
    used,
    reason,
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function invalidPatternsNote(invalid: readonly InvalidStoredPattern[]): string {
  if (invalid.length === 0) return '';
  const list = invalid.map((pattern) => `'${pattern.written}'`).join(', ');
  return ` (stored pattern${invalid.length > 1 ? 's' : ''} ${list} no longer valid)`;
}

function describePattern(pattern: CompiledPattern): string {
  return pattern.implicit ? `${pattern.expanded} (no patterns: the whole registry)` : pattern.expanded;
}

function explainRegistryOutcome(
  host: string,
  registry: IndexedRegistry,
  ownBest: IndexedPattern | undefined,
  winner: IndexedPattern | undefined,
  hostDefault: IndexedRegistry | undefined,
  oneTimeCredentials: boolean,
): string {
  const anonymousNote = registry.hasCredentials ? '' : '; it has no credentials → anonymous pull';
  const invalidNote = invalidPatternsNote(registry.invalid);
  if (oneTimeCredentials) {
    const matchPart = ownBest === undefined ? 'no pattern matches' : `matches ${describePattern(ownBest.pattern)}`;
    return `${matchPart}; not used: one-time credentials were given for this pull`;
  }
  if (ownBest !== undefined && winner !== undefined) {
    if (winner.registry === registry.record) return `matches ${describePattern(ownBest.pattern)}, the most specific match${anonymousNote}`;
    const step = describeSpecificityStep(winner.pattern.specificity, ownBest.pattern.specificity);
    const winnerName = `'${winner.registry.name}'`;
    return step === undefined
      ? `matches ${describePattern(ownBest.pattern)}, as specific as ${winner.pattern.expanded} of ${winnerName}, which was created earlier`
      : `matches ${describePattern(ownBest.pattern)}, less specific than ${winner.pattern.expanded} of ${winnerName}: ${step}`;
  }
  if (registry.record.isDefault) {
    if (hostDefault !== registry) {
      return `no pattern matches${invalidNote}; also marked default for ${host}, but '${hostDefault?.record.name ?? '?'}' was created earlier and is the default used`;
    }
    if (winner !== undefined) {
      return `no pattern matches${invalidNote}; it is the default registry for ${host}, but '${winner.registry.name}' matched`;
    }
    return `no pattern matches${invalidNote}; used as the default registry for ${host}${anonymousNote}`;
  }
  return `no pattern matches${invalidNote}`;
}

export function createCredentialIndex(registries: readonly StoredRegistryRecord[]): CredentialIndex {
  return new CredentialIndex(registries);
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
}

/** Builds the result; `auth` is attached non-enumerable so that serialising the resolution cannot leak it. */
function toResolution(explanation: CredentialExplanation, auth?: DockerAuthConfig): CredentialResolution {
  const resolution: { explanation: CredentialExplanation; auth?: DockerAuthConfig } = { explanation };
  if (auth !== undefined) Object.defineProperty(resolution, 'auth', { value: auth, enumerable: false });
  return resolution;
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
type ExplanationBase = Pick<CredentialExplanation, 'reference' | 'host' | 'serverAddress' | 'considered' | 'notes'>;

function fromOneTimeCredentials(reference: ImageReference, base: ExplanationBase, oneTime: OneTimeCredentials): CredentialResolution {
  if (typeof oneTime.username !== 'string' || oneTime.username.trim() === '' || typeof oneTime.password !== 'string' || oneTime.password === '') {
    throw new StevedoreError('CREDENTIALS_INVALID', 'One-time credentials need both a username and a password; fill in both, or leave both empty.');
  }
  return toResolution(
    {
      ...base,
      source: 'one-time',
      username: oneTime.username,
      summary: `${reference.familiarReference} is pulled with the one-time credentials of ${oneTime.username}, sent to ${base.serverAddress}.`,
    },
    { username: oneTime.username, password: oneTime.password, serveraddress: base.serverAddress },
  );
}

async function readStoredSecret(registry: StoredRegistryRecord, getSecret: GetRegistrySecret): Promise<string> {
  let secret: string | undefined;
  try {
    secret = await getSecret(registry.id);
  } catch (error) {
    // The keyring not answering (a prompt left open, a locked keyring) is not a damaged secret: entering it again
    // would not help, answering the prompt would.
    if (error instanceof StevedoreError && error.code === SECRET_STORAGE_NO_ANSWER) {
      throw new StevedoreError(SECRET_STORAGE_NO_ANSWER, `The pull needs the stored password of registry '${registry.name}'. ${error.message}`, {
        cause: error,
      });
    }
    throw new StevedoreError(
      'SECRET_UNAVAILABLE',
      `The stored password or token of registry '${registry.name}' could not be decrypted, so the pull was not attempted. Enter it again in Registries → ${registry.name}.`,
      { cause: error },
    );
  }
  if (secret === undefined || secret === '') {
    // Pulling anonymously instead would hide the problem and may fetch a different image of the same name.
    throw new StevedoreError(
      'SECRET_UNAVAILABLE',
      `Registry '${registry.name}' says it has a stored password or token, but none could be read, so the pull was not attempted. Enter it again in Registries → ${registry.name}.`,
    );
  }
  return secret;
}

async function fromStoredRegistry(
  reference: ImageReference,
  base: ExplanationBase,
  match: Exclude<RegistryMatch, { kind: 'none' }>,
  getSecret: GetRegistrySecret | undefined,
): Promise<CredentialResolution> {
  const registry = match.registry;
  const chosen = { ...base, registry: refOf(registry) };
  const how =
    match.kind === 'pattern'
      ? `registry '${registry.name}' (pattern ${match.pattern.implicit ? 'none: whole registry' : `'${match.pattern.written}'`} → ${match.pattern.expanded})`
      : `'${registry.name}', the default registry for ${reference.host} (no pattern matched)`;
  const pattern =
    match.kind === 'pattern'
      ? { pattern: { written: match.pattern.written, expanded: match.pattern.expanded, implicit: match.pattern.implicit } }
      : {};
  // A matching registry without credentials means "pull anonymously": the search ends here on purpose.
  if (!hasStoredCredentials(registry)) {
    return toResolution({
      ...chosen,
      ...pattern,
      source: 'anonymous',
      summary: `${reference.familiarReference} matches ${how}, which has no credentials: anonymous pull.`,
    });
  }
  const username = registry.username ?? '';
  const explanation: CredentialExplanation = {
    ...chosen,
    ...pattern,
    source: match.kind === 'pattern' ? 'registry' : 'default-registry',
    username,
    summary: `${reference.familiarReference} uses ${how} as ${username}, sent to ${base.serverAddress}.`,
  };
  if (getSecret === undefined) return toResolution(explanation);
  const password = await readStoredSecret(registry, getSecret);
  return toResolution(explanation, { username, password, serveraddress: base.serverAddress });
}

async function fromDockerConfig(
  reference: ImageReference,
  base: ExplanationBase,
  options: DockerConfigOptions,
  withSecret: boolean,
): Promise<CredentialResolution> {
  const lookup = await lookupDockerConfigCredential(reference.host, options);
  const consulted = { ...base, notes: [...base.notes, ...lookup.checked], configFile: lookup.configFile };
  if (lookup.found === undefined) {
    const stored = base.considered.length === 0 ? `no stored registry for ${reference.host}` : `no stored registry for ${reference.host} matches`;
    return toResolution({
      ...consulted,
      source: 'anonymous',
      summary: `${reference.familiarReference}: ${stored} and the Docker config (${lookup.configFile}) has no credentials for it: anonymous pull.`,
    });
  }
  const { credential, origin } = lookup.found;
  const account = credential.username ?? 'an identity token';
  const where =
    origin.source === 'credential-helper'
      ? `credential helper docker-credential-${origin.helper} (${origin.setting} in ${lookup.configFile})`
      : `auths["${origin.key}"] in ${lookup.configFile}`;
  const explanation: CredentialExplanation = {
    ...consulted,
    source: origin.source,
    configKey: origin.key,
    ...(origin.source === 'credential-helper' ? { helper: `docker-credential-${origin.helper}` } : {}),
    ...(credential.username === undefined ? {} : { username: credential.username }),
    summary: `${reference.familiarReference} uses ${account} from ${where}, sent to ${base.serverAddress}.`,
  };
  return toResolution(explanation, withSecret ? toDockerAuthConfig(credential, base.serverAddress) : undefined);
}

async function resolve(image: string | ImageReference, context: ResolutionContext, withSecret: boolean): Promise<CredentialResolution> {
  const reference = typeof image === 'string' ? parseImageReference(image) : image;
  const index = context.registries instanceof CredentialIndex ? context.registries : new CredentialIndex(context.registries);
  const oneTime = context.oneTimeCredentials;
  const base: ExplanationBase = {
    reference: reference.canonical,
    host: reference.host,
    serverAddress: serverAddressFor(reference.host),
    considered: index.consider(reference, { oneTimeCredentials: oneTime !== undefined }),
    notes: [],
  };
  // 1. One-time credentials given with this pull.
  if (oneTime !== undefined) return fromOneTimeCredentials(reference, base, oneTime);
  // 2. The most specific matching pattern of a stored registry on the host; 3. else the host's default registry.
  const match = index.match(reference);
  if (match.kind !== 'none') return fromStoredRegistry(reference, base, match, withSecret ? context.getSecret : undefined);
  // 4. The user's Docker configuration; 5. else anonymous.
  return fromDockerConfig(reference, base, dockerConfigOptions(context), withSecret);
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
  return {
    ...rejected,
    source: 'anonymous',
    rejectedCredentials: { source: rejected.source, ...(rejected.registry === undefined ? {} : { registry: rejected.registry }) },
    summary: `${rejected.host} rejected ${whose}; retried anonymously.`,
  };
}
