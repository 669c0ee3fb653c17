import { useEffect } from 'react';
import { focusScreenHeading } from '../components/ScreenLayout';
import { navigate, routeFromHash } from './route';
import { screens } from './screens';

/** Only for the label next to each item: which modifier this keyboard calls it. */
const isApplePlatform = /Mac|iPhone|iPad/.test(navigator.userAgent);

export function shortcutLabel(position: number): string {
  return isApplePlatform ? `⌘${position}` : `Ctrl+${position}`;
}

/** The aria-keyshortcuts value for screen `position` (1-based); either modifier works everywhere. */
export function shortcutKeys(position: number): string {
  return `Control+${position} Meta+${position}`;
}

function digitOf(event: KeyboardEvent): number | undefined {
  // `code` also works on layouts where the digit row needs Shift (AZERTY); `key` covers the number pad.
  const match = /^(?:Digit|Numpad)([1-9])$/.exec(event.code) ?? /^([1-9])$/.exec(event.key);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * Ctrl+1…5 (Cmd on macOS) switch screens, in sidebar order. The shortcut of the screen already open does what opening
 * it does (AppShell.tsx): focus goes to its heading, so the keys always land the keyboard at a screen's top.
 */
export function useScreenShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.defaultPrevented) return;
      const digit = digitOf(event);
      const screen = digit === undefined ? undefined : screens[digit - 1];
      if (!screen) return;
      // Switching screens behind an open dialog would leave it pointing at the wrong thing.
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      if (routeFromHash(window.location.hash).screen === screen.id) focusScreenHeading();
      else navigate(screen.id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
