/**
 * The composition of Stevedore's core services and the handler for every call in the contract.
 *
 * Hosts (the Electron shell, `npm run preview`, the tests) supply what differs between them — how secrets are
 * encrypted, where settings live, how a file is chosen — and get back one set of handlers to plug into a router.
 */
import type { AppInfo } from '../../preload/api';
import { EngineConnection } from './engine/connection';
import type { CallHandlers } from './ipc/router';
import type { EventPublisher } from './ipc/events';

export interface CoreHost {
  /** Facts only the host knows: runtime, versions, where secrets are kept. */
  appInfo: () => AppInfo;
  publisher: EventPublisher;
  engine?: EngineConnection;
}

export interface StevedoreCore {
  engine: EngineConnection;
  handlers: CallHandlers;
  start(): Promise<void>;
  stop(): void;
}

export function createCore(host: CoreHost): StevedoreCore {
  const engine = host.engine ?? new EngineConnection();
  const unsubscribers = [engine.onStatus((status) => host.publisher.publish('engine.status', status))];

  const handlers: CallHandlers = {
    'app.info': () => host.appInfo(),
    'engine.status': () => engine.status,
    'engine.reconnect': () => engine.reconnect(),
  };

  return {
    engine,
    handlers,
    async start() {
      await engine.start();
    },
    stop() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      engine.stop();
    },
  };
}
