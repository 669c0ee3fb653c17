/**
 * The log view at real sizes (issue 15 item 2, issue 18 item 5): only the lines in view are in the page, and a
 * stream read again (Read again, a new service, a reconnect) never shows a line twice — not even when a batch of the
 * stream it replaced arrives late, before or after main names the new stream.
 */
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StevedoreBridge } from '../../preload/api';
import { LogView } from '../../renderer/components/LogView';
import { LogsCard } from '../../renderer/stacks/LogsCard';
import { installLogBridge, layOutLogView, undoLogLayout } from './log-view-support';

beforeEach(() => {
  layOutLogView();
});
afterEach(() => {
  undoLogLayout();
  delete (window as { stevedore?: StevedoreBridge }).stevedore;
});

describe('LogView with 5,000 lines', () => {
  it('puts only the lines in view in the page, each once', () => {
    const lines = Array.from({ length: 5000 }, (_, index) => ({ key: index, text: `line ${index}` }));
    render(<LogView label="Logs of web" lines={lines} data-testid="panel" />);
    const panel = screen.getByTestId('panel');
    expect(panel.dataset.lines).toBe('5000');
    const texts = [...panel.querySelectorAll('.log-view__text')].map((text) => text.textContent);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.length).toBeLessThan(100);
    expect(new Set(texts).size).toBe(texts.length);
  });
});

/** A bridge whose follow calls answer stream-1, stream-2…, when the test says; `send` raises `stacks.log`. */
function installBridge() {
  const pendingFollows: Array<() => void> = [];
  let streams = 0;
  const emit = installLogBridge((name: string) => {
    if (name === 'stacks.logs.stop') return Promise.resolve({ ok: true, value: { stopped: true } });
    if (name !== 'stacks.logs.follow') throw new Error(`unexpected call ${name}`);
    const streamId = `stream-${++streams}`;
    return new Promise((resolve) => pendingFollows.push(() => resolve({ ok: true, value: { streamId } })));
  });
  const send = (streamId: string, texts: string[]) =>
    act(() => emit({ streamId, lines: texts.map((text) => ({ container: 'shop-web-1', stream: 'stdout', text })) }));
  return { send, answerFollow: async () => act(async () => pendingFollows.shift()?.()) };
}

const shownLines = () => [...screen.getByTestId('logs-panel').querySelectorAll('.log-view__text')].map((text) => text.textContent);

describe('Logs card read again', () => {
  it('shows each line once when the replaced stream’s batches arrive late', async () => {
    const bridge = installBridge();
    render(<LogsCard stackId="app:shop" services={['web']} />);
    await bridge.answerFollow();
    bridge.send('stream-1', ['one', 'two', 'three']);
    await waitFor(() => expect(shownLines()).toEqual(['one', 'two', 'three']));

    await userEvent.setup().click(within(document.body).getByRole('button', { name: 'Read again' }));
    // The old stream is still writing while main opens the new one, and after.
    bridge.send('stream-1', ['four']);
    bridge.send('stream-2', ['one', 'two', 'three', 'four']);
    await bridge.answerFollow();
    bridge.send('stream-1', ['five']);
    bridge.send('stream-2', ['five']);
    await waitFor(() => expect(shownLines()).toEqual(['one', 'two', 'three', 'four', 'five']));
  });
});
