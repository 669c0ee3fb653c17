/**
 * Random and hostile payloads for every call in the contract, sent the way a compromised renderer could send
 * them: through the memory transport to the real router, in front of the real core services (no engine running,
 * so nothing reaches Docker). Every answer must be an envelope — `{ ok: true, value }` or `{ ok: false, error:
 * { code, message } }` with no stack trace — oversized payloads are refused as such, and the process keeps going.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCore, type StevedoreCore } from '../../../main/core/app';
import { EngineConnection } from '../../../main/core/engine/connection';
import { createEventPublisher } from '../../../main/core/ipc/events';
import { createRouter, type Router } from '../../../main/core/ipc/router';
import { MemoryCipher } from '../../../main/core/secrets/cipher';
import { callChannel, callNames, calls, MAX_REQUEST_BYTES, type CallName } from '../../../preload/api';
import type { RendererTransport } from '../../../preload/bridge';
import { createMemoryMain } from '../../support/memory-transport';
import { openSettings } from '../../support/settings';
import { validRequests } from './support/schema-arbitrary';

const RUNS_PER_CALL = 120;
const NO_ENGINE = { url: 'unix:///nonexistent/stevedore-reliability/docker.sock', source: 'setting' as const, tls: false };

let core: StevedoreCore;
let router: Router;
let renderer: RendererTransport;
let folder: string;
const unexpected: Array<{ name: CallName; error: unknown }> = [];
/** Ids of things that exist, so schema-valid requests reach past "not found". */
const existingIds: string[] = [];
const answers = new Map<string, number>();

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'stevedore-reliability-ipc-'));
  const main = createMemoryMain();
  const connection = main.connect({ id: 'app' });
  renderer = connection.renderer;
  core = createCore({
    appInfo: () => ({
      name: 'Stevedore',
      version: '0.0.0-test',
      runtime: 'preview',
      platform: process.platform,
      arch: process.arch,
      versions: { node: process.versions.node },
      secretStorage: { kind: 'memory', description: 'memory' },
    }),
    publisher: createEventPublisher(() => [connection.sink]),
    settings: openSettings(path.join(folder, 'settings')),
    cipher: new MemoryCipher(),
    dataDir: path.join(folder, 'data'),
    engine: new EngineConnection({ findEndpoint: () => NO_ENGINE, retryDelays: [60_000] }),
    // No Docker config and no programs: helpers and compose are not found rather than run.
    env: { DOCKER_CONFIG: path.join(folder, 'docker-config'), PATH: path.join(folder, 'no-programs') },
  });
  router = createRouter({
    transport: main.transport,
    isTrustedSender: (sender) => sender.id === 'app',
    handlers: core.handlers,
    onUnexpectedError: (name, error) => unexpected.push({ name, error }),
  });
  await core.start();
  const registry = await core.handlers['registries.add']({ name: 'Fuzz', address: 'registry.example.com', username: 'u', secret: 'not-a-real-secret', patterns: ['team/*'], isDefault: false });
  const stack = await core.handlers['stacks.create']({ name: 'fuzz', yaml: 'services:\n  web:\n    image: busybox:1.36\n' });
  existingIds.push(registry.id, stack.stack.id, 'web');
});

afterAll(() => {
  router?.dispose();
  core?.stop();
  rmSync(folder, { recursive: true, force: true });
});

type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

