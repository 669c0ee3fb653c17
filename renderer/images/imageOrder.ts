import type { ImageView } from '../../preload/api';

export type ImageSortKey = 'name' | 'size' | 'created';
export type SortDirection = 'ascending' | 'descending';
export interface ImageSort {
  key: ImageSortKey;
  direction: SortDirection;
}

/** Newest first, as `docker images` lists them. */
export const DEFAULT_SORT: ImageSort = { key: 'created', direction: 'descending' };

/** The first sort direction when a column is chosen: names A→Z, the largest and newest first. */
export const FIRST_DIRECTION: Record<ImageSortKey, SortDirection> = { name: 'ascending', size: 'descending', created: 'descending' };

/** What a row is called: its first tag, or its short id for an image without a name. */
export function imageName(image: ImageView): string {
  return image.tags[0] ?? image.id.replace(/^sha256:/, '').slice(0, 12);
}

/** One collator for every comparison: `localeCompare` builds the same one per call. */
const collator = new Intl.Collator();

/**
 * The images in the chosen order. Each image's key (its time, size or name) is worked out once, then compared:
 * 2,000 images take ~22,000 comparisons, which parsed two dates each (issue 18: the cold load's longest task).
 */
export function sortImages(images: readonly ImageView[], sort: ImageSort): ImageView[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const keyed = images.map((image) => ({
    image,
    name: imageName(image),
    // Unnamed images go last whichever way names are sorted: they are rarely what anyone looks for.
    unnamed: Number(image.tags.length === 0),
    amount: sort.key === 'size' ? image.sizeBytes : sort.key === 'created' ? Date.parse(image.createdAt) : 0,
  }));
  keyed.sort((a, b) => {
    if (sort.key === 'name') return a.unnamed - b.unnamed || sign * collator.compare(a.name, b.name) || collator.compare(a.image.id, b.image.id);
    return sign * (a.amount - b.amount) || collator.compare(a.name, b.name);
  });
  return keyed.map((entry) => entry.image);
}

/**
 * What the filter searches in an image, lower-cased once per image: the store keeps an unchanged image the same
 * object across updates, so a keystroke compares strings instead of lower-casing every name of 2,000 images.
 */
const searchTexts = new WeakMap<ImageView, string>();
function searchTextOf(image: ImageView): string {
  let text = searchTexts.get(image);
  if (text === undefined) {
    // One per line: the filter is one line of text, so a match never spans two of them.
    text = [...image.tags, ...image.digests, image.id, image.registry ?? ''].join('\n').toLowerCase();
    searchTexts.set(image, text);
  }
  return text;
}

/** Rows whose names, id, digests or registry contain the filter text (case-insensitive). */
export function filterImages(images: readonly ImageView[], filter: string): readonly ImageView[] {
  const needle = filter.trim().toLowerCase();
  if (needle === '') return images;
  return images.filter((image) => searchTextOf(image).includes(needle));
}
