import type { ImageView } from '../../preload/api';
import type { ImageSortKey, SortDirection } from '../../shared/image-order';

// The order itself is shared with main, which sends its list in the default order (shared/image-order.ts).
export { DEFAULT_SORT, imageName, sortImages, type ImageSort, type ImageSortKey, type SortDirection } from '../../shared/image-order';

/** The first sort direction when a column is chosen: names A→Z, the largest and newest first. */
export const FIRST_DIRECTION: Record<ImageSortKey, SortDirection> = { name: 'ascending', size: 'descending', created: 'descending' };

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
