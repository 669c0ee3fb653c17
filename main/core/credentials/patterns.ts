import micromatch from 'micromatch';
import { checkRegistryHost, describeCharacterProblem, normalizeRegistryAddress } from './address';
import { StevedoreError } from '../errors';
import { isValidPathComponent, splitRepositoryHost, withOfficialLibraryPrefix, MAX_NAME_LENGTH } from './reference';

/**
 * Image Patterns: written like image names, expanded against their registry's host, matched with micromatch
 * against an image's `host/path`. Only `*` (within a segment) and `**` (across segments) are wildcards.
 */

export type ImagePatternErrorCode = 'PATTERN_INVALID';

export class ImagePatternError extends StevedoreError {
  declare readonly code: ImagePatternErrorCode;
  constructor(message: string) {
    super('PATTERN_INVALID', message);
  }
}

export interface ExpandedPattern {
  /** As the user wrote it (trimmed); `**` for the implicit pattern of a registry without patterns. */
  written: string;
  /** `host/pathGlob`, e.g. `docker.io/library/*` — what is shown and what the image name is matched against. */
  expanded: string;
  host: string;
  /** The glob for the repository path, lower case, e.g. `library/*`, `team/**`. */
  pathGlob: string;
  /** True for the `host/**` that stands in for a registry with no patterns. */
  implicit: boolean;
}

/** The wildcard that means "every repository on the registry". */
const EVERY_REPOSITORY = '**';

const UNSUPPORTED_GLOB_CHARACTERS = /[?[\]{}!()+|\\]/;
/** Brackets are glob syntax in a path but part of the syntax of an IPv6 host, so they are checked per part. */
const UNSUPPORTED_OUTSIDE_BRACKETS = /[?{}!()+|\\]/;

function unsupportedGlobMessage(character: string): string {
  return `'${character}' is not supported; the only wildcards are '*' (within one path segment) and '**' (across segments).`;
}

function refuse(pattern: string, reason: string): ImagePatternError {
  return new ImagePatternError(`The Image Pattern '${pattern}' is not valid: ${reason}`);
}

function checkPathSegment(pattern: string, segment: string): void {
  if (segment === EVERY_REPOSITORY) return;
  if (segment.includes('**')) {
    throw refuse(pattern, `'**' must be a whole path segment (e.g. 'team/**'); use '*' inside a segment.`);
  }
  // A '*' can stand for any run of valid characters, so a segment is sound if it is valid with each '*' as a letter.
  if (!isValidPathComponent(segment.replaceAll('*', 'a'))) {
    throw refuse(
      pattern,
      `'${segment}' can never match a repository name part: use lowercase letters and digits separated by single ` +
        `'.', '_', '__' or '-', plus '*' and '**'.`,
    );
  }
}

/**
 * Expands one pattern against a registry whose canonical host is `registryHost`. Throws `PATTERN_INVALID`.
 * Host detection and the `library/` rule are the reference parser's, so a pattern means what the same image
 * name would mean.
 */
