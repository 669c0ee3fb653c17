/**
 * PullService rules that need exact control over what the engine says and when: joining, queueing, cancelling,
 * the anonymous retry, error shaping and "nothing after the final update". The engine here is a small double
 * of the dockerode client; tests/integration/pull.test.ts runs the same service against the real engine.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PullViewSchema, type PullView } from '../../../preload/api';
import { StevedoreError } from '../../../main/core/errors';
import type { PullCredentials, ResolvePullCredentials } from '../../../main/core/pull/credentials';
import { PullService, type PullServiceOptions } from '../../../main/core/pull/service';
import type { DockerAuthConfig } from '../../../main/core/credentials/registry-types';
import { DIGEST, EngineDouble, send, succeed } from './engine-double';
import { downloading, fsLayer } from './messages';

const SECRET = 's3cret-canary-91b2';

const storedRegistry = (auth = true): PullCredentials => {
  const credentials: { explanation: PullCredentials['explanation']; auth?: DockerAuthConfig } = {
    explanation: {
      source: 'registry',
      summary: "127.0.0.1:5001/team/app:1.0 uses registry 'Team' (pattern 'team/*' → 127.0.0.1:5001/team/*) as alice, sent to 127.0.0.1:5001.",
      reason: "Uses registry 'Team' (pattern 'team/*' → 127.0.0.1:5001/team/*) as alice, sent to 127.0.0.1:5001.",
      registry: { id: 'r1', name: 'Team' },
      pattern: { written: 'team/*', expanded: '127.0.0.1:5001/team/*' },
      username: 'alice',
    },
  };
  if (auth) credentials.auth = { username: 'alice', password: SECRET, serveraddress: '127.0.0.1:5001' };
  return credentials;
};

const services: PullService[] = [];
afterEach(() => {
  for (const service of services.splice(0)) service.cancelAll();
  vi.useRealTimers();
});

/**
 * A controlled clock for the throttle (its interval timer and `Date.now`): the engine double's replies and the
 * streams still run on the real event loop (setImmediate, I/O), so the clock moves only when a test moves it.
 */
function controlClock(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
}

