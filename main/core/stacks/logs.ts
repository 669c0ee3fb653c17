/**
 * Logs of one service of a compose project: the last N lines of each of its containers, and (when following)
 * every new line as it is written, including from containers that start later (a redeploy replaces them).
 * Each container's stream is demultiplexed into stdout and stderr unless it has a TTY. `stop()` ends every
 * stream at once.
 *
 * Each line is shown once: a container has at most one stream (opening one takes a moment, during which a
 * deploy may start the container — the start is remembered and the log read on when that stream ends), and a
 * stream opened again for a container skips lines not newer than the last one shown from it.
 */
import { Readable, Writable } from 'node:stream';
import type Docker from 'dockerode';
import type { EngineEvent } from '../engine/connection';
import { messageOf } from '../failures';
import { lineSplitter } from '../process/run-lines';
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
  /**
   * Per container (by name), the time of the last line a view already shows: that container's log is read on from
   * there, all of it and nothing shown twice, instead of its last `tail` lines (a view following again after its
   * connection came back).
   */
  after?: ReadonlyArray<{ container: string; time: string }>;
  /** Lines arrive in batches (one per burst of output). */
  onLines: (lines: LogLine[]) => void;
  /** Called once: after the last line when not following, or when stopped; `error` says why it ended early. */
  onEnd: (error?: string) => void;
}

export interface LogFollower {
  stop(): void;
}

const MAX_LINE_LENGTH = 16 * 1024;
const MAX_BATCH = 500;
/**
 * Lines go out at most once per this many ms: a quiet log's line goes at once, a flood goes as ~20 batches a second
 * rather than one bridge event per line (issue 18: one event per line kept the renderer in long tasks).
 */
export const LOG_BATCH_MS = 50;
const TIMESTAMP = /^(\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d)) /;

export function followServiceLogs(options: FollowLogsOptions): LogFollower {
  const docker = options.docker();
  const active = new Map<string, NodeJS.ReadableStream>();
  /** Containers with a stream open or being opened. */
  const claimed = new Set<string>();
  /** Containers that started again while claimed: read on once their stream ends. */
  const restarted = new Set<string>();
  /** Per container, the time of the last line shown (see sortableTime). */
  const lastShown = new Map<string, string>();
  let pending: LogLine[] = [];
  let flushScheduled = false;
  let lastFlushAt = Number.NEGATIVE_INFINITY;
  let ended = false;
  let unsubscribe: (() => void) | undefined;

  const flush = () => {
    flushScheduled = false;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    lastFlushAt = Date.now();
    options.onLines(batch);
  };
  const push = (line: LogLine) => {
    if (ended) return;
    pending.push(line);
    if (pending.length >= MAX_BATCH) flush();
    else if (!flushScheduled) {
      flushScheduled = true;
      const wait = lastFlushAt + LOG_BATCH_MS - Date.now();
      if (wait > 0) setTimeout(flush, wait);
      else setImmediate(flush);
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

  const shownByView = new Map((options.after ?? []).map((shown) => [shown.container, sortableTime(shown.time)]));
  const attach = async (id: string, name: string, tail: number | undefined, since?: number): Promise<void> => {
    if (ended) return;
    if (claimed.has(id)) {
      if (since !== undefined) restarted.add(id);
      return;
    }
    claimed.add(id);
    const shownToView = shownByView.get(name);
    if (shownToView !== undefined && !lastShown.has(id)) lastShown.set(id, shownToView);
    // Read on from what the view shows: every line since (what it missed), not the last `tail`.
    if (shownToView !== undefined) tail = undefined;
    const shownUpTo = lastShown.get(id);
    // Read on from the last line shown (whole seconds: the lines of that second already shown are skipped below).
    const from = shownUpTo === undefined ? since : Math.floor(Number(shownUpTo.split('.')[0]));
    let source: NodeJS.ReadableStream;
    let tty: boolean;
    try {
      const container = docker.getContainer(id);
      tty = (await container.inspect()).Config?.Tty === true;
      // Without `tail` the engine sends the whole log.
      const request = { stdout: true, stderr: true, timestamps: true, ...(tail !== undefined ? { tail } : {}), ...(from !== undefined ? { since: from } : {}) };
      source = options.follow
        ? await container.logs({ ...request, follow: true })
        : Readable.from([await container.logs({ ...request, follow: false })]);
    } catch (error) {
      claimed.delete(id);
      throw error;
    }
    if (ended) {
      destroy(source);
      return;
    }
    active.set(id, source);
    const show = (line: LogLine): void => {
      if (line.time !== undefined) {
        const time = sortableTime(line.time);
        const previous = lastShown.get(id);
        if (previous !== undefined && time <= previous) return;
        lastShown.set(id, time);
      }
      push(line);
    };
    const sink = (stream: LogLine['stream']) => {
      const splitter = lineSplitter((raw) => {
        const stamp = TIMESTAMP.exec(raw);
        show(stamp ? { container: name, stream, text: raw.slice(stamp[0].length), time: stamp[1] } : { container: name, stream, text: raw });
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
    if (tty) source.pipe(stdout);
    else docker.modem.demuxStream(source, stdout, stderr);
    const done = () => {
      if (active.get(id) !== source) return;
      active.delete(id);
      stdout.end();
      stderr.end();
      // Flush after the splitters have handed over their last partial line.
      setImmediate(() => {
        claimed.delete(id);
        if (restarted.delete(id) && options.follow) void attach(id, name, undefined, since ?? 0).catch(() => undefined);
        else maybeFinished();
      });
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

/**
 * An RFC 3339 time with up to nanoseconds (as the engine writes them) as text that sorts in time order:
 * `Date` keeps only milliseconds, and the engine drops trailing zeros of the fraction.
 */
function sortableTime(time: string): string {
  const match = /^([^.]*?)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(time);
  const seconds = match ? Date.parse(`${match[1]}${match[3]}`) / 1000 : Number.NaN;
  if (!match || Number.isNaN(seconds)) return time;
  return `${String(seconds).padStart(12, '0')}.${(match[2] ?? '').padEnd(9, '0')}`;
}

function destroy(stream: NodeJS.ReadableStream): void {
  (stream as Partial<Readable>).destroy?.();
}
