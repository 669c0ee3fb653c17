/**
 * Whether the active engine is a Swarm manager (`/info` → `Swarm.ControlAvailable`), asked once and kept until it
 * can have changed, so the stacks list does not send a `/services` call that an engine outside a Swarm refuses
 * every time. Forgotten when the engine connection changes (a switch, a reconnect), when the engine reports a node
 * or service event (only a Swarm manager sends those), when `/services` fails, and when the Stacks screen asks
 * `swarm.state` (which always asks the engine, so a `docker swarm init` made elsewhere shows up there).
 */
import type Docker from 'dockerode';
import type { EngineEvent } from '../engine/connection';

/** Whether the engine is a Swarm manager (`/info` → `Swarm.ControlAvailable`), asked now. */
export async function isSwarmManager(docker: Docker): Promise<boolean> {
  const info = (await docker.info()) as { Swarm?: { ControlAvailable?: boolean } };
  return info.Swarm?.ControlAvailable === true;
}

export interface SwarmRoleEngine {
  docker(): Docker;
  onStatus(listener: () => void): () => void;
  onEngineEvent(listener: (event: EngineEvent) => void): () => void;
}

export class SwarmRole {
  private known: Promise<boolean> | undefined;
  private readonly unsubscribers: Array<() => void>;

  constructor(private readonly engine: SwarmRoleEngine) {
    this.unsubscribers = [
      engine.onStatus(() => this.forget()),
      engine.onEngineEvent((event) => {
        if (event.Type === 'node' || event.Type === 'service') this.forget();
      }),
    ];
  }

  /** The kept answer, or the engine's (asked once however many callers wait). No engine: not a manager. */
  isManager(): Promise<boolean> {
    this.known ??= this.ask();
    return this.known;
  }

  /** Asks the engine now (the Stacks screen's `swarm.state`) and keeps the answer. */
  refresh(): Promise<boolean> {
    this.forget();
    return this.isManager();
  }

  forget(): void {
    this.known = undefined;
  }

  dispose(): void {
    for (const unsubscribe of this.unsubscribers) unsubscribe();
  }

  private ask(): Promise<boolean> {
    const asking = isSwarmManager(this.engine.docker()).catch(() => {
      // The engine went away (its status event says so): ask again next time rather than keep "not a manager".
      if (this.known === asking) this.known = undefined;
      return false;
    });
    return asking;
  }
}
