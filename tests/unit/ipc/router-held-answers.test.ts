/**
 * An answer main holds unchanged for every window — the Images list at one version, 464 KB at 2,000 images — is
 * shaped by its response schema once, not once per window (about 7 ms of main's thread at 2,000 images each time).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { calls, type ImageList, type ImageView } from '../../../preload/api';
import { createBridge } from '../../../preload/bridge';
import { createRouter } from '../../../main/core/ipc/router';
import { handlersWith } from '../../support/handlers';
import { createMemoryMain } from '../../support/memory-transport';

const image = (id: string): ImageView => ({ id, tags: [`app:${id}`], digests: [], sizeBytes: 1, createdAt: '2026-11-30T00:00:00.000Z', containers: 0 });

function windowsOf(answer: () => ImageList) {
  const main = createMemoryMain();
  const trusted = [{ id: 'window-1' }, { id: 'window-2' }];
  createRouter({ transport: main.transport, isTrustedSender: (sender) => trusted.includes(sender), handlers: handlersWith({ 'images.list': answer }) });
  return trusted.map((sender) => createBridge(main.connect(sender).renderer));
}

afterEach(() => vi.restoreAllMocks());

describe('answers main holds for every window', () => {
  it('a frozen answer is shaped once, and every window gets the same shaped value', async () => {
    const held: ImageList = Object.freeze({ feed: 'feed-1', version: 3, items: Object.freeze([image('a'), image('b')]) as ImageView[] });
    const shape = vi.spyOn(calls['images.list'].response, 'parse');
    const [first, second] = windowsOf(() => held);
    const answers = [await first!.invoke('images.list', undefined), await second!.invoke('images.list', undefined), await first!.invoke('images.list', undefined)];
    expect(shape).toHaveBeenCalledTimes(1);
    for (const answer of answers) expect(answer).toEqual({ ok: true, value: held });
  });

  it('still strips what the schema does not declare from a frozen answer', async () => {
    const held = Object.freeze({ feed: 'feed-1', version: 1, items: [image('a')], secret: 'never sent' }) as ImageList;
    const [window] = windowsOf(() => held);
    const answer = await window!.invoke('images.list', undefined);
    expect(answer).toEqual({ ok: true, value: { feed: 'feed-1', version: 1, items: [image('a')] } });
  });

  it('an answer that is not frozen is shaped every time (a handler may change an object it answered before)', async () => {
    const changing: ImageList = { feed: 'feed-1', version: 1, items: [image('a')] };
    const shape = vi.spyOn(calls['images.list'].response, 'parse');
    const [window] = windowsOf(() => changing);
    await window!.invoke('images.list', undefined);
    changing.items.push(image('b'));
    const second = await window!.invoke('images.list', undefined);
    expect(shape).toHaveBeenCalledTimes(2);
    expect(second).toEqual({ ok: true, value: { feed: 'feed-1', version: 1, items: [image('a'), image('b')] } });
  });
});
