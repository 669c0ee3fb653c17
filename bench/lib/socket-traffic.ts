/**
 * What a page receives over the preview's WebSocket (main/preview/server.ts sends `{ type: 'event', channel, payload }`
 * and `{ type: 'result', id, result }` frames), per channel — an answer under the call it answers, from the page's
 * `{ type: 'invoke', id, channel }` — from the DevTools protocol's `Network.webSocketFrameReceived` and `…Sent`; and, when asked, a CPU profile of the same window. Bytes and messages do not
 * depend on the machine's load, so they prove a traffic fix where timings are noisy.
 */
import { writeFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';

export interface ChannelTraffic {
  messages: number;
  bytes: number;
  largestBytes: number;
}

export interface TrafficRecorder {
  /** Stops counting (and profiling); the counts per channel (`result <call channel>` for answers), largest first. */
  stop(): Promise<Map<string, ChannelTraffic>>;
}

/** `profilePath`: where to write a `.cpuprofile` of the window (open it in Chromium's DevTools Performance panel). */
export async function recordSocketTraffic(page: Page, profilePath?: string): Promise<TrafficRecorder> {
  const session = await page.context().newCDPSession(page);
  const traffic = new Map<string, ChannelTraffic>();
  const calls = new Map<number, string>();
  session.on('Network.webSocketFrameSent', ({ response }) => {
    const sent = parsed(response.payloadData);
    if (sent?.type === 'invoke' && typeof sent.id === 'number' && typeof sent.channel === 'string') calls.set(sent.id, sent.channel);
  });
  session.on('Network.webSocketFrameReceived', ({ response }) => {
    const channel = channelOf(parsed(response.payloadData), calls);
    const bytes = Buffer.byteLength(response.payloadData);
    const counted = traffic.get(channel) ?? { messages: 0, bytes: 0, largestBytes: 0 };
    traffic.set(channel, { messages: counted.messages + 1, bytes: counted.bytes + bytes, largestBytes: Math.max(counted.largestBytes, bytes) });
  });
  await session.send('Network.enable');
  if (profilePath !== undefined) {
    await session.send('Profiler.enable');
    await session.send('Profiler.start');
  }
  return {
    async stop() {
      try {
        if (profilePath !== undefined) {
          const { profile } = await session.send('Profiler.stop');
          await writeFile(profilePath, JSON.stringify(profile));
        }
        return new Map([...traffic].sort(([, a], [, b]) => b.bytes - a.bytes));
      } finally {
        await session.detach();
      }
    },
  };
}

interface Frame {
  type?: unknown;
  id?: unknown;
  channel?: unknown;
}

function parsed(frame: string): Frame | undefined {
  try {
    return JSON.parse(frame) as Frame;
  } catch {
    return undefined;
  }
}

function channelOf(message: Frame | undefined, calls: ReadonlyMap<number, string>): string {
  if (message?.type === 'event' && typeof message.channel === 'string') return message.channel;
  if (message?.type === 'result') return `result ${typeof message.id === 'number' ? (calls.get(message.id) ?? 'of an earlier call') : ''}`.trim();
  return 'other';
}

/** `updates.changed 12 msgs 3.1 MB (largest 512 KB)`, one channel per entry. */
export function describeTraffic(traffic: Map<string, ChannelTraffic>): string {
  const size = (bytes: number) => (bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`);
  return [...traffic].map(([channel, counted]) => `${channel} ${counted.messages} msgs ${size(counted.bytes)} (largest ${size(counted.largestBytes)})`).join('; ');
}
