import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-double'));

import { callChannel, eventChannel } from '../../preload/api';
import { double, safeStorage, settle } from './electron-double';
import { startShell, stopShells } from './harness';

afterEach(stopShells);

const SECRET = 'hunter2-registry-password';
const registry = { name: 'Example', address: 'registry.example.com', username: 'me', secret: SECRET, patterns: [], isDefault: false };

/** The shell with a keyring that does not answer (a Keychain prompt nobody answered, a locked GNOME Keyring). */
async function startWithSilentKeyring(options: { keyringTimeoutMs?: number } = {}) {
  return startShell(options, () => {
    safeStorage.keyringAnswers = false;
  });
}

describe('a keyring that does not answer', () => {
  it('does not keep the window from opening, and the contract answers calls that need no secret', async () => {
    const { window, contents } = await startWithSilentKeyring();
    expect(double.windows).toHaveLength(1);
    expect(window.loadedUrl).toBe('app://stevedore/index.html');
    expect(await contents.invoke(callChannel('settings.get'), [undefined])).toMatchObject({ ok: true });
    expect(await contents.invoke(callChannel('registries.list'), [undefined])).toEqual({ ok: true, value: [] });
    expect(await contents.invoke(callChannel('engine.status'), [undefined])).toMatchObject({ ok: true });
  });

  it('is shown while it is being asked: app.info says waiting, and a notice says why', async () => {
    const { contents } = await startWithSilentKeyring();
    expect(await contents.invoke(callChannel('app.info'), [undefined])).toMatchObject({
      ok: true,
      value: { secretStorage: { kind: 'waiting', description: expect.stringMatching(/password prompt may be open/) } },
    });
    const notices = (await contents.invoke(callChannel('notices.list'), [undefined])) as { value: Array<{ id: string; title: string }> };
    expect(notices.value).toEqual([expect.objectContaining({ id: 'secret-storage-waiting', title: 'Waiting for the system keyring…' })]);
  });

  it('once it answers, the renderer is told the new protection and the notice goes', async () => {
    const { contents } = await startWithSilentKeyring();
    safeStorage.answerNow();
    await settle();
    const infoEvents = contents.sent.filter((message) => message.channel === eventChannel('app.info'));
    expect(infoEvents.at(-1)?.args[0]).toMatchObject({ secretStorage: { kind: process.platform === 'linux' ? 'unknown' : 'os-keyring' } });
    const noticeEvents = contents.sent.filter((message) => message.channel === eventChannel('notices.changed'));
    expect(noticeEvents.at(-1)?.args[0]).toEqual([]);
    expect(await contents.invoke(callChannel('notices.list'), [undefined])).toEqual({ ok: true, value: [] });
  });

  it('a call that needs a secret waits for the answer, then goes on', async () => {
    const { contents } = await startWithSilentKeyring();
    const adding = contents.invoke(callChannel('registries.add'), [registry]);
    let answered = false;
    void adding.then(() => (answered = true));
    await settle();
    expect(answered).toBe(false);
    safeStorage.answerNow();
    expect(await adding).toMatchObject({ ok: true, value: { name: 'Example', hasSecret: true } });
  });

  it('a password saved while waiting still needs consent when the keyring answers that there is none (basic_text)', async () => {
    const { contents } = await startWithSilentKeyring();
    safeStorage.backend = 'basic_text';
    const adding = contents.invoke(callChannel('registries.add'), [registry]);
    await settle();
    safeStorage.answerNow();
    expect(await adding).toMatchObject({ ok: false, error: { code: 'REGISTRY_INVALID' } });
    expect(await contents.invoke(callChannel('registries.list'), [undefined])).toEqual({ ok: true, value: [] });
    const consented = await contents.invoke(callChannel('registries.add'), [{ ...registry, allowWeakSecretStorage: true }]);
    expect(consented).toMatchObject({ ok: true, value: { hasSecret: true } });
  });

  it('a call that needs a secret fails clearly when the keyring has not answered in time, and nothing is stored', async () => {
    const { contents } = await startWithSilentKeyring({ keyringTimeoutMs: 20 });
    const result = (await contents.invoke(callChannel('registries.add'), [registry])) as { ok: false; error: { code: string; message: string } };
    expect(result).toMatchObject({ ok: false, error: { code: 'SECRET_STORAGE_NO_ANSWER' } });
    expect(result.error.message).toMatch(/system keyring did not answer/);
    expect(result.error.message).toMatch(/password prompt/);
    expect(result.error.message).not.toContain(SECRET);
    expect(await contents.invoke(callChannel('registries.list'), [undefined])).toEqual({ ok: true, value: [] });
    // The notice now says it did not answer, and what to do.
    const notices = (await contents.invoke(callChannel('notices.list'), [undefined])) as { value: Array<{ id: string; level: string }> };
    expect(notices.value).toEqual([expect.objectContaining({ id: 'secret-storage-no-answer', level: 'warning' })]);
  });
});
