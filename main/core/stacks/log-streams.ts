/**
 * Log streams, each tied to the window or preview socket that opened it (its owner): closing or reloading that
 * view ends its streams (`endOwner`, called by the host), so nothing is left following logs for a view that is gone,
 * and no cap is needed to evict streams nobody stopped. One stream's reading is in logs.ts.
 */
import { randomUUID } from 'node:crypto';
import type Docker from 'dockerode';
import type { StackLogBatch } from '../../../preload/api';
import type { EngineEvent } from '../engine/connection';
import { followServiceLogs, type FollowLogsOptions, type LogFollower } from './logs';

/** Who opened a stream when no view did (main itself, tests). */
export const MAIN_OWNER = 'main';

export interface LogStreamsOptions {
  docker: () => Docker;
  onEngineEvent: (listener: (event: EngineEvent) => void) => () => void;
  emit: (batch: StackLogBatch) => void;
}

export class LogStreams {
  private readonly streams = new Map<string, { follower: LogFollower; owner: string }>();

  constructor(private readonly options: LogStreamsOptions) {}

  /** Starts streaming one service's logs for `owner`; batches go to `emit` with the returned id. */
  follow(owner: string, project: string, service: string, options: Pick<FollowLogsOptions, 'tail' | 'follow' | 'after'>): string {
    const streamId = randomUUID();
    const follower = followServiceLogs({
      docker: this.options.docker,
      onEngineEvent: this.options.onEngineEvent,
      project,
      service,
      tail: options.tail,
      follow: options.follow,
      ...(options.after === undefined ? {} : { after: options.after }),
      onLines: (lines) => this.options.emit({ streamId, lines }),
      onEnd: (error) => {
        this.streams.delete(streamId);
        this.options.emit({ streamId, lines: [], ended: true, ...(error ? { error } : {}) });
      },
    });
    this.streams.set(streamId, { follower, owner });
    return streamId;
  }

  /** Stops a stream; only its owner may (another view gets false). */
  stop(streamId: string, owner?: string): boolean {
    const stream = this.streams.get(streamId);
    if (!stream || (owner !== undefined && stream.owner !== owner)) return false;
    stream.follower.stop();
    this.streams.delete(streamId);
    return true;
  }

  /** The owner's view went away (window closed or reloaded, socket closed): ends every stream it opened. */
  endOwner(owner: string): number {
    let ended = 0;
    for (const [streamId, stream] of [...this.streams]) {
      if (stream.owner !== owner) continue;
      stream.follower.stop();
      this.streams.delete(streamId);
      ended++;
    }
    return ended;
  }

  /** How many streams are open, for one owner or in all. */
  count(owner?: string): number {
    return owner === undefined ? this.streams.size : [...this.streams.values()].filter((stream) => stream.owner === owner).length;
  }

  stopAll(): void {
    for (const stream of this.streams.values()) stream.follower.stop();
    this.streams.clear();
  }
}
