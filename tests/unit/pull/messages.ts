/** Builders for Docker pull stream messages, spelled exactly as the engine sends them. */
import type { PullStreamMessage } from '../../../main/core/pull/progress';

export const pullingFrom = (repository: string, tag: string): PullStreamMessage => ({ status: `Pulling from ${repository}`, id: tag });
export const fsLayer = (id: string): PullStreamMessage => ({ status: 'Pulling fs layer', progressDetail: {}, id });
export const waiting = (id: string): PullStreamMessage => ({ status: 'Waiting', progressDetail: {}, id });
export const downloading = (id: string, current: number, total: number): PullStreamMessage => ({
  status: 'Downloading',
  progressDetail: { current, total },
  progress: `[==>  ] ${current}B/${total}B`,
  id,
});
export const verifying = (id: string): PullStreamMessage => ({ status: 'Verifying Checksum', progressDetail: {}, id });
export const downloaded = (id: string): PullStreamMessage => ({ status: 'Download complete', progressDetail: {}, id });
export const extracting = (id: string, current: number, total: number): PullStreamMessage => ({
  status: 'Extracting',
  progressDetail: { current, total },
  progress: `[==>  ] ${current}B/${total}B`,
  id,
});
export const complete = (id: string): PullStreamMessage => ({ status: 'Pull complete', progressDetail: {}, id });
export const exists = (id: string): PullStreamMessage => ({ status: 'Already exists', progressDetail: {}, id });
export const digestLine = (digest: string): PullStreamMessage => ({ status: `Digest: ${digest}` });
export const statusLine = (text: string): PullStreamMessage => ({ status: `Status: ${text}` });

/** Every message one layer goes through, in the engine's order, with `steps` progress messages per phase. */
export function layerLifecycle(id: string, size: number, steps = 4): PullStreamMessage[] {
  const messages: PullStreamMessage[] = [];
  for (let step = 1; step <= steps; step += 1) messages.push(downloading(id, Math.round((size * step) / steps), size));
  messages.push(verifying(id), downloaded(id));
  for (let step = 1; step <= steps; step += 1) messages.push(extracting(id, Math.round((size * step) / steps), size));
  messages.push(complete(id));
  return messages;
}
