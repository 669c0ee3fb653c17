import type { ComponentType } from 'react';
import { ImagesIcon, PullIcon, RegistriesIcon, SettingsIcon, StacksIcon, type IconProps } from '../components';
import type { ScreenId } from './route';

export interface ScreenDefinition {
  id: ScreenId;
  label: string;
  Icon: ComponentType<IconProps>;
}

/** The sidebar's order, which is also the order of the Ctrl/Cmd+1…5 shortcuts. */
export const screens: readonly ScreenDefinition[] = [
  { id: 'registries', label: 'Registries', Icon: RegistriesIcon },
  { id: 'pull', label: 'Pull', Icon: PullIcon },
  { id: 'images', label: 'Images', Icon: ImagesIcon },
  { id: 'stacks', label: 'Stacks', Icon: StacksIcon },
  { id: 'settings', label: 'Settings', Icon: SettingsIcon },
];

export function screenById(id: ScreenId): ScreenDefinition {
  const screen = screens.find((candidate) => candidate.id === id);
  if (!screen) throw new Error(`No screen is registered for "${id}".`);
  return screen;
}