export function expandPattern(pattern: string, registryHost: string): ExpandedPattern {
  if (typeof pattern !== 'string') throw new ImagePatternError('An Image Pattern must be text, e.g. team/*.');
  const written = pattern.trim();
  if (written === '') {
    throw new ImagePatternError(`An Image Pattern cannot be empty; use '**' for every repository on ${registryHost}.`);
  }
  const characterProblem = describeCharacterProblem(written, 'Image Pattern');
  if (characterProblem !== undefined) throw new ImagePatternError(characterProblem);
  if (written.length > MAX_NAME_LENGTH) {
    throw refuse(`${written.slice(0, 40)}…`, `it is ${written.length} characters long; the limit is ${MAX_NAME_LENGTH}.`);
  }

  const unsupportedAnywhere = UNSUPPORTED_OUTSIDE_BRACKETS.exec(written)?.[0];
  if (unsupportedAnywhere !== undefined) throw refuse(written, unsupportedGlobMessage(unsupportedAnywhere));
  const at = written.indexOf('@');
  if (at !== -1) {
    throw refuse(written, `patterns match repositories, not digests; remove '${written.slice(at)}'.`);
  }
  const segments = written.split('/');
  if (segments.some((segment) => segment === '')) {
    throw refuse(written, "it has an empty part between slashes (a leading, trailing or double '/'); use 'team/**' for everything under team.");
  }
  const { hostSegment, pathSegments } = splitRepositoryHost(segments);

  let host = registryHost;
  if (hostSegment !== undefined) {
    if (hostSegment.includes('*')) {
      throw refuse(written, `wildcards cannot be used in the registry host; this registry's patterns always apply to ${registryHost}.`);
    }
    const check = checkRegistryHost(hostSegment);
    if (!check.ok) throw refuse(written, `its registry host is not valid: ${check.problem}.`);
    if (check.host !== registryHost) {
      const capitalsHint = hostSegment !== hostSegment.toLowerCase() && !/[.:]/.test(hostSegment)
        ? ` ('${hostSegment}' counts as a host because of its capital letters; write patterns in lower case.)`
        : '';
      throw refuse(
        written,
        `it names the host ${check.host}, but this registry is ${registryHost}; credentials are only ever sent to their own registry. ` +
          `Remove the host, or add a separate registry for ${check.host}.${capitalsHint}`,
      );
    }
    host = check.host;
  }

  const lastSegment = pathSegments[pathSegments.length - 1] ?? '';
  const colon = lastSegment.indexOf(':');
  if (colon !== -1) {
    throw refuse(written, `patterns match repositories, not tags; remove '${lastSegment.slice(colon)}'.`);
  }
  for (const segment of pathSegments) {
    const unsupported = UNSUPPORTED_GLOB_CHARACTERS.exec(segment)?.[0];
    if (unsupported !== undefined) throw refuse(written, unsupportedGlobMessage(unsupported));
    if (segment.includes(':')) throw refuse(written, "':' is only allowed in the registry host's port.");
    checkPathSegment(written, segment.toLowerCase());
  }

  const rawPath = pathSegments.join('/').toLowerCase();
  const pathGlob = rawPath === EVERY_REPOSITORY ? rawPath : withOfficialLibraryPrefix(host, rawPath);
  return { written, expanded: `${host}/${pathGlob}`, host, pathGlob, implicit: false };
}

/** Validates a pattern for the registry at `registryAddress` (any accepted address form) and expands it. */
export function validatePattern(pattern: string, registryAddress: string): ExpandedPattern {
  return expandPattern(pattern, normalizeRegistryAddress(registryAddress));
}

/** Save-time check of a registry's whole pattern list: each valid, none listed twice. */
export function validateRegistryPatterns(patterns: readonly string[], registryAddress: string): ExpandedPattern[] {
  const host = normalizeRegistryAddress(registryAddress);
  const seen = new Map<string, string>();
  return patterns.map((pattern) => {
    const expanded = expandPattern(pattern, host);
    const earlier = seen.get(expanded.expanded);
    if (earlier !== undefined) {
      throw refuse(expanded.written, `it means the same as '${earlier}' (${expanded.expanded}); remove one of them.`);
    }
    seen.set(expanded.expanded, expanded.written);
    return expanded;
  });
}

/** The stand-in pattern of a registry without patterns: it covers its whole host. */
export function implicitPattern(host: string): ExpandedPattern {
  return { written: EVERY_REPOSITORY, expanded: `${host}/${EVERY_REPOSITORY}`, host, pathGlob: EVERY_REPOSITORY, implicit: true };
}

/** The §5 step 2 measures of how specific a pattern is, most decisive first. */
export interface PatternSpecificity {
  wildcardFree: boolean;
  literalSegments: number;
  literalCharacters: number;
  globstars: number;
}

