import { useCallback, useEffect, useRef } from 'react';
import { endBootHolds } from '../boot';
import { Button, ErrorBoundary, ErrorCard, focusScreenHeading, ScreenLayout, Spinner } from '../components';
import { useRoute, type ScreenId } from '../navigation/route';
import { prefetchScreens } from '../navigation/screenModules';
import { screenById } from '../navigation/screens';
import { useScreenModule } from '../navigation/useScreenModule';
import { useScreenShortcuts } from '../navigation/shortcuts';
import { Notices } from './Notices';
import { PreviewBanner } from './PreviewBanner';
import { Sidebar } from './Sidebar';
import './AppShell.css';

export function AppShell() {
  const route = useRoute();
  const screen = screenById(route.screen);
  const mainRef = useRef<HTMLElement>(null);
  useScreenShortcuts();

  useEffect(() => {
    document.title = `${screen.label} — Stevedore`;
    mainRef.current?.scrollTo({ top: 0 });
  }, [screen.label]);

  // Once a screen is there (loaded the first time it is opened, screenModules.ts): on a switch (a sidebar link,
  // Ctrl+1–5, a link in a screen) focus would stay on the link or on nothing, so the new screen's heading gets it.
  // The screen the window opened on, shown first, leaves focus where the window puts it — unless the user switched
  // away before it loaded.
  const launchScreen = useRef(route.screen);
  const anyShown = useRef(false);
  const screenShown = useCallback((id: ScreenId) => {
    const launched = !anyShown.current && id === launchScreen.current;
    if (!anyShown.current) prefetchScreens(id);
    anyShown.current = true;
    if (!launched) focusScreenHeading();
  }, []);

  return (
    <div className="app">
      <a
        href="#main"
        className="skip-link"
        onClick={(event) => {
          // A real #main would be read as a route; focus the content instead.
          event.preventDefault();
          mainRef.current?.focus();
        }}
      >
        Skip to content
      </a>
      <PreviewBanner />
      <Notices />
      <div className="app__body">
        <Sidebar current={route.screen} />
        <main ref={mainRef} id="main" className="app__main" tabIndex={-1} data-screen={route.screen}>
          {/* Keyed by screen: a screen that failed gets a fresh start when the user comes back to it. */}
          <ErrorBoundary
            key={route.screen}
            fallback={(error, reset) => (
              <ScreenLayout id={route.screen} title={screen.label}>
                <ScreenShown id={route.screen} onShown={screenShown} />
                <ErrorCard
                  title={`The ${screen.label} screen failed`}
                  cause={error instanceof Error ? error.message : String(error)}
                  fix="Try again. The other screens still work."
                  detail={error instanceof Error ? error.stack : undefined}
                  actions={<Button onClick={reset}>Try again</Button>}
                />
              </ScreenLayout>
            )}
          >
            <OpenedScreen id={route.screen} label={screen.label} path={route.path} onShown={screenShown} />
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}

/**
 * The opened screen once its code is there (useScreenModule), and until then a frame with its title that holds the
 * layout; focus waits for the screen. A module that could not be loaded is the error boundary's to show.
 */
function OpenedScreen({ id, label, path, onShown }: { id: ScreenId; label: string; path: readonly string[]; onShown: (id: ScreenId) => void }) {
  const { Screen, error } = useScreenModule(id);
  if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
  if (!Screen) {
    return (
      <ScreenLayout id={`${id}-loading`} title={label}>
        <Spinner label={`Loading ${label}`} />
      </ScreenLayout>
    );
  }
  return (
    <>
      <Screen path={path} />
      <ScreenShown id={id} onShown={onShown} />
    </>
  );
}

/**
 * Rendered after the screen, so its effect runs once the screen is shown: `onShown`, and the stores the boot started
 * for it (renderer/boot.ts) have their readers. Let go in a task of its own, after every effect of this commit, as
 * the shell's providers above subscribe in effects that run after this one.
 */
function ScreenShown({ id, onShown }: { id: ScreenId; onShown: (id: ScreenId) => void }) {
  useEffect(() => {
    onShown(id);
    const timer = setTimeout(endBootHolds);
    return () => clearTimeout(timer);
  }, [id, onShown]);
  return null;
}
