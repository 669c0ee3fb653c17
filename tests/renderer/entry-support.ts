/**
 * What the entry's tests share (renderer/main.tsx, run by importing it once per test file): a bridge that records each
 * call the entry sends and never answers, and the clean-up after the entry ran.
 */
import { vi } from 'vitest';
import type { StevedoreBridge } from '../../preload/api';

/** Installs a bridge on `window` that pushes `call <name>` to `record` for every call, answering none. */
export function installRecordingBridge(record: string[]): void {
  const bridge: StevedoreBridge = {
    invoke: ((name: string) => {
      record.push(`call ${name}`);
      return new Promise(() => undefined);
    }) as StevedoreBridge['invoke'],
    on: () => () => undefined,
  };
  (window as { stevedore?: StevedoreBridge }).stevedore = bridge;
}

/** After a test of the entry: the boot's holds let go, real timers, no spies, no bridge, no route. */
export async function cleanUpAfterEntry(): Promise<void> {
  (await import('../../renderer/boot')).endBootHolds();
  vi.useRealTimers();
  vi.restoreAllMocks();
  delete (window as { stevedore?: StevedoreBridge }).stevedore;
  window.location.hash = '';
}