export function measureSpecificity(pathGlob: string): PatternSpecificity {
  const segments = pathGlob.split('/');
  return {
    wildcardFree: !pathGlob.includes('*'),
    literalSegments: segments.filter((segment) => !segment.includes('*')).length,
    literalCharacters: pathGlob.replace(/[*/]/g, '').length,
    globstars: segments.filter((segment) => segment === EVERY_REPOSITORY).length,
  };
}

/**
 * Negative when `a` is more specific than `b`, positive when less, 0 when equally specific (then the registry
 * created earlier wins — that step belongs to whoever knows the registries).
 */
export function compareSpecificity(a: PatternSpecificity, b: PatternSpecificity): number {
  if (a.wildcardFree !== b.wildcardFree) return a.wildcardFree ? -1 : 1;
  if (a.literalSegments !== b.literalSegments) return b.literalSegments - a.literalSegments;
  if (a.literalCharacters !== b.literalCharacters) return b.literalCharacters - a.literalCharacters;
  return a.globstars - b.globstars;
}

/** In words, the §5 step that makes `winner` more specific than `loser`; undefined when they are equally specific. */
export function describeSpecificityStep(winner: PatternSpecificity, loser: PatternSpecificity): string | undefined {
  if (winner.wildcardFree !== loser.wildcardFree) return 'a pattern without wildcards beats one with wildcards';
  if (winner.literalSegments !== loser.literalSegments) {
    return `more path segments without wildcards (${winner.literalSegments} vs ${loser.literalSegments})`;
  }
  if (winner.literalCharacters !== loser.literalCharacters) {
    return `more literal characters (${winner.literalCharacters} vs ${loser.literalCharacters})`;
  }
  if (winner.globstars !== loser.globstars) return `fewer '**' (${winner.globstars} vs ${loser.globstars})`;
  return undefined;
}

export interface CompiledPattern extends ExpandedPattern {
  specificity: PatternSpecificity;
  /** The leading path segments without wildcards — lets an index skip patterns that cannot match. */
  literalPrefix: readonly string[];
  /** The last path segment when it has no wildcard: every matching path ends with it. */
  literalLastSegment: string | undefined;
  /** Tests a repository path (`library/nginx`); the host is the index's business. */
  matchesPath(path: string): boolean;
  /** Tests an image `{ host, path }`, e.g. an ImageReference. */
  matches(image: { host: string; path: string }): boolean;
}

const MICROMATCH_OPTIONS: micromatch.Options = {
  nocase: true,
  dot: true,
  nobrace: true,
  noextglob: true,
  nonegate: true,
  noquantifiers: true,
  // Keep POSIX semantics on Windows too: repository paths always use '/'.
  windows: false,
};

/** Compiles once; the returned matcher is reused for every lookup. */
export function compilePattern(pattern: ExpandedPattern): CompiledPattern {
  const regex = micromatch.makeRe(pattern.pathGlob, MICROMATCH_OPTIONS);
  const segments = pattern.pathGlob.split('/');
  const firstWildcard = segments.findIndex((segment) => segment.includes('*'));
  const literalPrefix = firstWildcard === -1 ? segments : segments.slice(0, firstWildcard);
  const lastSegment = segments[segments.length - 1];
  const literalLastSegment = lastSegment === undefined || lastSegment.includes('*') ? undefined : lastSegment;
  const matchesPath = (path: string): boolean => regex.test(path);
  return {
    ...pattern,
    specificity: measureSpecificity(pattern.pathGlob),
    literalPrefix,
    literalLastSegment,
    matchesPath,
    matches: (image) => image.host === pattern.host && matchesPath(image.path),
  };
}

export interface InvalidStoredPattern {
  written: string;
  problem: string;
}

