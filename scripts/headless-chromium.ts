/**
 * One way to start Debian's Chromium headless, for everything here that drives a browser: the icon renderers
 * (scripts/icons.ts, scripts/tray-icons.ts), the end-to-end harness (tests/e2e/harness.ts) and the benchmarks
 * (bench/lib/browser.ts). STEVEDORE_CHROMIUM overrides /usr/bin/chromium.
 */
import { chromium, type Browser } from 'playwright-core';

/**
 * No sandbox (containers and CI runners often cannot give Chromium one), no GPU, and nothing that phones home,
 * syncs or updates itself (QUIC included): a run depends on nothing outside the machine.
 */
const HEADLESS_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchHeadlessChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.STEVEDORE_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: HEADLESS_CHROMIUM_ARGS,
  });
}
