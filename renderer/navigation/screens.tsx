import { lazy, type ComponentType } from 'react';
import { ImagesIcon, PullIcon, RegistriesIcon, SettingsIcon, StacksIcon, type IconProps } from '../components';
import type { ScreenId } from './route';
import { loadScreen } from './screenModules';
import type { ScreenProps } from './screenProps';

export interface ScreenDefinition {
  id: ScreenId;
  label: string;
  Icon: ComponentType<IconProps>;
  /** Loaded when first shown (screenModules.ts): the shell renders it under Suspense. */
  Screen: ComponentType<ScreenProps>;
}

const lazyScreen = (id: ScreenId) => lazy(() => loadScreen[id]().then((Screen) => ({ default: Screen })));

/** The sidebar's order, which is also the order of the Ctrl/Cmd+1…5 shortcuts. */
export const screens: readonly ScreenDefinition[] = [
  { id: 'registries', label: 'Registries', Icon: RegistriesIcon, Screen: lazyScreen('registries') },
  { id: 'pull', label: 'Pull', Icon: PullIcon, Screen: lazyScreen('pull') },
  { id: 'images', label: 'Images', Icon: ImagesIcon, Screen: lazyScreen('images') },
  { id: 'stacks', label: 'Stacks', Icon: StacksIcon, Screen: lazyScreen('stacks') },
  { id: 'settings', label: 'Settings', Icon: SettingsIcon, Screen: lazyScreen('settings') },
];

export function screenById(id: ScreenId): ScreenDefinition {
  const screen = screens.find((candidate) => candidate.id === id);
  if (!screen) throw new Error(`No screen is registered for "${id}".`);
  return screen;
}
