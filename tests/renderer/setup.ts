/**
 * Set-up for the renderer suite (happy-dom): Testing Library's cleanup after each test and the limit of its waits,
 * and the two browser features happy-dom lacks that the components use (the <dialog> element's modal methods,
 * matchMedia).
 */
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// waitFor and findBy* wait for a condition; their limit only ends a test that can never pass (as tests/support/wait-for.ts).
// Answers from the real core (settings written with fsync, the registry form's pause in typing) took up to 2.2 s on two
// loaded cores: Testing Library's 1 s default failed two tests there. (The tests' own limit: vitest.config.ts.)
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
});

const dialog = globalThis.HTMLDialogElement?.prototype as (HTMLDialogElement & { showModal?: () => void }) | undefined;
if (dialog && typeof dialog.showModal !== 'function') {
  dialog.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  dialog.close = function close(this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
}
