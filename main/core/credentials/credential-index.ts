import {
  PatternCandidateIndex,
  compareSpecificity,
  compileRegistryPatterns,
  describeSpecificityStep,
  type CompiledPattern,
  type InvalidStoredPattern,
} from './patterns';
import type { ImageReference } from './reference';
import type { StoredRegistryRecord } from './registry-types';
import { StevedoreError } from '../errors';

/**
 * The stored registries compiled for lookups (credentials.md §5 steps 2 and 3) and, per image, what each registry
 * on its host did — the `considered` part of an explanation (§6). No secret is ever read here.
 */

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

export function hasStoredCredentials(record: StoredRegistryRecord): boolean {
  return record.hasSecret && (record.username ?? '') !== '';
}

export function refOf(record: StoredRegistryRecord): RegistryRef {
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

  /** Whether any stored registry (with a valid address) is on this host. */
  hasRegistriesOn(host: string): boolean {
    return this.hosts.has(host);
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
