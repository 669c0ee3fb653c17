import { useEffect, useRef } from 'react';
import { endBootHolds } from '../boot';
import { Button, ErrorBoundary, ErrorCard, focusScreenHeading, ScreenLayout } from '../components';
import { useRoute } from '../navigation/route';
import { screenById } from '../navigation/screens';
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

  const firstScreen = useRef(true);
  useEffect(() => {
    document.title = `${screen.label} — Stevedore`;
    mainRef.current?.scrollTo({ top: 0 });
    // On a switch (a sidebar link, Ctrl+1–5, a link in a screen) focus would stay on the link or on nothing:
    // the new screen's heading gets it. The first screen of a launch leaves focus where the window puts it.
    if (firstScreen.current) firstScreen.current = false;
    else focusScreenHeading();
  }, [screen.label]);

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
                <ScreenShown />
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
            <screen.Screen path={route.path} />
            <ScreenShown />
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}

/**
 * Rendered after the screen: once it is shown, the stores the boot started for it (renderer/boot.ts) have their
 * readers. Let go in a task of its own, after every effect of this commit, as the shell's providers above subscribe
 * in effects that run after this one.
 */
function ScreenShown() {
  useEffect(() => {
    const timer = setTimeout(endBootHolds);
    return () => clearTimeout(timer);
  }, []);
  return null;
}
