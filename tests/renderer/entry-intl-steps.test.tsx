/**
 * The page's first Intl work (ICU's locale data, renderer/boot.ts `intlLocaleSteps`) runs in three tasks of its own
 * after the entry's first calls, then the app's chunk is asked for (issue 15/18, the Images cold load's longest task).
 * In one call, `Intl.DateTimeFormat.supportedLocalesOf`, it was one task of ~17 ms in fresh Chromium pages; in three
 * steps the largest is ~9 ms, for the same total (medians of 18 fresh pages a side, load 9-10).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanUpAfterEntry, installRecordingBridge } from './entry-support';

const done = vi.hoisted(() => [] as string[]);

vi.mock('../../renderer/navigation/screenModules', () => ({
  loadScreen: new Proxy({}, { get: () => () => new Promise(() => undefined) }),
}));
vi.mock('../../renderer/renderApp', () => {
  done.push('app chunk');
  return { renderApp: () => done.push('app rendered') };
});

afterEach(cleanUpAfterEntry);

describe("the entry's Intl steps", () => {
  it('run one task each, after the first calls, before the app’s chunk is loaded', async () => {
    vi.useFakeTimers();
    window.location.hash = '#/images';
    document.body.innerHTML = '<div id="root"></div>';
    installRecordingBridge(done);
    const maximize = Intl.Locale.prototype.maximize;
    vi.spyOn(Intl.Locale.prototype, 'maximize').mockImplementation(function (this: Intl.Locale) {
      done.push('likely subtags');
      return maximize.call(this);
    });
    const collatorLocales = Intl.Collator.supportedLocalesOf;
    vi.spyOn(Intl.Collator, 'supportedLocalesOf').mockImplementation((locales, options) => {
      done.push('collator locales');
      return collatorLocales(locales, options);
    });
    const dateTimeLocales = Intl.DateTimeFormat.supportedLocalesOf;
    vi.spyOn(Intl.DateTimeFormat, 'supportedLocalesOf').mockImplementation((locales, options) => {
      done.push('date and time locales');
      return dateTimeLocales(locales, options);
    });

    await import('../../renderer/main');
    expect(done.some((entry) => entry.startsWith('call '))).toBe(true);
    const afterEntry = done.length;

    // One timer task at a time: each runs one step and sets the next.
    const tasks: string[][] = [];
    for (let task = 0; task < 4; task += 1) {
      const before = done.length;
      await vi.advanceTimersToNextTimerAsync();
      tasks.push(done.slice(before));
    }
    expect(done.slice(0, afterEntry).filter((entry) => !entry.startsWith('call '))).toEqual([]);
    expect(tasks.slice(0, 3)).toEqual([['likely subtags'], ['collator locales'], ['date and time locales']]);
    expect(tasks[3]).toContain('app chunk');
  });
});
