/**
 * Favourites and recent images (main's library) as the Pull screen uses them: suggestions for the image field
 * and the state of the star. Images are compared as main spells them, never parsed here.
 */
import type { Library, PullView } from '../../preload/api';
import type { ComboboxGroup, ComboboxOption } from '../components/Combobox';

const MAX_SUGGESTIONS_PER_GROUP = 8;

/** A suggestion carries its platform, so picking a recent `linux/arm64` pull picks the platform too. */
export interface ImageSuggestion extends ComboboxOption {
  platform?: string;
}

export function suggestionGroups(library: Library | undefined, typed: string): ComboboxGroup[] {
  if (!library) return [];
  const needle = typed.trim().toLowerCase();
  const matches = (image: string): boolean => needle === '' || image.toLowerCase().includes(needle);
  // Exactly what is typed is not a suggestion: it would only repeat the field.
  const worthShowing = (image: string, platform?: string): boolean => matches(image) && !(image === typed.trim() && !platform);

  const favourites: ImageSuggestion[] = library.favourites
    .filter((image) => worthShowing(image))
    .slice(0, MAX_SUGGESTIONS_PER_GROUP)
    .map((image) => ({ value: image, key: `favourite:${image}` }));

  const seen = new Set<string>();
  const recents: ImageSuggestion[] = [];
  for (const entry of library.recents) {
    const key = `${entry.image}|${entry.platform ?? ''}`;
    // A favourite pulled without a platform is already listed above.
    if (seen.has(key) || (!entry.platform && library.favourites.includes(entry.image))) continue;
    seen.add(key);
    if (!worthShowing(entry.image, entry.platform)) continue;
    const suggestion: ImageSuggestion = { value: entry.image, key: `recent:${key}` };
    if (entry.platform) {
      suggestion.platform = entry.platform;
      suggestion.hint = entry.platform;
    }
    recents.push(suggestion);
    if (recents.length === MAX_SUGGESTIONS_PER_GROUP) break;
  }

  return [
    { label: 'Favourites', options: favourites },
    { label: 'Recent', options: recents },
  ];
}

/**
 * The library entry the typed image is stored as, if it is a favourite. Main stores favourites in one
 * spelling (`nginx:latest` for `nginx`); the spellings it has told us about — a pull's `familiar` next to its
 * canonical `image`, the canonical reference of the current explanation, what a star click stored — link
 * the typed text to that entry without parsing it here.
 */
export function favouriteEntryFor(
  typed: string,
  favourites: readonly string[],
  hints: { pulls: readonly PullView[]; canonical: string | undefined; learned: ReadonlyMap<string, string> },
): string | undefined {
  const image = typed.trim();
  if (image === '') return undefined;
  if (favourites.includes(image)) return image;
  const learned = hints.learned.get(image);
  if (learned !== undefined && favourites.includes(learned)) return learned;
  for (const pull of hints.pulls) {
    const sameImage = pull.familiar === image || pull.image === image || (hints.canonical !== undefined && pull.image === hints.canonical);
    if (sameImage && favourites.includes(pull.familiar)) return pull.familiar;
  }
  return undefined;
}
