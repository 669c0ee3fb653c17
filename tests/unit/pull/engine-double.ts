/** A small double of the dockerode client for PullService tests: each `pull` gets a stream the test writes to. */
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { DistributionInfo } from '../../../main/core/pull/platform';
import { complete, digestLine, downloaded, downloading, fsLayer, statusLine } from './messages';

export const DIGEST = `sha256:${'cd'.repeat(32)}`;

export interface PullCall {
  reference: string;
  options: Record<string, unknown>;
  stream: PassThrough;
}

/** Answers like the engine: each `pull` gets a stream the test writes to, or an HTTP error. */
export class EngineDouble {
  readonly pulls: PullCall[] = [];
  readonly distributionCalls: Array<{ path: string; auth: unknown }> = [];
  pullError: ((options: Record<string, unknown>) => Error | undefined) | undefined;
  distribution: DistributionInfo = { Platforms: [{ os: 'linux', architecture: 'amd64' }] };
  private waiters: Array<() => void> = [];

  readonly client = {
    pull: async (reference: string, options: Record<string, unknown>) => {
      const error = this.pullError?.(options);
      if (error) throw error;
      const stream = new PassThrough();
      this.pulls.push({ reference, options: { ...options }, stream });
      for (const waiter of this.waiters.splice(0)) waiter();
      return stream;
    },
    getImage: (_name: string) => ({
      inspect: async () => ({ Id: 'sha256:image-id', Size: 1234, RepoDigests: [] }),
    }),
    modem: {
      dial: (options: { path: string; authconfig?: unknown }, callback: (error: unknown, data: unknown) => void) => {
        this.distributionCalls.push({ path: options.path, auth: options.authconfig });
        setImmediate(() => callback(null, this.distribution));
      },
    },
  } as unknown as Docker;

  /** Resolves once the engine has received `count` pulls in all. */
  async pullCount(count: number): Promise<PullCall> {
    while (this.pulls.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
    const call = this.pulls[count - 1];
    if (!call) throw new Error('unreachable');
    return call;
  }
}

export function send(call: PullCall, ...messages: object[]): void {
  for (const message of messages) call.stream.write(`${JSON.stringify(message)}\n`);
}

export function succeed(call: PullCall): void {
  send(call, fsLayer('l1'), downloading('l1', 500, 1000), downloaded('l1'), complete('l1'), digestLine(DIGEST), statusLine('Downloaded newer image'));
  call.stream.end();
}

