/**
 * The window's first calls, sent before the app's code is loaded (issue 18, the Images cold load). They used to
 * leave from the effects of the first render — after the whole bundle's evaluation, that render and its commit,
 * ~300 ms after navigation — and main took 60–110 ms more to answer `images.list`. main.tsx calls
 * `askBeforeRender` from the small entry chunk and then loads the app, so main answers while the page evaluates
 * and renders the shell.
 *
 * The calls are the stores' own (a live store asks when its first reader arrives, renderer/bridge/liveStore.ts):
 * the boot is that first reader, so the components that read the store later find it asking or answered, and
 * nothing is asked twice. The boot holds each store (renderer/bridge/liveStore.ts `hold`) and lets go once the
 * screen is shown (`endBootHolds`, from AppShell), after the components' own subscriptions, so a store no screen
 * reads stops following main as it always did.
 *
 * This module and what it imports are in the entry chunk, evaluated before any call can leave: keep them small,
 * and keep out modules that build Intl formatters when evaluated (the first one costs tens of milliseconds).
 */
import { livePatchedListStore, liveValueStore } from './bridge';
import type { HoldRelease } from './bridge/liveStore';
import { routeFromHash, type ScreenId } from './navigation/route';
import { pullStore } from './pull/pullStore';
import { updatesStore } from './updates/useUpdates';

interface Followed {
  hold: () => HoldRelease;
}

/**
 * Read by the shell whatever the screen: the update view (UpdatesProvider), the engine status, main's notices, the
 * pulls (the sidebar's indicator) and the app's information (the preview banner). Asked by the shell's first render
 * instead, the last two were answered in the middle of the Images rows' first render, and each answer (an update of
 * higher priority than that transition) made React throw the rows' render away and start again (session 10: two
 * renders of the list in 3 of 3 traced cold loads, 14–46 ms of the page's CPU discarded).
 */
const shellStores = (): Followed[] => [
  updatesStore(),
  liveValueStore('engine.status', 'engine.status'),
  liveValueStore('notices.list', 'notices.changed'),
  pullStore,
  liveValueStore('app.info', 'app.info'),
];

/** Read by a screen as soon as it is shown, with answers large enough to be worth asking early. */
const screenStores: Partial<Record<ScreenId, () => Followed[]>> = {
  images: () => [livePatchedListStore('images.list', 'images.changed')],
};

const holds: HoldRelease[] = [];

/** Starts the stores the shell and the screen of `hash` read. Without a bridge it does nothing: the app says why. */
export function askBeforeRender(hash: string): void {
  if (!window.stevedore) return;
  const { screen } = routeFromHash(hash);
  const stores = [...(screenStores[screen]?.() ?? []), ...shellStores()];
  for (const store of stores) holds.push(store.hold());
}

/** Lets go of the boot's holds; called once the first screen (or its error) is shown. */
export function endBootHolds(): void {
  for (const release of holds.splice(0)) release();
}

/**
 * The page's first Intl.DateTimeFormat or NumberFormat makes V8 list the locales ICU has, once per process: 65 ms
 * on the loaded 2-core bench, after which the app's own formatters take under 3 ms (measured in Chromium, Intl.*
 * made in turn in fresh pages). renderer/format.ts makes its formatter when its module is evaluated, which put that
 * cost inside the app chunk's evaluation, the cold load's longest task (issue 18). main.tsx runs these steps after
 * the first calls left, each in a task of its own, so none of them is one long task and none waits for a list main
 * is sending. In one step (`Intl.DateTimeFormat.supportedLocalesOf` alone) the work was one task of ~17 ms in fresh
 * Chromium pages; in these three the largest is ~9 ms (likely subtags ~5, the collator's list with what the lists
 * share ~9, the date formats' ~2.5), for the same total. The collator's list is the one shared/image-order.ts needs.
 */
export const intlLocaleSteps: ReadonlyArray<() => void> = [
  () => new Intl.Locale('en').maximize(),
  () => Intl.Collator.supportedLocalesOf(navigator.languages),
  () => Intl.DateTimeFormat.supportedLocalesOf(navigator.languages),
];
