/**
 * Logs of one service of a compose project: the last N lines of each of its containers, and (when following)
 * every new line as it is written, including from containers that start later (a redeploy replaces them).
 * Each container's stream is demultiplexed into stdout and stderr unless it has a TTY. `stop()` ends every
 * stream at once.
 */
import { Readable, Writable } from 'node:stream';
import type Docker from 'dockerode';
import type { EngineEvent } from '../engine/connection';
import { messageOf } from '../failures';
import { lineSplitter } from './line-process';
import { PROJECT_LABEL, SERVICE_LABEL, summarizeContainer } from './status';

export interface LogLine {
  container: string;
  stream: 'stdout' | 'stderr';
  text: string;
  /** When the engine received the line (RFC 3339). */
  time?: string;
}

export interface FollowLogsOptions {
  docker: () => Docker;
  onEngineEvent: (listener: (event: EngineEvent) => void) => () => void;
  project: string;
  service: string;
  /** Lines from the end of each container's log to start with. */
  tail: number;
  follow: boolean;
  /** Lines arrive in batches (one per burst of output). */
  onLines: (lines: LogLine[]) => void;
  /** Called once: after the last line when not following, or when stopped; `error` says why it ended early. */
  onEnd: (error?: string) => void;
}

export interface LogFollower {
  stop(): void;
}

const MAX_LINE_LENGTH = 16 * 1024;
const MAX_BATCH = 200;
const TIMESTAMP = /^(\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d)) /;

export function followServiceLogs(options: FollowLogsOptions): LogFollower {
  const docker = options.docker();
  const active = new Map<string, NodeJS.ReadableStream>();
  let pending: LogLine[] = [];
  let flushScheduled = false;
  let ended = false;
  let unsubscribe: (() => void) | undefined;

  const flush = () => {
    flushScheduled = false;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    options.onLines(batch);
  };
  const push = (line: LogLine) => {
    if (ended) return;
    pending.push(line);
    if (pending.length >= MAX_BATCH) flush();
    else if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  };
  const end = (error?: string) => {
    if (ended) return;
    flush();
    ended = true;
    unsubscribe?.();
    for (const stream of active.values()) destroy(stream);
    active.clear();
    options.onEnd(error);
  };
  const maybeFinished = () => {
    if (!options.follow && active.size === 0) end();
  };

  const attach = async (id: string, name: string, tail: number | undefined, since?: number): Promise<void> => {
    if (ended || active.has(id)) return;
    const container = docker.getContainer(id);
    const info = await container.inspect();
    // Without `tail` the engine sends the whole log.
    const request = { stdout: true, stderr: true, timestamps: true, ...(tail !== undefined ? { tail } : {}), ...(since !== undefined ? { since } : {}) };
    const source: NodeJS.ReadableStream = options.follow
      ? await container.logs({ ...request, follow: true })
      : Readable.from([await container.logs({ ...request, follow: false })]);
    if (ended) {
      destroy(source);
      return;
    }
    active.set(id, source);
    const sink = (stream: LogLine['stream']) => {
      const splitter = lineSplitter((raw) => {
        const stamp = TIMESTAMP.exec(raw);
        push(stamp ? { container: name, stream, text: raw.slice(stamp[0].length), time: stamp[1] } : { container: name, stream, text: raw });
      }, MAX_LINE_LENGTH);
      return new Writable({
        write(chunk: Buffer, _encoding, callback) {
          splitter.push(chunk);
          callback();
        },
        final(callback) {
          splitter.flush();
          callback();
        },
      });
    };
    const stdout = sink('stdout');
    const stderr = sink('stderr');
    if (info.Config?.Tty) source.pipe(stdout);
    else docker.modem.demuxStream(source, stdout, stderr);
    const done = () => {
      if (active.get(id) !== source) return;
      active.delete(id);
      stdout.end();
      stderr.end();
      // Flush after the splitters have handed over their last partial line.
      setImmediate(maybeFinished);
    };
    source.on('end', done);
    source.on('close', done);
    source.on('error', done);
  };

  if (options.follow) {
    unsubscribe = options.onEngineEvent((event) => {
      const labels = event.Actor?.Attributes;
      if (event.Type !== 'container' || (event.Action ?? event.status) !== 'start') return;
      if (labels?.[PROJECT_LABEL] !== options.project || labels[SERVICE_LABEL] !== options.service || !event.Actor?.ID) return;
      // A container that (re)starts: its log from this start on.
      const name = labels.name ?? event.Actor.ID.slice(0, 12);
      void attach(event.Actor.ID, name, undefined, event.time).catch(() => undefined);
    });
  }

  void (async () => {
    try {
      const infos = await docker.listContainers({
        all: true,
        filters: { label: [`${PROJECT_LABEL}=${options.project}`, `${SERVICE_LABEL}=${options.service}`] },
      });
      const containers = infos.map(summarizeContainer).filter((summary) => summary !== undefined);
      if (containers.length === 0 && !options.follow) {
        end(`Service "${options.service}" has no containers.`);
        return;
      }
      await Promise.all(containers.map((container) => attach(container.id, container.name, options.tail)));
      maybeFinished();
    } catch (error) {
      end(`The logs could not be read: ${messageOf(error)}`);
    }
  })();

  return { stop: () => end() };
}

function destroy(stream: NodeJS.ReadableStream): void {
  (stream as Partial<Readable>).destroy?.();
}
