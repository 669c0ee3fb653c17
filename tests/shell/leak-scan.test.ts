/**
 * The canary of tests/integration/reliability/leak-scan.test.ts through the Electron shell: everything main sends
 * to the window (`webContents.send`) and every answer to an invoke is searched for it in every encoding
 * (tests/support/canary.ts). The engine is unreachable here, so the calls that use the secret fail — the paths
 * where a secret most often ends up in an error message.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-double'));

import { callChannel, eventChannel } from '../../preload/api';
import { canaryForms, leakedForms, makeCanary } from '../support/canary';
import { waitFor } from '../support/wait-for';
import { ipcMain } from './electron-double';
import { startShell, stopShells } from './harness';

afterEach(stopShells);

const CANARY = makeCanary();
const USER = 'canary-user';
const FORMS = canaryForms(CANARY, USER);

describe('a canary password through the Electron shell', () => {
  it('never reaches the window, in any encoding', async () => {
    const { contents } = await startShell();
    const invoke = async (name: Parameters<typeof callChannel>[0], request: unknown) => contents.invoke(callChannel(name), [request]) as Promise<{ ok: boolean; value?: { id?: string } }>;
    const input = { name: 'Canary', address: 'registry.example.com:5000', username: USER, secret: CANARY, patterns: ['team/**'], isDefault: false };

    const added = await invoke('registries.add', input);
    expect(added).toMatchObject({ ok: true, value: { name: 'Canary', hasSecret: true } });
    const id = added.value?.id;
    await invoke('registries.validate', { input, id });
    await invoke('registries.update', { ...input, id, secret: `${CANARY}-2` });
    await invoke('registries.test', { id });
    await invoke('registries.explain', { image: 'registry.example.com:5000/team/app:1.0' });
    const stored = await invoke('pulls.start', { image: 'registry.example.com:5000/team/app:1.0' });
    const oneTime = await invoke('pulls.start', { image: 'registry.example.com:5000/other/app:1.0', oneTimeCredentials: { username: USER, password: CANARY } });
    const finals = () =>
      contents.sent.filter(
        (message) =>
          message.channel === eventChannel('pulls.progress') &&
          [stored.value?.id, oneTime.value?.id].includes((message.args[0] as { id: string }).id) &&
          (message.args[0] as { state: string }).state === 'failed',
      );
    await waitFor(() => finals().length === 2, 'both pulls to fail (the engine is unreachable)');
    for (const name of ['registries.list', 'pulls.list', 'settings.get', 'notices.list'] as const) await invoke(name, undefined);

    // The captures hold what a session shows (so an empty capture cannot pass for a clean one)…
    expect(ipcMain.replies.length).toBeGreaterThan(8);
    expect(JSON.stringify(ipcMain.replies)).toContain('Canary');
    expect(finals()).toHaveLength(2);
    // …and not the canary, in any form.
    expect(leakedForms(JSON.stringify(ipcMain.replies), FORMS)).toEqual([]);
    expect(leakedForms(JSON.stringify(contents.sent), FORMS)).toEqual([]);
  });
});
