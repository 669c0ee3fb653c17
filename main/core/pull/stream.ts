/**
 * Reads the engine's pull response: newline-delimited JSON, split across chunks anywhere. Unlike
 * `modem.followProgress` it keeps no copy of every message and does not throw on a torn line.
 */
import type { PullStreamMessage } from './progress';

class PrematureEndError extends Error {
  readonly code = 'ECONNRESET';
  constructor() {
    super('the engine closed the pull stream before the pull finished');
    this.name = 'PrematureEndError';
  }
}

/** Calls `onMessage` for each message; resolves when the engine ends the stream, rejects if it breaks. */
export function followPullStream(stream: NodeJS.ReadableStream, onMessage: (message: PullStreamMessage) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let settled = false;
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      if (error === undefined) resolve();
      else reject(error);
    };
    const handleLine = (line: string) => {
      if (line.trim() === '') return;
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        // Not one of the engine's messages; nothing in it can be shown as progress.
        return;
      }
      if (message !== null && typeof message === 'object') onMessage(message as PullStreamMessage);
    };
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      if (settled) return;
      buffered += chunk;
      let newline = buffered.indexOf('\n');
      if (newline === -1) return;
      let start = 0;
      try {
        while (newline !== -1) {
          handleLine(buffered.slice(start, newline));
          start = newline + 1;
          newline = buffered.indexOf('\n', start);
        }
      } catch (error) {
        // A failing consumer ends the pull rather than throwing out of a stream event.
        settle(error);
        return;
      }
      buffered = buffered.slice(start);
    });
    stream.on('end', () => {
      if (!settled) handleLine(buffered);
      settle();
    });
    stream.on('error', (error: unknown) => settle(error));
    stream.on('close', () => settle(new PrematureEndError()));
  });
}
