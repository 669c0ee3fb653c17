import { useEffect, useState } from 'react';
import type { StackLogBatch } from '../../preload/api';
import { call, getBridge, type CallFailedError } from '../bridge';
import { toCallFailedError } from '../bridge/call';

export interface LogEntry {
  /** Position in the stream, stable across trimming: a React key. */
  seq: number;
  container: string;
  stream: 'stdout' | 'stderr';
  text: string;
  time?: string;
}

export interface LogStreamRequest {
  stackId: string;
  service: string;
  tail: number;
  follow: boolean;
}

export interface LogStreamState {
  lines: readonly LogEntry[];
  /** Lines dropped from the start to keep the panel responsive. */
  dropped: number;
  /** Main ended the stream (not following, stopped, or failed). */
  ended: boolean;
  /** Why main ended it early, or why it could not start. */
  error: string | undefined;
  startFailure: CallFailedError | undefined;
  /** Starts the same stream again. */
  restart: () => void;
}

/** The panel keeps this many lines; older ones are dropped (the engine still has them). */
const MAX_LINES = 5000;
/** Batches for streams whose id is not known yet, kept while `stacks.logs.follow` is in flight. */
const MAX_EARLY_BATCHES = 200;

interface Collected {
  key: string;
  lines: LogEntry[];
  dropped: number;
  ended: boolean;
  error: string | undefined;
  startFailure: CallFailedError | undefined;
}

/**
 * Streams one service's logs from main while mounted with the same request, and stops the stream
 * (`stacks.logs.stop`) when the request changes or the view goes away. Undefined request: nothing to stream.
 */
export function useLogStream(request: LogStreamRequest | undefined): LogStreamState {
  const [attempt, setAttempt] = useState(0);
  const key = request ? `${JSON.stringify(request)}#${attempt}` : '';
  const [collected, setCollected] = useState<Collected | undefined>(undefined);
  const { stackId, service, tail, follow } = request ?? { stackId: '', service: '', tail: 0, follow: false };
  const active = request !== undefined;

  useEffect(() => {
    if (!active) return;
    let current = true;
    let streamId: string | undefined;
    let seq = 0;
    const early: StackLogBatch[] = [];

    // Batches that arrived since the last frame: applied together in one render per animation frame, so a log
    // flood (many bridge events a second) does not render the panel once per event.
    let waiting: StackLogBatch[] = [];
    let frame: number | undefined;
    const apply = (batch: StackLogBatch): void => {
      waiting.push(batch);
      frame ??= requestAnimationFrame(applyWaiting);
    };
    const applyWaiting = (): void => {
      frame = undefined;
      const batches = waiting;
      waiting = [];
      if (current) applyNow(batches);
    };
    const applyNow = (batches: StackLogBatch[]): void => {
      const incoming = batches.flatMap((batch) => batch.lines.map((line) => ({ ...line, seq: seq++ })));
      const endedNow = batches.some((batch) => batch.ended === true);
      const errorNow = batches.findLast((batch) => batch.error !== undefined)?.error;
      setCollected((previous) => {
        const base = previous?.key === key ? previous : { key, lines: [], dropped: 0, ended: false, error: undefined, startFailure: undefined };
        let lines = incoming.length > 0 ? [...base.lines, ...incoming] : base.lines;
        let dropped = base.dropped;
        if (lines.length > MAX_LINES) {
          dropped += lines.length - MAX_LINES;
          lines = lines.slice(lines.length - MAX_LINES);
        }
        return { ...base, lines, dropped, ended: base.ended || endedNow, error: errorNow ?? base.error };
      });
    };

    // Subscribe before asking: the first lines may arrive before the answer that names their stream.
    const unsubscribe = getBridge().on('stacks.log', (batch) => {
      if (streamId === undefined) {
        if (early.length < MAX_EARLY_BATCHES) early.push(batch);
      } else if (batch.streamId === streamId) {
        apply(batch);
      }
    });

    call('stacks.logs.follow', { id: stackId, service, tail, follow }).then(
      (answer) => {
        if (!current) {
          void call('stacks.logs.stop', { streamId: answer.streamId }).catch(() => undefined);
          return;
        }
        streamId = answer.streamId;
        for (const batch of early.splice(0)) if (batch.streamId === streamId) apply(batch);
      },
      (failure: unknown) => {
        if (!current) return;
        const startFailure = toCallFailedError('stacks.logs.follow', failure);
        setCollected({ key, lines: [], dropped: 0, ended: true, error: undefined, startFailure });
      },
    );

    return () => {
      current = false;
      if (frame !== undefined) cancelAnimationFrame(frame);
      unsubscribe();
      if (streamId !== undefined) void call('stacks.logs.stop', { streamId }).catch(() => undefined);
    };
  }, [key, active, stackId, service, tail, follow]);

  const mine = collected?.key === key ? collected : undefined;
  return {
    lines: mine?.lines ?? [],
    dropped: mine?.dropped ?? 0,
    ended: mine?.ended ?? false,
    error: mine?.error,
    startFailure: mine?.startFailure,
    restart: () => setAttempt((count) => count + 1),
  };
}
