/**
 * A whole core (`createCore`) over a stand-in for the engine's Docker client, on vitest's fake clock: for the unit
 * tests of how the core's services work together (tests/unit/engine-lists-burst.test.ts,
 * tests/unit/pull-rechecks.test.ts). The engine connection is never started, so nothing connects: its `docker()`
 * answers with the stand-in, and the test plays the engine's /events stream and status changes itself. The Docker
 * config folder is an empty one, so nothing depends on this machine's ~/.docker (pulls go anonymously).
 */
import type { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterEach, beforeEach, vi } from 'vitest';
import type { EngineStatus } from '../../preload/api';
import { createCore, type StevedoreCore } from '../../main/core/app';
import { EngineConnection, type EngineEvent } from '../../main/core/engine/connection';
import { createEventPublisher, type EventSink } from '../../main/core/ipc/events';
import { MemoryCipher } from '../../main/core/secrets/cipher';
import { openSettings } from '../support/settings';
import { testAppInfo as appInfo } from '../support/app-info';

export interface CoreOnEngineStandIn {
  core: StevedoreCore;
  connection: EngineConnection;
  /** Plays one event of the engine's /events stream, as the connection relays it. */
  engineEvent(event: EngineEvent): void;
  /** Plays a change of the connection's status, as `engine.onStatus` listeners get it. */
  engineStatus(status: EngineStatus): void;
}

export interface CoreOnEngineStandInOptions {
  /** Where the core's published events go (none: they go nowhere). */
  events?: EventSink;
  /** The folder of the core's settings file (a fresh one when absent). */
  settingsDir?: string;
}

/**
 * Call once at the top of a test file: every test runs on the fake clock, and the core it built is stopped after it.
 * Returns the function that builds a test's core over `docker`.
 */
export function useCoreOnEngineStandIn(): (docker: Docker, options?: CoreOnEngineStandInOptions) => CoreOnEngineStandIn {
  let built: StevedoreCore | undefined;
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    built?.stop();
    built = undefined;
    vi.useRealTimers();
  });
  return (docker, options = {}) => {
    const connection = new EngineConnection({ endpointSetting: () => undefined, findEndpoint: () => ({ url: 'unix:///nonexistent/stevedore-test.sock', source: 'default', tls: false }) });
    vi.spyOn(connection, 'docker').mockReturnValue(docker);
    const sinks = options.events === undefined ? [] : [options.events];
    const core = createCore({
      appInfo: () => appInfo,
      publisher: createEventPublisher(() => sinks),
      settings: openSettings(options.settingsDir),
      cipher: new MemoryCipher(),
      dataDir: mkdtempSync(path.join(tmpdir(), 'stevedore-core-')),
      engine: connection,
      env: { DOCKER_CONFIG: mkdtempSync(path.join(tmpdir(), 'stevedore-core-docker-config-')) },
    });
    built = core;
    const emitter = (connection as unknown as { emitter: EventEmitter }).emitter;
    return {
      core,
      connection,
      engineEvent: (event) => emitter.emit('engine-event', event),
      engineStatus: (status) => emitter.emit('status', status),
    };
  };
}
