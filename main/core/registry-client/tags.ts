/**
 * A repository's tags: `tags/list` page by page following `Link: <…>; rel="next"` (bounded: a registry that
 * keeps sending "next" is cut off with a note, a loop is an error), names checked against the tag grammar (a
 * name with control characters never reaches the screen), ordered with `latest` first and then newest version
 * first (the distribution API has no dates, so a version-aware order stands in for "newest").
 */
import { StevedoreError } from '../errors';
import { parseJson, type HttpAnswer } from './http';

/** docker/distribution's tag grammar. */
const TAG = /^[\w][\w.-]{0,127}$/;
const TAGS_PAGE_SIZE = 100;
export const MAX_TAG_PAGES = 50;

/** The `rel="next"` target of a `Link` header, or undefined. */
export function nextLink(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (match !== null && /(?:^|;)\s*rel\s*=\s*"?next"?\s*(?:;|$)/i.test(match[2] ?? '')) return match[1];
  }
  return undefined;
}

export interface TagPage {
  tags: string[];
  invalid: number;
}

export function readTagPage(answer: HttpAnswer): TagPage {
  const parsed = parseJson(answer.body) as { tags?: unknown } | undefined;
  if (parsed === undefined || typeof parsed !== 'object' || parsed === null) {
    throw new StevedoreError('REGISTRY_BAD_ANSWER', `${answer.url.host} answered the tag list with something that is not JSON. Try again later.`);
  }
  // A repository without tags answers `"tags": null`.
  const list = parsed.tags === null || parsed.tags === undefined ? [] : parsed.tags;
  if (!Array.isArray(list)) throw new StevedoreError('REGISTRY_BAD_ANSWER', `${answer.url.host} answered the tag list without a list of tags.`);
  const tags: string[] = [];
  let invalid = 0;
  for (const tag of list) {
    if (typeof tag === 'string' && TAG.test(tag)) tags.push(tag);
    else invalid += 1;
  }
  return { tags, invalid };
}

interface VersionKey {
  numbers: number[];
  /** Text after the numbers (`-alpine`, `-rc1`); a release without suffix sorts before its pre-releases. */
  suffix: string;
}

function versionKey(tag: string): VersionKey | undefined {
  const match = /^v?(\d+(?:\.\d+)*)(.*)$/i.exec(tag);
  if (match === null) return undefined;
  return { numbers: (match[1] ?? '').split('.').map(Number), suffix: match[2] ?? '' };
}

/** `latest` first, then versions newest first (1.10 after 1.9 … newest on top), then other names A→Z. */
export function compareTags(a: string, b: string): number {
  if (a === b) return 0;
  if (a === 'latest') return -1;
  if (b === 'latest') return 1;
  const va = versionKey(a);
  const vb = versionKey(b);
  if (va !== undefined && vb === undefined) return -1;
  if (va === undefined && vb !== undefined) return 1;
  if (va !== undefined && vb !== undefined) {
    const length = Math.max(va.numbers.length, vb.numbers.length);
    for (let index = 0; index < length; index += 1) {
      const difference = (vb.numbers[index] ?? -1) - (va.numbers[index] ?? -1);
      if (difference !== 0) return difference;
    }
    if (va.suffix === '' && vb.suffix !== '') return -1;
    if (vb.suffix === '' && va.suffix !== '') return 1;
  }
  return a < b ? -1 : 1;
}

/** Tags starting with `typed` first (in order), then those merely containing it; at most `limit`. */
export function filterTags(sorted: readonly string[], typed: string, limit: number): string[] {
  const needle = typed.toLowerCase();
  if (needle === '') return sorted.slice(0, limit);
  const starting: string[] = [];
  const containing: string[] = [];
  for (const tag of sorted) {
    const lower = tag.toLowerCase();
    if (lower.startsWith(needle)) starting.push(tag);
    else if (lower.includes(needle)) containing.push(tag);
    if (starting.length >= limit) break;
  }
  return [...starting, ...containing].slice(0, limit);
}

export interface TagListing {
  tags: string[];
  /** False when the registry had more pages than Stevedore reads. */
  complete: boolean;
  /** Names that are not tags (control characters, too long), left out. */
  invalid: number;
}

/**
 * Reads every page through `fetchPage` (an authenticated GET of a path on the registry).
 */
export async function listAllTags(repository: string, host: string, fetchPage: (path: string) => Promise<HttpAnswer>): Promise<TagListing> {
  const seen = new Set<string>();
  const tags = new Set<string>();
  let invalid = 0;
  let path: string | undefined = `/v2/${repository}/tags/list?n=${TAGS_PAGE_SIZE}`;
  for (let page = 0; path !== undefined; page += 1) {
    if (page >= MAX_TAG_PAGES) return { tags: [...tags].sort(compareTags), complete: false, invalid };
    if (seen.has(path)) {
      throw new StevedoreError('REGISTRY_BAD_ANSWER', `${host} sent the tag list of ${repository} in a loop (page ${page + 1} points back to an earlier page). Try again later or tell the registry's operator.`);
    }
    seen.add(path);
    const answer = await fetchPage(path);
    const read = readTagPage(answer);
    invalid += read.invalid;
    for (const tag of read.tags) tags.add(tag);
    const next = nextLink(answer.headers.link);
    if (next === undefined) break;
    const target = new URL(next, answer.url);
    if (target.origin !== answer.url.origin) {
      throw new StevedoreError('REGISTRY_BAD_ANSWER', `${host} pointed the next page of tags to ${target.origin}, another server; Stevedore does not send credentials there.`);
    }
    path = `${target.pathname}${target.search}`;
  }
  return { tags: [...tags].sort(compareTags), complete: true, invalid };
}
