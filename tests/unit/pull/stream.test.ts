import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { PullStreamMessage } from '../../../main/core/pull/progress';
import { followPullStream } from '../../../main/core/pull/stream';

function collect() {
  const stream = new PassThrough();
  const messages: PullStreamMessage[] = [];
  const done = followPullStream(stream, (message) => messages.push(message));
  return { stream, messages, done };
}

describe('followPullStream', () => {
  it('decodes messages split across chunks anywhere, including inside a multi-byte character', async () => {
    const { stream, messages, done } = collect();
    const text = `${JSON.stringify({ status: 'Pulling fs layer', id: 'a' })}\n${JSON.stringify({ status: 'Status: fertig für “x”' })}\r\n`;
    const bytes = Buffer.from(text, 'utf8');
    for (let index = 0; index < bytes.length; index += 3) stream.write(bytes.subarray(index, index + 3));
    stream.end();
    await done;
    expect(messages).toEqual([{ status: 'Pulling fs layer', id: 'a' }, { status: 'Status: fertig für “x”' }]);
  });

  it('reads a last line without a newline and skips lines that are not JSON', async () => {
    const { stream, messages, done } = collect();
    stream.write('not json\n\n{"status":"Downloading","id":"b"}\n{"status":"Pull complete","id":"b"}');
    stream.end();
    await done;
    expect(messages.map((message) => message.status)).toEqual(['Downloading', 'Pull complete']);
  });

  it('rejects when the stream breaks, and when it closes without ending', async () => {
    const broken = collect();
    broken.stream.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    await expect(broken.done).rejects.toThrow('socket hang up');

    const closed = collect();
    closed.stream.write('{"status":"Downloading","id":"c"}\n');
    closed.stream.destroy();
    await expect(closed.done).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(closed.messages).toHaveLength(1);
  });

  it('ends the pull when the consumer throws, instead of throwing out of a stream event', async () => {
    const stream = new PassThrough();
    const done = followPullStream(stream, () => {
      throw new Error('consumer bug');
    });
    stream.write('{"status":"x","id":"d"}\n');
    await expect(done).rejects.toThrow('consumer bug');
  });
});
