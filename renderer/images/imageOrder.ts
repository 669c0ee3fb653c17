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

export function sortImages(images: readonly ImageView[], sort: ImageSort): ImageView[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...images].sort((a, b) => {
    if (sort.key === 'name') {
      // Unnamed images go last whichever way names are sorted: they are rarely what anyone looks for.
      const unnamed = Number(a.tags.length === 0) - Number(b.tags.length === 0);
      return unnamed || sign * imageName(a).localeCompare(imageName(b)) || a.id.localeCompare(b.id);
    }
    const difference = sort.key === 'size' ? a.sizeBytes - b.sizeBytes : Date.parse(a.createdAt) - Date.parse(b.createdAt);
    return sign * difference || imageName(a).localeCompare(imageName(b));
  });
}

/** Rows whose names, id, digests or registry contain the filter text (case-insensitive). */
export function filterImages(images: readonly ImageView[], filter: string): readonly ImageView[] {
  const needle = filter.trim().toLowerCase();
  if (needle === '') return images;
  return images.filter((image) =>
    [...image.tags, ...image.digests, image.id, image.registry ?? ''].some((text) => text.toLowerCase().includes(needle)),
  );
}
