/**
 * Hash routing (`#/pull`, `#/pull/<id>`): a reload keeps the screen, the packaged app:// page and the preview
 * URL's query string are never touched, and no router library is needed for five screens.
 */
import { useMemo, useSyncExternalStore } from 'react';

const screenIds = ['registries', 'pull', 'images', 'stacks', 'settings'] as const;
export type ScreenId = (typeof screenIds)[number];

/** Opening the app lands on Pull, the task people open it for. */
const defaultScreenId: ScreenId = 'pull';

export interface Route {
  screen: ScreenId;
  /** Segments after the screen's own, decoded: `#/pull/p%201` → ['p 1']. */
  path: readonly string[];
}

function isScreenId(value: string): value is ScreenId {
  return (screenIds as readonly string[]).includes(value);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The route a location hash names (`window.location.hash`). */
export function routeFromHash(hash: string): Route {
  // Anything not shaped like a route (no hash, or an in-page anchor) shows the default screen.
  if (!hash.startsWith('#/')) return { screen: defaultScreenId, path: [] };
  const [first = '', ...rest] = hash.slice(2).split('/').filter(Boolean).map(decodeSegment);
  return isScreenId(first) ? { screen: first, path: rest } : { screen: defaultScreenId, path: [] };
}

/** The href for a screen, for real links: `<a href={hrefFor('pull', pullId)}>`. */
export function hrefFor(screen: ScreenId, ...path: readonly string[]): string {
  return `#/${[screen, ...path].map(encodeURIComponent).join('/')}`;
}

export function navigate(screen: ScreenId, ...path: readonly string[]): void {
  window.location.hash = hrefFor(screen, ...path);
}

function subscribeToHash(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const readHash = (): string => window.location.hash;

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribeToHash, readHash);
  return useMemo(() => routeFromHash(hash), [hash]);
}
