import { describe, expect, it, vi } from 'vitest';
import { callChannel, callNames, MAX_REQUEST_BYTES, PullRequestSchema, type AppInfo, type EngineStatus } from '../../../preload/api';
import { createBridge } from '../../../preload/bridge';
import { StevedoreError } from '../../../main/core/errors';
import { createEventPublisher } from '../../../main/core/ipc/events';
import { createRouter, type CallHandlers } from '../../../main/core/ipc/router';
import { handlersWith } from '../../support/handlers';
import { createMemoryMain, type MemorySender } from '../../support/memory-transport';

const appInfo: AppInfo = {
  name: 'Stevedore',
  version: '1.2.3',
  runtime: 'electron',
  platform: 'linux',
  arch: 'x64',
  versions: { node: '22.0.0' },
  secretStorage: { kind: 'memory', description: 'in memory' },
};
const disconnected: EngineStatus = {
  state: 'disconnected',
  reason: 'No engine is listening',
  fix: 'Start Docker',
  since: '2026-01-01T00:00:00.000Z',
};

function setup(overrides: Partial<CallHandlers> = {}) {
  const main = createMemoryMain();
  const trusted: MemorySender = { id: 'app-window' };
  const onUnexpectedError = vi.fn();
  const handlers = handlersWith({
    'app.info': () => appInfo,
    'engine.status': () => disconnected,
    'engine.reconnect': () => disconnected,
    ...overrides,
  });
  const router = createRouter({ transport: main.transport, isTrustedSender: (sender) => sender === trusted, handlers, onUnexpectedError });
  const app = main.connect(trusted);
  const foreign = main.connect({ id: 'another-page' });
  return { main, router, onUnexpectedError, bridge: createBridge(app.renderer), appRenderer: app.renderer, appSink: app.sink, foreign };
}

