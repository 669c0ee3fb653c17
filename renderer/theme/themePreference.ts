/**
 * The colour theme is a UI preference of this machine's user, not app data, so it lives in localStorage rather
 * than in main's settings. It is applied as `data-theme` on <html>; the stylesheet does the rest.
 */
import { useCallback, useSyncExternalStore } from 'react';

const themePreferences = ['system', 'light', 'dark'] as const;
export type ThemePreference = (typeof themePreferences)[number];

const STORAGE_KEY = 'stevedore.theme';
const listeners = new Set<() => void>();

function isThemePreference(value: unknown): value is ThemePreference {
  return typeof value === 'string' && (themePreferences as readonly string[]).includes(value);
}

export function readThemePreference(): ThemePreference {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return isThemePreference(stored) ? stored : 'system';
  } catch {
    // Storage can be disabled (or throw in an opaque origin); the OS theme is a fine fallback.
    return 'system';
  }
}

export function applyThemePreference(preference: ThemePreference): void {
  document.documentElement.dataset.theme = preference;
}

function saveThemePreference(preference: ThemePreference): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, preference);
  } catch {
    // Not remembered across reloads, but still applied now.
  }
  applyThemePreference(preference);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  // Another window of the app changing the theme arrives as a storage event.
  const onStorage = (event: StorageEvent): void => {
    if (event.key !== STORAGE_KEY) return;
    applyThemePreference(readThemePreference());
    listener();
  };
  listeners.add(listener);
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function useThemePreference(): [ThemePreference, (preference: ThemePreference) => void] {
  const preference = useSyncExternalStore(subscribe, readThemePreference);
  const setPreference = useCallback((next: ThemePreference) => saveThemePreference(next), []);
  return [preference, setPreference];
}
