import { lazy, type ComponentType } from 'react';
import { ImagesIcon, PullIcon, RegistriesIcon, SettingsIcon, StacksIcon, type IconProps } from '../components';
import type { ScreenId } from './route';
import { loadedScreen, loadScreen } from './screenModules';
import type { ScreenProps } from './screenProps';

export interface ScreenDefinition {
  id: ScreenId;
  label: string;
  Icon: ComponentType<IconProps>;
  /** Loaded when first shown (screenModules.ts): the shell renders it under Suspense. */
  Screen: ComponentType<ScreenProps>;
}

/** The screen as loaded if its code is there (no suspending, screenModules.ts `loadedScreen`), else lazily. */
function lazyScreen(id: ScreenId): ComponentType<ScreenProps> {
  const Lazy = lazy(() => loadScreen[id]().then((Screen) => ({ default: Screen })));
  return function Screen(props: ScreenProps) {
    const Loaded = loadedScreen(id);
    return Loaded ? <Loaded {...props} /> : <Lazy {...props} />;
  };
}

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
