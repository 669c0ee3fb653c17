/**
 * Each screen's module, loaded when the screen is first opened (issue 18, the Images cold load: the page evaluated
 * every screen's code before showing one). A chunk of its own per screen; screens.tsx renders them lazily, and
 * main.tsx starts loading the opened one beside the app's chunk. No React here: the entry chunk imports this.
 */
import type { ComponentType } from 'react';
import type { ScreenId } from './route';
import type { ScreenProps } from './screenProps';

export const loadScreen: Record<ScreenId, () => Promise<ComponentType<ScreenProps>>> = {
  registries: () => import('../screens/RegistriesScreen').then((module) => module.RegistriesScreen),
  pull: () => import('../screens/PullScreen').then((module) => module.PullScreen),
  images: () => import('../screens/ImagesScreen').then((module) => module.ImagesScreen),
  stacks: () => import('../screens/StacksScreen').then((module) => module.StacksScreen),
  settings: () => import('../screens/SettingsScreen').then((module) => module.SettingsScreen),
};
