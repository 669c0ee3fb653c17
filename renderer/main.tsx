import { askBeforeRender, intlLocaleSteps } from './boot';
import { routeFromHash } from './navigation/route';
import { loadScreen } from './navigation/screenModules';
import { applyThemePreference, readThemePreference } from './theme/themePreference';
import './styles/tokens.css';
import './styles/base.css';

// The first calls leave first, and main answers while the app's chunk loads, evaluates and renders (issue 18). In the
// preview, when the socket is already open, nothing below delays them: the stored theme's read is a fresh page's
// first localStorage access, a synchronous round trip to the browser's storage.
askBeforeRender(window.location.hash);
// Before the first render, so a chosen Light or Dark theme does not flash the OS theme first.
applyThemePreference(readThemePreference());

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');
// The opened screen's chunk is asked for now, beside the app's (index.html preloads that one), and evaluated in a
// later task. A failure shows in the screen's error card when the screen renders.
loadScreen[routeFromHash(window.location.hash).screen]().catch(() => undefined);
/** Runs each step in a task of its own, in order: none of them makes one long task with another. */
function inTasksOfTheirOwn(steps: ReadonlyArray<() => void>): void {
  const [step, ...rest] = steps;
  if (step) {
    setTimeout(() => {
      step();
      inTasksOfTheirOwn(rest);
    });
  }
}

// Intl's locale data in steps, then the app's chunk (its evaluation starts in the task that imports it at the
// earliest).
inTasksOfTheirOwn([
  ...intlLocaleSteps,
  () => {
    import('./renderApp').then(
      // In a task of its own too: the chunk's evaluation (React DOM) and the root's creation were one long task.
      ({ renderApp }) => setTimeout(() => renderApp(container)),
      (error: unknown) => {
        // A chunk missing from the install (or the preview's folder being rebuilt): say so instead of a blank window.
        container.textContent = `Stevedore could not load its window: ${error instanceof Error ? error.message : String(error)}. Reload the window; if this keeps happening, reinstall Stevedore (in preview, run npm run build again).`;
      },
    );
  },
]);
