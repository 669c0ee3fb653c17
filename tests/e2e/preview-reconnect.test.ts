/**
 * The preview's socket drops and comes back (the page's own transport reopens it): a change main made during the
 * gap (its event was lost with the socket) shows without a reload, because the page's live stores ask again on
 * `connection.restored`.
 */
import type { WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_BRIDGE_PATH } from '../../preload/transports/websocket-protocol';
import { launchApp, type RunningApp } from './harness';

describe('preview reconnect', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await launchApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('after the socket dropped and reopened, the Registries screen shows a registry added during the gap', async () => {
    const { page, preview } = app;
    // Every socket of the page goes through a route the test can cut, as a network drop would.
    const routes: Array<{ page: WebSocketRoute; server: WebSocketRoute }> = [];
    await page.routeWebSocket((url) => url.pathname === PREVIEW_BRIDGE_PATH, (route) => {
      routes.push({ page: route, server: route.connectToServer() });
    });
    await page.reload();
    await page.getByTestId('nav-registries').click();
    await page.getByTestId('screen-registries').waitFor();
    await expect.poll(() => routes.length).toBe(1);

    // The drop: main sees the socket go, the page sees it close and reconnects after a second.
    await routes[0]?.server.close();
    await routes[0]?.page.close({ code: 1001, reason: 'network gone' });
    await preview.core.registries.add({ name: 'Added while away', address: 'away.example.com', patterns: [], isDefault: false });

    await expect.poll(() => routes.length, { timeout: 20_000 }).toBe(2);
    await expect.poll(() => page.getByTestId('screen-registries').textContent(), { timeout: 20_000 }).toContain('Added while away');
  });
});
