import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

/**
 * The app itself, in a chunk of its own that main.tsx loads once the first calls are out (renderer/boot.ts).
 *
 * The first render is a transition, which React renders in slices of about 5 ms: rendered at once, the shell with the
 * opened screen (and the Images rows when their list was already in) was the cold load's longest task, 90–170 ms in a
 * trace (issue 18). The first calls' answers and the frames between the slices are not held up by it.
 */
export function renderApp(container: HTMLElement): void {
  const root = createRoot(container);
  startTransition(() => {
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  });
}