describe('bridge and router over one transport', () => {
  it('answers a call from the app with the handler value', async () => {
    const { bridge } = setup();
    await expect(bridge.invoke('app.info', undefined)).resolves.toEqual({ ok: true, value: appInfo });
  });

  it('refuses a call from any other sender before running the handler', async () => {
    const handler = vi.fn(() => appInfo);
    const { foreign } = setup({ 'app.info': handler });
    const result = await createBridge(foreign.renderer).invoke('app.info', undefined);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN_SENDER' }) });
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses a payload of the wrong shape with INVALID_REQUEST', async () => {
    const { bridge } = setup();
    const result = await bridge.invoke('app.info', { unexpected: true } as never);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it('refuses extra arguments and payloads that are not plain data', async () => {
    const { appRenderer } = setup();
    await expect(appRenderer.invoke(callChannel('app.info'), undefined, 'extra')).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    // Structured clone (IPC) carries cycles; the router still refuses what JSON cannot describe.
    await expect(appRenderer.invoke(callChannel('app.info'), cyclic)).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
  });

  it('judges senders by identity, not by anything they claim', async () => {
    const { main } = setup();
    const lookalike = main.connect({ id: 'app-window' });
    await expect(lookalike.renderer.invoke(callChannel('app.info'), undefined)).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    });
  });

  it('refuses an oversized payload without parsing it', async () => {
    const { bridge } = setup();
    const huge = 'x'.repeat(MAX_REQUEST_BYTES + 1);
    const result = await bridge.invoke('app.info', huge as never);
    expect(result).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('passes typed errors through as code and message', async () => {
    const { bridge } = setup({
      'engine.reconnect': () => {
        throw new StevedoreError('ENGINE_ENDPOINT_INVALID', 'That engine address is not valid. Fix it in Settings.');
      },
    });
    await expect(bridge.invoke('engine.reconnect', undefined)).resolves.toEqual({
      ok: false,
      error: { code: 'ENGINE_ENDPOINT_INVALID', message: 'That engine address is not valid. Fix it in Settings.' },
    });
  });

  it('hides unexpected errors behind INTERNAL and reports them to main only', async () => {
    const { bridge, onUnexpectedError } = setup({
      'app.info': () => {
        throw new Error('ENOENT: /home/user/secret-path');
      },
    });
    const result = await bridge.invoke('app.info', undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('secret-path');
    expect(onUnexpectedError).toHaveBeenCalledOnce();
  });

  it('strips fields a response schema does not declare', async () => {
    const { bridge } = setup({ 'app.info': () => ({ ...appInfo, secret: 'hunter2' }) as AppInfo });
    const result = await bridge.invoke('app.info', undefined);
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('registers one handler per call and removes them all on dispose', () => {
    const { main, router } = setup();
    expect(main.handlerCount()).toBe(callNames.length);
    router.dispose();
    expect(main.handlerCount()).toBe(0);
  });
});

describe('events', () => {
  it('delivers a published event to subscribers and stops after unsubscribe', () => {
    const { bridge, appSink } = setup();
    const publisher = createEventPublisher(() => [appSink]);
    const received: EngineStatus[] = [];
    const unsubscribe = bridge.on('engine.status', (status) => received.push(status));
    publisher.publish('engine.status', disconnected);
    unsubscribe();
    publisher.publish('engine.status', disconnected);
    expect(received).toEqual([disconnected]);
  });

  it('refuses to publish a payload that does not match its schema', () => {
    const { appSink } = setup();
    const publisher = createEventPublisher(() => [appSink]);
    expect(() => publisher.publish('engine.status', { state: 'exploded' } as never)).toThrow();
  });
});

/** Each refusal says what was wrong with which call, and what to do where there is something to do. */
describe('what a refused call says', () => {
  it('names the call and the number of arguments it got', async () => {
    const { appRenderer } = setup();
    await expect(appRenderer.invoke(callChannel('app.info'), undefined, 'extra')).resolves.toEqual({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: 'app.info takes one argument, got 2.' },
    });
  });

  it('names the call whose payload is not plain data', async () => {
    const { appRenderer } = setup();
    await expect(appRenderer.invoke(callChannel('stacks.get'), { id: 1n })).resolves.toEqual({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: 'The request for stacks.get is not plain data.' },
    });
  });

  it('names the field that does not fit the schema, with the schema’s own words, and no field when the whole payload is wrong', async () => {
    const { bridge } = setup();
    const schemaSays = (payload: unknown) => PullRequestSchema.safeParse(payload).error?.issues[0]?.message ?? 'nothing';
    const field = await bridge.invoke('pulls.start', { image: 5 } as never);
    expect(field).toEqual({ ok: false, error: { code: 'INVALID_REQUEST', message: `The request for pulls.start is malformed at image: ${schemaSays({ image: 5 })}.` } });
    const nested = { image: 'nginx', oneTimeCredentials: { username: 5, password: 'pw' } };
    expect(await bridge.invoke('pulls.start', nested as never)).toEqual({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: `The request for pulls.start is malformed at oneTimeCredentials.username: ${schemaSays(nested)}.` },
    });
    const whole = await bridge.invoke('pulls.start', 'nginx' as never);
    expect(whole).toEqual({ ok: false, error: { code: 'INVALID_REQUEST', message: `The request for pulls.start is malformed: ${schemaSays('nginx')}.` } });
  });

  it('measures the size limit in UTF-8 bytes, accepts exactly the limit and names size and limit above it', async () => {
    const { bridge } = setup();
    const emptyRequestBytes = JSON.stringify({ id: '' }).length;
    // Exactly the limit gets past the size check (and is then refused by the schema: no stack id is that long).
    const atLimit = await bridge.invoke('stacks.get', { id: 'x'.repeat(MAX_REQUEST_BYTES - emptyRequestBytes) });
    expect(atLimit).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const overLimit = await bridge.invoke('stacks.get', { id: 'x'.repeat(MAX_REQUEST_BYTES - emptyRequestBytes + 1) });
    expect(overLimit).toEqual({
      ok: false,
      error: {
        code: 'PAYLOAD_TOO_LARGE',
        message: `The request for stacks.get is ${MAX_REQUEST_BYTES + 1} bytes; the limit is ${MAX_REQUEST_BYTES}. Use a smaller file.`,
      },
    });
    // Fewer characters than the limit, but two bytes each in UTF-8.
    const wide = await bridge.invoke('stacks.get', { id: 'é'.repeat(MAX_REQUEST_BYTES / 2) });
    expect(wide).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('tells a foreign sender why it was refused', async () => {
    const { foreign } = setup();
    await expect(createBridge(foreign.renderer).invoke('app.info', undefined)).resolves.toEqual({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER', message: "This request did not come from Stevedore's own window and was refused." },
    });
  });

  it('says which call hit an unexpected problem and where its details are, and gives main the call and the error', async () => {
    const problem = new Error('ENOENT: /home/user/secret-path');
    const { bridge, onUnexpectedError } = setup({
      'app.info': () => {
        throw problem;
      },
    });
    await expect(bridge.invoke('app.info', undefined)).resolves.toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Stevedore hit an unexpected problem while handling app.info. Details are in the app log.' },
    });
    expect(onUnexpectedError).toHaveBeenCalledWith('app.info', problem);
  });

  it('still answers INTERNAL when main gave no hook for unexpected errors', async () => {
    const main = createMemoryMain();
    const trusted: MemorySender = { id: 'app-window' };
    const handlers = handlersWith({
      'app.info': () => {
        throw new Error('boom');
      },
    });
    createRouter({ transport: main.transport, isTrustedSender: (sender) => sender === trusted, handlers });
    await expect(createBridge(main.connect(trusted).renderer).invoke('app.info', undefined)).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
