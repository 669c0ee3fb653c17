/**
 * The ui section's preview process (started by bench/lib/preview-process.ts, which explains why): the preview exactly
 * as `npm run preview` assembles it (`startPreview`), pointed at the bench's engine, plus the benchmark's control
 * channel on the IPC pipe for setting up load through the core. Reports `ready` with the sign-in address; ends on
 * SIGTERM after closing the preview.
 */
import { eventChannel } from '../../preload/api';
import { startPreview } from '../../main/preview/preview';
import { requireBench } from './bench-check';
import type { ChildMessage, ControlAnswers, ControlRequest, ParentMessage } from './preview-process';
import { createStacks, startLogFlood } from './scale-fixtures';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: this file is started by bench/lib/preview-process.ts`);
  return value;
}

const send = (message: ChildMessage) => process.send?.(message);

async function main(): Promise<void> {
  if (!process.send) throw new Error('bench/lib/preview-child.ts runs as a child with an IPC channel (bench/lib/preview-process.ts)');
  const root = required('STEVEDORE_BENCH_PREVIEW_ROOT');
  const bench = await requireBench();
  const logChannel = eventChannel('stacks.log');
  let logLinesSent = 0;
  const preview = await startPreview({
    rendererDir: `${root}/dist/renderer`,
    previewBridgeFile: `${root}/dist/preview/bridge.js`,
    version: required('STEVEDORE_BENCH_PREVIEW_VERSION'),
    dataDir: required('STEVEDORE_BENCH_PREVIEW_DATA'),
    engine: { findEndpoint: () => ({ url: bench.dockerHost, source: 'DOCKER_HOST', tls: false }) },
    onOutgoing: (message) => {
      if (message.type === 'event' && message.channel === logChannel) logLinesSent += (message.payload as { lines?: unknown[] }).lines?.length ?? 0;
    },
  });
  const { core } = preview;
  const fixtures = new Map<string, () => Promise<void>>();
  const keep = (remove: () => Promise<void>) => {
    const fixture = `fixture-${fixtures.size + 1}`;
    fixtures.set(fixture, remove);
    return fixture;
  };

  async function answer(request: ControlRequest): Promise<ControlAnswers[ControlRequest['kind']]> {
    switch (request.kind) {
      case 'addRegistry':
        await core.registries.add(request.input);
        return null;
      case 'startPulls':
        return request.images.map((image) => core.pulls.start({ image }).id);
      case 'waitForPulls':
        return (await Promise.all(request.ids.map((id) => core.pulls.waitFor(id)))).map((view) => ({
          image: view.image,
          state: view.state,
          ...(view.error ? { errorCode: view.error.code } : {}),
        }));
      case 'createStacks':
        return { fixture: keep((await createStacks(bench, core, request.count)).remove) };
      case 'startLogFlood': {
        const flood = await startLogFlood(bench, core, request.linesPerSecond);
        return { fixture: keep(flood.remove), stackId: flood.stackId };
      }
      case 'remove': {
        const remove = fixtures.get(request.fixture);
        fixtures.delete(request.fixture);
        await remove?.();
        return null;
      }
      case 'logLinesSent': {
        const lines = logLinesSent;
        logLinesSent = 0;
        return lines;
      }
    }
  }

  process.on('message', (message: ParentMessage) => {
    answer(message.request).then(
      (value) => send({ type: 'answer', id: message.id, ok: true, value }),
      (error: unknown) => send({ type: 'answer', id: message.id, ok: false, message: error instanceof Error ? error.message : String(error) }),
    );
  });
  let closing = false;
  const close = () => {
    if (closing) return;
    closing = true;
    void (async () => {
      for (const remove of fixtures.values()) await remove().catch(() => undefined);
      await preview.close();
    })().finally(() => process.exit(0));
  };
  process.on('SIGTERM', close);
  // The benchmark's process ended without closing us: nothing would ever ask again.
  process.on('disconnect', close);
  send({ type: 'ready', url: preview.url, origin: preview.server.origin });
}

main().catch((error: unknown) => {
  console.error(`[bench preview] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
