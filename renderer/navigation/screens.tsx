import type { ComponentType } from 'react';
import { ImagesIcon, PullIcon, RegistriesIcon, SettingsIcon, StacksIcon, type IconProps } from '../components';
import { ImagesScreen } from '../screens/ImagesScreen';
import { PullScreen } from '../screens/PullScreen';
import { RegistriesScreen } from '../screens/RegistriesScreen';
import { SettingsScreen } from '../screens/SettingsScreen';
import { StacksScreen } from '../screens/StacksScreen';
import type { ScreenId } from './route';
import type { ScreenProps } from './screenProps';

export interface ScreenDefinition {
  id: ScreenId;
  label: string;
  Icon: ComponentType<IconProps>;
  Screen: ComponentType<ScreenProps>;
}

/** The sidebar's order, which is also the order of the Ctrl/Cmd+1…5 shortcuts. */
export const screens: readonly ScreenDefinition[] = [
  { id: 'registries', label: 'Registries', Icon: RegistriesIcon, Screen: RegistriesScreen },
  { id: 'pull', label: 'Pull', Icon: PullIcon, Screen: PullScreen },
  { id: 'images', label: 'Images', Icon: ImagesIcon, Screen: ImagesScreen },
  { id: 'stacks', label: 'Stacks', Icon: StacksIcon, Screen: StacksScreen },
  { id: 'settings', label: 'Settings', Icon: SettingsIcon, Screen: SettingsScreen },
];

export function screenById(id: ScreenId): ScreenDefinition {
  const screen = screens.find((candidate) => candidate.id === id);
  if (!screen) throw new Error(`No screen is registered for "${id}".`);
  return screen;
}
