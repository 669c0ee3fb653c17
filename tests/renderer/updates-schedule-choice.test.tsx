/**
 * Settings → Updates: a choice shows at once, while main writes it to disk (an fsync on a busy disk takes tens of
 * milliseconds or more), and goes back to what is stored, with the reason, when main could not save it.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Settings, StevedoreBridge } from '../../preload/api';
import { UpdatesCard } from '../../renderer/settings/UpdatesCard';
import { UpdatesProvider } from '../../renderer/updates/useUpdates';
import { startWorld } from './harness';

/** Holds main's answers to `settings.update` until the test lets each one go, with main's answer or a failure. */
function holdSettingsUpdates(bridge: StevedoreBridge): { waiting: () => number; answer: () => void; fail: (message: string) => void } {
  const held: Array<{ answer: () => void; fail: (message: string) => void }> = [];
  const window_ = window as { stevedore?: StevedoreBridge };
  window_.stevedore = {
    on: (name, listener) => bridge.on(name, listener),
    invoke: ((name: Parameters<StevedoreBridge['invoke']>[0], request: never) => {
      if (name !== 'settings.update') return bridge.invoke(name, request);
      return new Promise<unknown>((resolve) => {
        held.push({
          answer: () => void bridge.invoke(name, request).then(resolve),
          fail: (message) => resolve({ ok: false, error: { code: 'SETTINGS_WRITE_FAILED', message } }),
        });
      });
    }) as StevedoreBridge['invoke'],
  };
  return {
    waiting: () => held.length,
    answer: () => held.shift()?.answer(),
    fail: (message) => held.shift()?.fail(message),
  };
}

async function storedSettings(bridge: StevedoreBridge): Promise<Settings> {
  const answer = await bridge.invoke('settings.get', undefined);
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value;
}

/** The Updates card over the real core, with main's answers to its saves held until the test lets each go. */
async function renderCardWithSavesHeld() {
  const world = startWorld();
  const main = holdSettingsUpdates(world.bridge);
  render(
    <UpdatesProvider>
      <UpdatesCard initial={await storedSettings(world.bridge)} />
    </UpdatesProvider>,
  );
  return { world, main, card: screen.getByTestId('settings-updates') };
}

describe('Settings → Updates: the schedule choice', () => {
  it('shows the chosen schedule while main saves it, and says Saved once it is stored', async () => {
    const { world, main, card } = await renderCardWithSavesHeld();
    const daily = within(card).getByRole('radio', { name: 'Daily' }) as HTMLInputElement;
    await userEvent.setup().click(daily);
    await waitFor(() => expect(main.waiting()).toBe(1));
    expect(daily.checked).toBe(true);
    expect(within(card).getByRole('status').textContent).toBe('');

    main.answer();
    await waitFor(() => expect(within(card).getByRole('status').textContent).toBe('Saved.'));
    expect(daily.checked).toBe(true);
    expect((await storedSettings(world.bridge)).updateSchedule).toBe('daily');
  });

  it('goes back to the stored schedule and says why when main could not save the choice', async () => {
    const { world, main, card } = await renderCardWithSavesHeld();
    const off = within(card).getByRole('radio', { name: 'Off' }) as HTMLInputElement;
    const hourly = within(card).getByRole('radio', { name: 'Hourly' }) as HTMLInputElement;
    const notify = within(card).getByRole('checkbox', { name: 'Notify me when new updates are found' }) as HTMLInputElement;
    await userEvent.setup().click(hourly);
    await waitFor(() => expect(main.waiting()).toBe(1));
    expect(hourly.checked).toBe(true);

    main.fail('The settings file could not be written: the disk is full.');
    await waitFor(() => expect(within(card).getByRole('alert').textContent).toContain('the disk is full'));
    expect(off.checked).toBe(true);
    expect(hourly.checked).toBe(false);
    expect(notify.checked).toBe(false);
    expect((await storedSettings(world.bridge)).updateSchedule).toBe('off');
  });
});