/** Asserts `answer` is exactly an envelope; returns it typed. */
function expectEnvelope(answer: unknown): Envelope {
  expect(answer).toBeTypeOf('object');
  const envelope = answer as Record<string, unknown>;
  if (envelope.ok === true) {
    expect(Object.keys(envelope).sort()).toEqual(['ok', 'value']);
  } else {
    expect(Object.keys(envelope).sort()).toEqual(['error', 'ok']);
    expect(envelope.ok).toBe(false);
    const error = envelope.error as Record<string, unknown>;
    expect(Object.keys(error).sort()).toEqual(['code', 'message']);
    expect(error.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
    expect(typeof error.message).toBe('string');
    expect((error.message as string).length).toBeGreaterThan(0);
    // Bounded whatever was sent, and never a stack trace.
    expect((error.message as string).length).toBeLessThan(12_000);
    expect(error.message).not.toMatch(/\n\s+at /);
  }
  return answer as Envelope;
}

function send(name: CallName, ...args: unknown[]): Promise<unknown> {
  return renderer.invoke(callChannel(name), ...args);
}

/** The keys a call's request object has, so random values land on fields the schema checks, not only on extra keys. */
function requestKeys(name: CallName): string[] {
  const schema = calls[name].request as z.ZodType;
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

const hostileString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('', ' ', '../../../../etc/passwd', '/etc/shadow', 'project:../../x', 'app:../../..', 'file:/etc', '__proto__', 'constructor', '\u202e', '\u0000', 'nginx:1.25', 'ghcr.io/org/app', 'linux/amd64', '${HOME}', 'a'.repeat(5000)),
);
/** Strings that mean something to the handlers, for requests that pass the schema. */
const meaningfulString = fc.oneof(
  hostileString,
  fc.constantFrom('busybox:1.36', 'registry.example.com/team/app:1', 'docker.io', 'localhost:5000', 'team/*', 'linux/arm64', 'services:\n  web:\n    image: nginx\n', 'A=1\n'),
  fc.constant(undefined).chain(() => fc.constantFrom(...existingIds)),
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 5 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 4 }),
  fc.anything({ maxDepth: 2 }),
);

function shapedRequest(name: CallName): fc.Arbitrary<unknown> {
  const keys = requestKeys(name);
  if (keys.length === 0) return anyValue;
  return fc
    .tuple(fc.subarray(keys), fc.array(anyValue, { minLength: keys.length, maxLength: keys.length }), fc.dictionary(hostileString, anyValue, { maxKeys: 2 }))
    .map(([present, values, extra]) => {
      const request: Record<string, unknown> = { ...extra };
      present.forEach((key, index) => (request[key] = values[index]));
      return request;
    });
}

describe('the router under random payloads', () => {
  it.each(callNames.map((name) => [name]))('%s: every answer is an envelope, whatever the payload', async (name) => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(anyValue, shapedRequest(name), fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true }), validRequests(calls[name].request as z.ZodType, meaningfulString)),
        async (payload) => {
          const answer = expectEnvelope(await send(name, payload));
          const outcome = answer.ok ? 'answered' : answer.error.code === 'INVALID_REQUEST' ? 'refused' : 'handler refused';
          answers.set(outcome, (answers.get(outcome) ?? 0) + 1);
        },
      ),
      { numRuns: RUNS_PER_CALL },
    );
  }, 60_000);

  it.each(callNames.map((name) => [name]))('%s: an oversized payload is refused as too large, before any handler runs', async (name) => {
    const keys = requestKeys(name);
    const huge = 'x'.repeat(MAX_REQUEST_BYTES + 1);
    const payload = keys.length > 0 ? Object.fromEntries(keys.map((key) => [key, huge])) : huge;
    const answer = expectEnvelope(await send(name, payload));
    expect(answer.ok === false && answer.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses data that is not plain JSON (cycles, BigInt) and extra arguments, for every call', async () => {
    const cyclic: Record<string, unknown> = { id: 'x' };
    cyclic.self = cyclic;
    for (const name of callNames) {
      for (const args of [[cyclic], [{ id: 10n }], [{}, {}], [undefined, 'extra', 3]]) {
        const answer = expectEnvelope(await send(name, ...args));
        expect(answer.ok === false && answer.error.code).toBe('INVALID_REQUEST');
      }
    }
  });

  it('kept working: the app still answers, and nothing failed unexpectedly inside a handler', async () => {
    const info = expectEnvelope(await send('app.info'));
    expect(info.ok).toBe(true);
    expect(expectEnvelope(await send('registries.list')).ok).toBe(true);
    // The fuzzing reached the handlers, not only the schema check in front of them.
    expect(answers.get('answered') ?? 0).toBeGreaterThan(callNames.length * 5);
    expect(answers.get('handler refused') ?? 0).toBeGreaterThan(callNames.length);
    // An INTERNAL answer is still an envelope, but it means a handler threw something it should have typed.
    expect(unexpected.map(({ name, error }) => `${name}: ${error instanceof Error ? error.message : String(error)}`)).toEqual([]);
  });
});
