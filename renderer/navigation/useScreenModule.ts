import { useEffect, useState, type ComponentType } from 'react';
import type { ScreenId } from './route';
import { loadedScreen, loadScreen } from './screenModules';
import type { ScreenProps } from './screenProps';

/** A screen's module as far as it has come: its component, why it could not be loaded, or neither yet. */
export interface ScreenModule {
  Screen?: ComponentType<ScreenProps>;
  error?: unknown;
}

/**
 * The screen's component, its module loaded the first time the screen is asked for. Not React.lazy under Suspense:
 * React reveals content that suspended no sooner than 300 ms after its fallback was shown (its throttle on Suspense
 * retries), so a screen whose chunk arrived just after the shell's first render stayed behind its loading frame for
 * 300 ms (issue 18: the first cold load of a bench run, 530 ms where the others took 280); and React.lazy keeps a
 * failed load failed, so the screen's Try again could not load it again. A load is asked for by each mount: the
 * shell's error boundary mounts its screen afresh on Try again.
 */
export function useScreenModule(id: ScreenId): ScreenModule {
  const [arrived, setArrived] = useState<ScreenModule & { id: ScreenId }>();
  const known = loadedScreen(id);
  useEffect(() => {
    if (known) return;
    let current = true;
    loadScreen[id]().then(
      (Screen) => current && setArrived({ id, Screen }),
      (error: unknown) => current && setArrived({ id, error }),
    );
    return () => {
      current = false;
    };
  }, [id, known]);
  if (known) return { Screen: known };
  return arrived?.id === id ? arrived : {};
}
