/** The router tells each handler which window or socket called, so what that view opens can end with it. */
import { describe, expect, it } from 'vitest';
import { createBridge } from '../../../preload/bridge';
import { createRouter, type Caller } from '../../../main/core/ipc/router';
import { handlersWith } from '../../support/handlers';
import { createMemoryMain, type MemorySender } from '../../support/memory-transport';

describe('router: the caller of each call', () => {
  it('passes the sender id of the window that made the call, and "main" without a senderId', async () => {
    const seen: Array<Caller | undefined> = [];
    const main = createMemoryMain();
    const one = main.connect({ id: 'one' });
    const two = main.connect({ id: 'two' });
    const handlers = handlersWith({
      'stacks.logs.stop': ({ streamId }, caller) => {
        seen.push(caller);
        return { stopped: streamId === 'x' };
      },
    });
    const router = createRouter<MemorySender>({ transport: main.transport, isTrustedSender: () => true, senderId: (sender) => `window:${sender.id}`, handlers });
    await createBridge(one.renderer).invoke('stacks.logs.stop', { streamId: 'x' });
    await createBridge(two.renderer).invoke('stacks.logs.stop', { streamId: 'x' });
    router.dispose();

    const plain = createMemoryMain();
    createRouter<MemorySender>({ transport: plain.transport, isTrustedSender: () => true, handlers });
    await createBridge(plain.connect({ id: 'three' }).renderer).invoke('stacks.logs.stop', { streamId: 'x' });
    expect(seen).toEqual([{ sender: 'window:one' }, { sender: 'window:two' }, { sender: 'main' }]);
  });
});