export interface CompiledRegistryPatterns {
  host: string;
  /** The implicit `host/**` when the registry has no patterns at all. */
  patterns: CompiledPattern[];
  /**
   * Stored patterns that no longer validate. They match nothing — and they still count as patterns, so a
   * registry whose only pattern broke does not silently fall back to covering its whole host.
   */
  invalid: InvalidStoredPattern[];
}

/** Compiles a stored registry's patterns. Throws `ADDRESS_INVALID` if the stored address itself is invalid. */
export function compileRegistryPatterns(registry: { address: string; patterns: readonly string[] }): CompiledRegistryPatterns {
  const host = normalizeRegistryAddress(registry.address);
  if (registry.patterns.length === 0) return { host, patterns: [compilePattern(implicitPattern(host))], invalid: [] };
  const patterns: CompiledPattern[] = [];
  const invalid: InvalidStoredPattern[] = [];
  for (const written of registry.patterns) {
    try {
      patterns.push(compilePattern(expandPattern(written, host)));
    } catch (error) {
      if (!(error instanceof ImagePatternError)) throw error;
      invalid.push({ written, problem: error.message });
    }
  }
  return { host, patterns, invalid };
}

/** What a pattern index files: a compiled pattern and its position in most-specific-first order. */
export interface RankedPattern {
  pattern: CompiledPattern;
  /** Lower is more specific; unique within one index. */
  rank: number;
}

class PrefixNode<T> {
  readonly items: T[] = [];
  readonly children = new Map<string, PrefixNode<T>>();
}

/**
 * The patterns of one host, filed so a lookup only tests patterns that can match: by their literal leading
 * segments (`team/app-*` is never tested against `other/x`), else by a literal last segment (a pattern like
 * "any segment, then app"), else tested always (`**`). Matching itself is always the pattern's micromatch
 * regex. Items are added in rank order, so every list stays sorted and the best match in a list is its first.
 */
export class PatternCandidateIndex<T extends RankedPattern> {
  private readonly root = new PrefixNode<T>();
  private readonly byLastSegment = new Map<string, T[]>();
  private lastRank = Number.NEGATIVE_INFINITY;

  add(item: T): void {
    if (item.rank <= this.lastRank) throw new Error('PatternCandidateIndex: add items in increasing rank order');
    this.lastRank = item.rank;
    const { literalPrefix, literalLastSegment } = item.pattern;
    if (literalPrefix.length === 0 && literalLastSegment !== undefined) {
      const list = this.byLastSegment.get(literalLastSegment) ?? [];
      list.push(item);
      this.byLastSegment.set(literalLastSegment, list);
      return;
    }
    let node = this.root;
    for (const segment of literalPrefix) {
      let child = node.children.get(segment);
      if (child === undefined) {
        child = new PrefixNode<T>();
        node.children.set(segment, child);
      }
      node = child;
    }
    node.items.push(item);
  }

  /** The lists that hold every pattern that could match `path`, each in rank order. */
  private candidateLists(path: string): T[][] {
    const segments = path.split('/');
    const lists: T[][] = [this.root.items];
    let node: PrefixNode<T> | undefined = this.root;
    for (const segment of segments) {
      node = node.children.get(segment);
      if (node === undefined) break;
      lists.push(node.items);
    }
    const bySuffix = this.byLastSegment.get(segments[segments.length - 1] ?? '');
    if (bySuffix !== undefined) lists.push(bySuffix);
    return lists;
  }

  /** The most specific pattern matching the repository path, if any. */
  best(path: string): T | undefined {
    let best: T | undefined;
    for (const list of this.candidateLists(path)) {
      for (const item of list) {
        if (best !== undefined && item.rank >= best.rank) break;
        if (item.pattern.matchesPath(path)) {
          best = item;
          break;
        }
      }
    }
    return best;
  }

  /** Every pattern matching the repository path. */
  matching(path: string): T[] {
    return this.candidateLists(path).flatMap((list) => list.filter((item) => item.pattern.matchesPath(path)));
  }
}
