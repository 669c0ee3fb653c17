import { useEffect, useState } from 'react';
import type { StackLogBatch } from '../../preload/api';
import { call, getBridge, type CallFailedError } from '../bridge';
import { toCallFailedError } from '../bridge/call';
import { onConnectionRestored } from '../bridge/connection';
import { LogBuffer, NO_LOG_LINES, type LogLines } from './logBuffer';

export interface LogStreamRequest {
  stackId: string;
  service: string;
  tail: number;
  follow: boolean;
}

export interface LogStreamState {
  lines: LogLines;
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
  lines: LogLines;
  dropped: number;
  ended: boolean;
  error: string | undefined;
  startFailure: CallFailedError | undefined;
}

/**
 * Streams one service's logs from main while mounted with the same request, and stops the stream
 * (`stacks.logs.stop`) when the request changes or the view goes away. Undefined request: nothing to stream.
 * When the preview connection comes back after a drop (main ended the stream with the old socket), a stream still
 * following is opened again from the last line shown per container, so no line is shown twice or missed.
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
    const buffer = new LogBuffer(MAX_LINES);
    /** Per container, the time of the last line received: where a stream opened again reads on from. */
    const lastTimes = new Map<string, string>();
    let endedByMain = false;
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
      for (const batch of batches) {
        buffer.append(batch.lines);
        for (const line of batch.lines) if (line.time !== undefined) lastTimes.set(line.container, line.time);
      }
      const endedNow = batches.some((batch) => batch.ended === true);
      endedByMain ||= endedNow;
      const errorNow = batches.findLast((batch) => batch.error !== undefined)?.error;
      const lines = buffer.view();
      const dropped = buffer.dropped;
      setCollected((previous) => {
        const base = previous?.key === key ? previous : { key, lines: NO_LOG_LINES, dropped: 0, ended: false, error: undefined, startFailure: undefined };
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

    const open = (after: Array<{ container: string; time: string }> | undefined, onFailure: (failure: unknown) => void): void => {
      call('stacks.logs.follow', { id: stackId, service, tail, follow, ...(after === undefined ? {} : { after }) }).then((answer) => {
        if (!current) {
          void call('stacks.logs.stop', { streamId: answer.streamId }).catch(() => undefined);
          return;
        }
        streamId = answer.streamId;
        for (const batch of early.splice(0)) if (batch.streamId === streamId) apply(batch);
      }, onFailure);
    };
    open(undefined, (failure: unknown) => {
      if (!current) return;
      const startFailure = toCallFailedError('stacks.logs.follow', failure);
      setCollected({ key, lines: NO_LOG_LINES, dropped: 0, ended: true, error: undefined, startFailure });
    });

    const stopFollowingRestore = onConnectionRestored(() => {
      // Lines already received stay; batches of the new stream wait in `early` until its id is known.
      if (!follow || streamId === undefined || endedByMain) return;
      streamId = undefined;
      early.length = 0;
      open([...lastTimes].map(([container, time]) => ({ container, time })), (failure: unknown) => {
        if (!current) return;
        endedByMain = true;
        const reason = toCallFailedError('stacks.logs.follow', failure).message;
        const error = `The connection to Stevedore dropped and the log could not follow again: ${reason} Restart to follow it again.`;
        setCollected((previous) => ({ ...(previous?.key === key ? previous : { key, lines: NO_LOG_LINES, dropped: 0, error: undefined, startFailure: undefined }), ended: true, error }));
      });
    });

    return () => {
      current = false;
      stopFollowingRestore();
      if (frame !== undefined) cancelAnimationFrame(frame);
      unsubscribe();
      if (streamId !== undefined) void call('stacks.logs.stop', { streamId }).catch(() => undefined);
    };
  }, [key, active, stackId, service, tail, follow]);

  const mine = collected?.key === key ? collected : undefined;
  return {
    lines: mine?.lines ?? NO_LOG_LINES,
    dropped: mine?.dropped ?? 0,
    ended: mine?.ended ?? false,
    error: mine?.error,
    startFailure: mine?.startFailure,
    restart: () => setAttempt((count) => count + 1),
  };
}
