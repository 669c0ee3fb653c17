import { askBeforeRender, loadIntlLocales } from './boot';
import { routeFromHash } from './navigation/route';
import { loadScreen } from './navigation/screenModules';
import { applyThemePreference, readThemePreference } from './theme/themePreference';
import './styles/tokens.css';
import './styles/base.css';

// Before the first render, so a chosen Light or Dark theme does not flash the OS theme first.
applyThemePreference(readThemePreference());

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');
// The opened screen's chunks are asked for first, so the preview (main and its files in one process) serves them
// before it is busy with the lists the calls below ask for. They are evaluated in a later task. A failure shows in
// the screen's error card when the screen renders.
loadScreen[routeFromHash(window.location.hash).screen]().catch(() => undefined);
// The first calls leave now, and main answers while the app's chunk loads, evaluates and renders (issue 18).
askBeforeRender(window.location.hash);
// Each step in a task of its own, so none is one long task: Intl's locale list, then the app's chunk (its
// evaluation starts in the task that imports it at the earliest).
setTimeout(() => {
  loadIntlLocales();
  setTimeout(() => {
    import('./renderApp').then(
      // In a task of its own too: the chunk's evaluation (React DOM) and the root's creation were one long task.
      ({ renderApp }) => setTimeout(() => renderApp(container)),
      (error: unknown) => {
        // A chunk missing from the install (or the preview's folder being rebuilt): say so instead of a blank window.
        container.textContent = `Stevedore could not load its window: ${error instanceof Error ? error.message : String(error)}. Reload the window; if this keeps happening, reinstall Stevedore (in preview, run npm run build again).`;
      },
    );
  });
});
