/**
 * The user's image library: favourites and the recently pulled images (the Pull screen and the tray show them),
 * kept in the settings store.
 *
 * Images are stored as docker prints them with their tag (`nginx:latest`, `ghcr.io/o/app:1.2`): readable in
 * the tray, and after going through the reference parser there is exactly one spelling per image, so `nginx`,
 * `nginx:latest` and `docker.io/library/nginx` are one favourite. Parsing the stored text gives back the same
 * canonical reference, so a stored entry can be pulled as it is.
 */
import type { Library } from '../../preload/api';
import { sameRow } from '../../shared/same-row';
import { StevedoreError } from './errors';
import { ImageReferenceError, parseImageReference } from './credentials/reference';
import type { SettingsStore } from './settings/store';

export interface LibraryServiceOptions {
  settings: SettingsStore;
  clock?: () => Date;
}

type LibraryListener = (library: Library) => void;

export const MAX_RECENTS = 10;
/** Far more than a list anyone scrolls; keeps a runaway caller from growing the settings file without end. */
const MAX_FAVOURITES = 200;

export class LibraryService {
  private readonly listeners = new Set<LibraryListener>();
  private readonly clock: () => Date;
  /** The library last told to the listeners. */
  private told: Library | undefined;

  constructor(private readonly options: LibraryServiceOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  get(): Library {
    return { favourites: this.options.settings.get('favourites'), recents: this.options.settings.get('recentImages') };
  }

  async setFavourite(image: string, favourite: boolean): Promise<Library> {
    const stored = storedForm(image);
    const changed = await this.options.settings.update('favourites', (favourites) => {
      const without = favourites.filter((entry) => !sameImage(entry, stored));
      if (!favourite) return { value: without, result: without.length !== favourites.length };
      if (without.length !== favourites.length) return { value: favourites, result: false };
      if (favourites.length >= MAX_FAVOURITES) {
        throw new StevedoreError('LIBRARY_FULL', `You have ${MAX_FAVOURITES} favourites, the most Stevedore keeps; remove one first.`);
      }
      return { value: [...favourites, stored], result: true };
    });
    return this.changed(changed);
  }

  /** Puts the image (and platform) first among the recents; the same image and platform appears once. */
  recordPull(image: string, platform?: string): Promise<Library> {
    return this.recordPulls([{ image, platform }]);
  }

  /** Several pulls (a deploy's) in one settings update, as if recorded one by one in this order: the last ends first. */
  async recordPulls(pulls: ReadonlyArray<{ image: string; platform?: string | undefined }>): Promise<Library> {
    const at = this.clock().toISOString();
    const entries = pulls.map(({ image, platform }) => (platform ? { image: storedForm(image), platform, at } : { image: storedForm(image), at }));
    await this.options.settings.update('recentImages', (recents) => {
      let next = recents;
      for (const entry of entries) {
        next = [entry, ...next.filter((other) => !(sameImage(other.image, entry.image) && (other.platform ?? '') === (entry.platform ?? '')))];
      }
      return { value: next.slice(0, MAX_RECENTS), result: undefined };
    });
    return this.changed(true);
  }

  onChange(listener: LibraryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Tells the listeners (the `library.changed` message to every window, the tray) once per change they have not
   * seen: updates that queue while a settings write is under way (pulls that finish together) share the next write,
   * and each of them would otherwise tell the same library again. "The same" is what the windows would be sent as
   * JSON (shared/same-row.ts, the rule for the rows of a patched list; the library is one such value).
   */
  private changed(changed: boolean): Library {
    const library = this.get();
    if (changed && !sameRow(library, this.told)) {
      this.told = library;
      for (const listener of [...this.listeners]) listener(library);
    }
    return library;
  }
}

function storedForm(image: string): string {
  try {
    return parseImageReference(image).familiarReference;
  } catch (error) {
    if (error instanceof ImageReferenceError) throw new StevedoreError('REFERENCE_INVALID', error.message);
    throw error;
  }
}

/** Entries written by hand or by an older version may be spelled differently; compare what they mean. */
function sameImage(entry: string, stored: string): boolean {
  if (entry === stored) return true;
  try {
    return parseImageReference(entry).canonical === parseImageReference(stored).canonical;
  } catch {
    return false;
  }
}