/** Waits, turn by turn of the event loop and without moving the controlled clock, until `condition` holds. */
async function untilWithClockStill(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

function setup(options: { maxConcurrent?: number; resolve?: ResolvePullCredentials; remotePlatforms?: PullServiceOptions['remotePlatforms'] } = {}) {
  const engine = new EngineDouble();
  const updates: PullView[] = [];
  const finished: PullView[] = [];
  const service = new PullService({
    docker: () => engine.client,
    resolve: options.resolve ?? (async () => storedRegistry()),
    maxConcurrent: () => options.maxConcurrent ?? 3,
    engineEndpoint: () => 'unix:///tmp/test-engine.sock',
    throttleMs: 20,
    onFinished: (view) => finished.push(view),
    ...(options.remotePlatforms === undefined ? {} : { remotePlatforms: options.remotePlatforms }),
  });
  services.push(service);
  service.onProgress((view) => updates.push(PullViewSchema.parse(view)));
  return { engine, service, updates, finished };
}

describe('PullService', () => {
  it('pulls with the resolved credentials and ends done with digest, image id, size and 100%', async () => {
    const { engine, service, updates, finished } = setup();
    const view = service.start({ image: '127.0.0.1:5001/team/app:1.0' });
    expect(view).toMatchObject({ image: '127.0.0.1:5001/team/app:1.0', familiar: '127.0.0.1:5001/team/app:1.0' });
    const call = await engine.pullCount(1);
    expect(call.reference).toBe('127.0.0.1:5001/team/app:1.0');
    expect(call.options.authconfig).toEqual({ username: 'alice', password: SECRET, serveraddress: '127.0.0.1:5001' });
    succeed(call);
    const final = await service.waitFor(view.id);
    expect(final).toMatchObject({ state: 'done', percent: 100, digest: DIGEST, imageId: 'sha256:image-id', sizeBytes: 1234, notes: [] });
    expect(final.credential).toEqual({ source: 'registry', summary: storedRegistry().explanation.summary, reason: storedRegistry().explanation.reason });
    expect(updates.at(-1)).toEqual(final);
    expect(updates.filter((update) => update.state === 'done')).toHaveLength(1);
    expect(finished).toEqual([final]);
    expect(JSON.stringify(updates)).not.toContain(SECRET);
  });

  it('pulls a digest reference by digest', async () => {
    const { engine, service } = setup();
    service.start({ image: `127.0.0.1:5001/team/app:1.0@${DIGEST}` });
    expect((await engine.pullCount(1)).reference).toBe(`127.0.0.1:5001/team/app@${DIGEST}`);
  });

  it('refuses an invalid reference before anything is queued', () => {
    const { service, engine } = setup();
    expect(() => service.start({ image: 'Nginx:latest' })).toThrow(expect.objectContaining({ code: 'REFERENCE_INVALID' }));
    expect(() => service.start({ image: '   ' })).toThrow(expect.objectContaining({ code: 'REFERENCE_INVALID' }));
    expect(() => service.start({ image: 'nginx', platform: 'linux' })).toThrow(expect.objectContaining({ code: 'PLATFORM_INVALID' }));
    expect(service.list()).toEqual([]);
    expect(engine.pulls).toHaveLength(0);
  });

  it('joins a second request for the same image and platform, however it is spelled', async () => {
    const { engine, service } = setup();
    const first = service.start({ image: 'docker.io/library/nginx:latest' });
    const second = service.start({ image: 'nginx', oneTimeCredentials: { username: 'bob', password: 'ignored-secret' } });
    const otherPlatform = service.start({ image: 'nginx', platform: 'linux/amd64' });
    expect(second.id).toBe(first.id);
    expect(otherPlatform.id).not.toBe(first.id);
    succeed(await engine.pullCount(1));
    succeed(await engine.pullCount(2));
    // Once both have finished nothing is left that could start another pull.
    await Promise.all([service.waitFor(first.id), service.waitFor(otherPlatform.id)]);
    expect(engine.pulls).toHaveLength(2);
    expect(engine.pulls.map((call) => call.options.authconfig)).not.toContainEqual(expect.objectContaining({ username: 'bob' }));
  });

  it('queues beyond the concurrency limit with 1-based positions, and starts the next when one finishes', async () => {
    const { engine, service } = setup({ maxConcurrent: 1 });
    const a = service.start({ image: '127.0.0.1:5001/team/a' });
    const b = service.start({ image: '127.0.0.1:5001/team/b' });
    const c = service.start({ image: '127.0.0.1:5001/team/c' });
    expect(b).toMatchObject({ state: 'queued', queuePosition: 1 });
    expect(c).toMatchObject({ state: 'queued', queuePosition: 2 });
    expect(service.list().map((view) => [view.id, view.state, view.queuePosition])).toEqual([
      [a.id, 'checking', undefined],
      [b.id, 'queued', 1],
      [c.id, 'queued', 2],
    ]);
    succeed(await engine.pullCount(1));
    await service.waitFor(a.id);
    expect(service.get(c.id)).toMatchObject({ state: 'queued', queuePosition: 1 });
    expect(['checking', 'pulling']).toContain(service.get(b.id)?.state);
    expect(service.list().map((view) => view.id)).toEqual([b.id, c.id, a.id]);
  });

  it("starts a deploy's pulls at once past the limit (as compose does), while a user's pull still waits for a slot", async () => {
    const { engine, service, finished } = setup({ maxConcurrent: 1 });
    const user = service.start({ image: '127.0.0.1:5001/team/user' });
    const deploy = ['a', 'b', 'c'].map((name) => service.start({ image: `127.0.0.1:5001/team/${name}` }, { forDeploy: true }));
    expect(deploy.map((view) => view.state)).toEqual(['checking', 'checking', 'checking']);
    const later = service.start({ image: '127.0.0.1:5001/team/later' });
    expect(later).toMatchObject({ state: 'queued', queuePosition: 1 });
    await engine.pullCount(4);
    for (const call of engine.pulls) succeed(call);
    await Promise.all([user, ...deploy].map((view) => service.waitFor(view.id)));
    expect(finished).toHaveLength(4);
    // The deploy's pulls count against the limit: the user's next pull starts once they are done.
    succeed(await engine.pullCount(5));
    expect(await service.waitFor(later.id)).toMatchObject({ state: 'done' });
  });

  it("a deploy joining a user's queued pull starts it at once, and the deploy re-checks it", async () => {
    const finishedFlags: Array<[string, boolean]> = [];
    const engine = new EngineDouble();
    const service = new PullService({
      docker: () => engine.client,
      resolve: async () => storedRegistry(),
      maxConcurrent: () => 1,
      throttleMs: 20,
      onFinished: (view, how) => finishedFlags.push([view.image.split('/').pop() ?? '', how.forDeploy]),
    });
    services.push(service);
    const first = service.start({ image: '127.0.0.1:5001/team/first' });
    const queued = service.start({ image: '127.0.0.1:5001/team/shared' });
    expect(queued.state).toBe('queued');
    const joined = service.start({ image: '127.0.0.1:5001/team/shared' }, { forDeploy: true });
    expect(joined.id).toBe(queued.id);
    expect(joined.state).toBe('checking');
    succeed(await engine.pullCount(2));
    succeed(await engine.pullCount(1));
    await Promise.all([service.waitFor(first.id), service.waitFor(queued.id)]);
    expect(finishedFlags.sort()).toEqual([
      ['first:latest', false],
      ['shared:latest', true],
    ]);
  });

  it('cancels a queued pull: off the queue, final state cancelled, and it never reaches the engine', async () => {
    const { engine, service, updates } = setup({ maxConcurrent: 1 });
    const running = service.start({ image: '127.0.0.1:5001/team/a' });
    const queued = service.start({ image: '127.0.0.1:5001/team/b' });
    expect(service.cancel(queued.id)).toBe(true);
    const final = await service.waitFor(queued.id);
    expect(final).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED' } });
    expect(service.cancel(queued.id)).toBe(false);
    succeed(await engine.pullCount(1));
    // The queue moves on when a pull finishes: after that, the cancelled one would have started if it were queued.
    await service.waitFor(running.id);
    expect(engine.pulls.map((call) => call.reference)).toEqual(['127.0.0.1:5001/team/a:latest']);
    expect(updates.filter((update) => update.id === queued.id).at(-1)).toEqual(final);
  });

  it('cancels a running pull: ends the engine request, and sends nothing after the final update', async () => {
    controlClock();
    const { engine, service, updates } = setup();
    const view = service.start({ image: '127.0.0.1:5001/team/app:1.0' });
    const call = await engine.pullCount(1);
    send(call, fsLayer('l1'), downloading('l1', 10, 1000));
    // The first change went out at once; the next ones, inside the interval, are held for its end.
    await untilWithClockStill(() => updates.some((update) => update.id === view.id) && vi.getTimerCount() > 0);
    expect(service.cancel(view.id)).toBe(true);
    expect(call.stream.destroyed).toBe(true);
    const final = await service.waitFor(view.id);
    expect(final).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED', title: 'Cancelled' } });
    expect(final.percent).toBeLessThan(100);
    // Whatever was still pending would go out now: nothing is.
    await vi.runAllTimersAsync();
    const mine = updates.filter((update) => update.id === view.id);
    expect(mine.at(-1)).toEqual(final);
    expect(mine.filter((update) => update.state === 'cancelled')).toHaveLength(1);
    // A new request for the same image is a new pull, not the cancelled one.
    const again = service.start({ image: '127.0.0.1:5001/team/app:1.0' });
    expect(again.id).not.toBe(view.id);
  });

  it('turns an error message inside the stream into a failure, with the credential summary and the secret redacted', async () => {
    const { engine, service } = setup();
    const view = service.start({ image: '127.0.0.1:5001/team/app:1.0' });
    const call = await engine.pullCount(1);
    send(call, { errorDetail: { message: `manifest for 127.0.0.1:5001/team/app:1.0 not found: manifest unknown (${SECRET})` }, error: 'x' });
    call.stream.end();
    const final = await service.waitFor(view.id);
    expect(final.state).toBe('failed');
    expect(final.error).toMatchObject({ code: 'NOT_FOUND', credential: storedRegistry().explanation.summary });
    expect(final.error?.detail).toContain('manifest unknown');
    expect(JSON.stringify(final)).not.toContain(SECRET);
  });

  it('turns an HTTP error from the pull request into a failure', async () => {
    const { engine, service } = setup();
    engine.pullError = () =>
      Object.assign(new Error('(HTTP code 404) unexpected - manifest unknown '), {
        statusCode: 404,
        json: { message: 'manifest for 127.0.0.1:5001/team/app:nope not found: manifest unknown: manifest unknown' },
      });
    const final = await service.waitFor(service.start({ image: '127.0.0.1:5001/team/app:nope' }).id);
    expect(final.error).toMatchObject({ code: 'NOT_FOUND', detail: 'manifest for 127.0.0.1:5001/team/app:nope not found: manifest unknown: manifest unknown' });
  });

  it('names the engine endpoint when the engine socket cannot be reached', async () => {
    const { engine, service } = setup();
    engine.pullError = () => Object.assign(new Error('connect ECONNREFUSED /tmp/test-engine.sock'), { code: 'ECONNREFUSED' });
    const final = await service.waitFor(service.start({ image: 'nginx' }).id);
    expect(final.error?.code).toBe('ENGINE_UNREACHABLE');
    expect(final.error?.cause).toContain('unix:///tmp/test-engine.sock');
  });

  it('retries once anonymously when stored credentials are rejected, and says so', async () => {
    const { engine, service } = setup();
    engine.pullError = (options) => (options.authconfig ? Object.assign(new Error('unauthorized: authentication required'), { statusCode: 500 }) : undefined);
    const view = service.start({ image: '127.0.0.1:5001/team/app:1.0' });
    const anonymous = await engine.pullCount(1);
    expect(anonymous.options.authconfig).toBeUndefined();
    succeed(anonymous);
    const final = await service.waitFor(view.id);
    expect(final.state).toBe('done');
    expect(final.notes).toEqual(['The stored credentials of “Team” were rejected by 127.0.0.1:5001; the image was pulled anonymously.']);
  });

  it('reports the original UNAUTHORIZED failure, naming registry and pattern, when the anonymous retry fails too', async () => {
    const { engine, service } = setup();
    engine.pullError = (options) =>
      new Error(options.authconfig ? `unauthorized: authentication required ${SECRET}` : 'Head http://127.0.0.1:5001/v2/team/app/manifests/1.0: no basic auth credentials');
    const final = await service.waitFor(service.start({ image: '127.0.0.1:5001/team/app:1.0' }).id);
    expect(final.state).toBe('failed');
    expect(final.error?.code).toBe('UNAUTHORIZED');
    expect(final.error?.detail).toBe('unauthorized: authentication required •••');
    expect(final.error?.cause).toContain('“Team”');
    expect(final.error?.cause).toContain('127.0.0.1:5001/team/*');
    expect(final.error?.credential).toContain("registry 'Team'");
    expect(final.notes[0]).toContain('no basic auth credentials');
    // The note reads as words: the title, not the internal code.
    expect(final.notes[0]).toContain('127.0.0.1:5001 did not accept the credentials');
    expect(final.notes[0]).not.toContain('UNAUTHORIZED');
  });

  it('does not retry rejected one-time credentials', async () => {
    const oneTime = { username: 'carol', password: 'one-time-canary-55' };
    const { engine, service } = setup({
      resolve: async (_image, given) => ({
        explanation: { source: 'one-time', summary: 'uses the one-time credentials of carol', reason: 'uses the one-time credentials of carol' },
        auth: { username: given?.username ?? '', password: given?.password ?? '', serveraddress: '127.0.0.1:5001' },
      }),
    });
    let calls = 0;
    engine.pullError = () => {
      calls += 1;
      return new Error('unauthorized: incorrect username or password one-time-canary-55');
    };
    const final = await service.waitFor(service.start({ image: '127.0.0.1:5001/team/app:1.0', oneTimeCredentials: oneTime }).id);
    expect(calls).toBe(1);
    expect(final.error?.code).toBe('UNAUTHORIZED');
    expect(JSON.stringify(final)).not.toContain('one-time-canary-55');
  });

  it('checks the platform first and fails with the platforms the image has, without pulling', async () => {
    const { engine, service } = setup();
    engine.distribution = {
      Platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64', variant: 'v8' },
      ],
    };
    const final = await service.waitFor(service.start({ image: '127.0.0.1:5001/team/multi:1.0', platform: 'linux/s390x' }).id);
    expect(final.error).toMatchObject({ code: 'PLATFORM' });
    expect(final.error?.cause).toContain('linux/amd64, linux/arm64/v8');
    expect(engine.distributionCalls).toEqual([
      { path: '/distribution/127.0.0.1:5001/team/multi:1.0/json', auth: { username: 'alice', password: SECRET, serveraddress: '127.0.0.1:5001' } },
    ]);
    expect(engine.pulls).toHaveLength(0);
  });

  it('asks the registry client, with the same credential, when the engine names no platforms for an index', async () => {
    const remoteCalls: Array<{ reference: string; auth: unknown }> = [];
    const { engine, service } = setup({
      remotePlatforms: async (reference, auth) => {
        remoteCalls.push({ reference, auth });
        return [{ os: 'linux', architecture: 'amd64' }];
      },
    });
    engine.distribution = { Descriptor: { mediaType: 'application/vnd.oci.image.index.v1+json' }, Platforms: [] };
    const final = await service.waitFor(service.start({ image: '127.0.0.1:5001/team/multi:1.0', platform: 'linux/s390x' }).id);
    expect(final.error).toMatchObject({ code: 'PLATFORM' });
    expect(final.error?.cause).toContain('linux/amd64');
    expect(remoteCalls).toEqual([{ reference: '127.0.0.1:5001/team/multi:1.0', auth: { username: 'alice', password: SECRET, serveraddress: '127.0.0.1:5001' } }]);
    expect(engine.pulls).toHaveLength(0);
  });

  it('pulls with the platform when the image offers it', async () => {
    const { engine, service } = setup();
    service.start({ image: '127.0.0.1:5001/team/multi:1.0', platform: 'linux/amd64' });
    expect((await engine.pullCount(1)).options.platform).toBe('linux/amd64');
  });

  it('fails with CREDENTIALS_UNAVAILABLE when the stored secret cannot be read', async () => {
    const { service, engine } = setup({
      resolve: async () => {
        throw new StevedoreError('SECRET_UNAVAILABLE', "The stored password or token of registry 'Team' could not be decrypted.");
      },
    });
    const final = await service.waitFor(service.start({ image: '127.0.0.1:5001/team/app' }).id);
    expect(final.error).toMatchObject({ code: 'CREDENTIALS_UNAVAILABLE', cause: "The stored password or token of registry 'Team' could not be decrypted." });
    expect(engine.pulls).toHaveLength(0);
  });

  it('fails with KEYRING_NO_ANSWER, advising to answer the keyring, when the keyring did not answer', async () => {
    const message = "The pull needs the stored password of registry 'Team'. The system keyring did not answer within 60 seconds.";
    const { service, engine } = setup({
      resolve: async () => {
        throw new StevedoreError('SECRET_STORAGE_NO_ANSWER', message);
      },
    });
    const final = await service.waitFor(service.start({ image: '127.0.0.1:5001/team/app' }).id);
    expect(final.error).toMatchObject({ code: 'KEYRING_NO_ANSWER', cause: message });
    expect(final.error?.fix).toMatch(/password prompt/);
    expect(final.error?.fix).not.toMatch(/again in Registries/);
    expect(engine.pulls).toHaveLength(0);
  });

  it('keeps the last 20 finished pulls, newest first, and forgets older ones', async () => {
    const { engine, service } = setup({ resolve: async () => storedRegistry(false) });
    engine.pullError = () => new Error('manifest unknown');
    const ids: string[] = [];
    for (let index = 0; index < 22; index += 1) {
      const id = service.start({ image: `127.0.0.1:5001/team/app${index}` }).id;
      ids.push(id);
      await service.waitFor(id);
    }
    expect(service.list().map((view) => view.id)).toEqual(ids.slice(2).reverse());
    await expect(service.waitFor(ids[0] ?? '')).rejects.toMatchObject({ code: 'PULL_NOT_FOUND' });
    expect(service.get(ids[21] ?? '')?.state).toBe('failed');
  });

  it('throttles updates of a fast stream and always delivers the final state last', async () => {
    // The clock stands still while the stream is read, so every change after the first falls inside one interval.
    controlClock();
    const { engine, service, updates } = setup();
    const view = service.start({ image: '127.0.0.1:5001/team/app:1.0' });
    const call = await engine.pullCount(1);
    send(call, fsLayer('l1'));
    for (let current = 1; current <= 2000; current += 1) send(call, downloading('l1', current, 2000));
    succeed(call);
    const final = await service.waitFor(view.id);
    const mine = updates.filter((update) => update.id === view.id);
    // The leading update of the first change (queued, then pulling) and the final one: 2,000 changes folded away.
    expect(mine.length).toBeLessThanOrEqual(3);
    expect(mine.at(-1)).toEqual(final);
    const percents = mine.map((update) => update.percent);
    expect(percents.every((percent, index) => index === 0 || percent >= (percents[index - 1] ?? 0))).toBe(true);
  });
});
