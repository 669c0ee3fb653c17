/**
 * Each screen's module, loaded when the screen is first opened (issue 18, the Images cold load: the page evaluated
 * every screen's code before showing one). A chunk of its own per screen; the shell renders the opened one once its
 * module is there (useScreenModule.ts), and main.tsx starts loading it beside the app's chunk. No React here: the
 * entry chunk imports this.
 */
import type { ComponentType } from 'react';
import type { ScreenId } from './route';
import type { ScreenProps } from './screenProps';

const loaded = new Map<ScreenId, ComponentType<ScreenProps>>();

/** Loads a screen's module, and keeps its component for `loadedScreen`. */
function remember(id: ScreenId, load: () => Promise<ComponentType<ScreenProps>>): () => Promise<ComponentType<ScreenProps>> {
  return () =>
    load().then((Screen) => {
      loaded.set(id, Screen);
      return Screen;
    });
}

export const loadScreen: Record<ScreenId, () => Promise<ComponentType<ScreenProps>>> = {
  registries: remember('registries', () => import('../screens/RegistriesScreen').then((module) => module.RegistriesScreen)),
  pull: remember('pull', () => import('../screens/PullScreen').then((module) => module.PullScreen)),
  images: remember('images', () => import('../screens/ImagesScreen').then((module) => module.ImagesScreen)),
  stacks: remember('stacks', () => import('../screens/StacksScreen').then((module) => module.StacksScreen)),
  settings: remember('settings', () => import('../screens/SettingsScreen').then((module) => module.SettingsScreen)),
};

/** The screen's component once its module has loaded: rendered in the same render that asks (useScreenModule.ts). */
export function loadedScreen(id: ScreenId): ComponentType<ScreenProps> | undefined {
  return loaded.get(id);
}

/** Runs `task` when the window is idle (at the latest after 200 ms: a busy page may never be idle), between frames. */
function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 200 });
  else setTimeout(task, 50);
}

/**
 * Loads the code of every screen but `shown` once the first screen is there and the window is idle: the boot stays
 * small, and the first switch to another screen does not wait for its chunk (a stack's logs opened from the Pull
 * screen took 453 ms to paint instead of 187 while the Stacks chunk came from a busy preview). Each module is
 * evaluated in a task of its own as it arrives. A chunk that fails to load here is asked again when its screen
 * opens, where the screen's error card says why.
 */
export function prefetchScreens(shown: ScreenId): void {
  whenIdle(() => {
    for (const id of Object.keys(loadScreen) as ScreenId[]) {
      if (id !== shown) loadScreen[id]().catch(() => undefined);
    }
  });
}
