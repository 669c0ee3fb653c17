import { describe, expect, it, vi } from 'vitest';
import type { StackService } from '../../../main/core/stacks/service';
import type { TrayStackActions } from '../../../main/core/tray/actions';
import type { FinishSources } from '../../../main/core/tray/finishes';
import type { TrayMenuItem } from '../../../main/core/tray/menu';
import { imageFromClipboard, TrayStateSource, type TraySnapshot, type TrayStackSource } from '../../../main/core/tray/state';
import { connected, disconnected, EngineDouble, PullsDouble, pullView, realLibrary, StacksDouble, stackView } from './doubles';

// Checked by tsc: the real StackService is what the tray programs against (if its API moves, this stops compiling).
export function stackServiceFitsTheTray(service: StackService): TrayStackSource & TrayStackActions & NonNullable<FinishSources['stacks']> {
  return service;
}

/** Lets the asynchronous clipboard reads and stack lists finish. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup(options: { clipboard?: () => string | Promise<string>; withStacks?: boolean } = {}) {
  const pulls = new PullsDouble();
  const library = realLibrary();
  const engine = new EngineDouble();
  const stacks = new StacksDouble();
  const source = new TrayStateSource({
    pulls,
    library,
    engine,
    ...(options.withStacks === false ? {} : { stacks }),
    ...(options.clipboard ? { readClipboardText: options.clipboard } : {}),
  });
  const emitted: TraySnapshot[] = [];
  source.onChange((snapshot) => emitted.push(snapshot));
  return { pulls, library, engine, stacks, source, emitted };
}

const labels = (menu: readonly TrayMenuItem[]): string[] => menu.map((item) => (item.separator ? '---' : item.label));
const quickPull = (snapshot: TraySnapshot): string[] => labels(snapshot.menu.find((item) => item.label === 'Quick pull')?.submenu ?? []);

describe('TrayStateSource', () => {
  it('assembles the tray state from the services', async () => {
    const { pulls, library, stacks, source } = setup({ clipboard: () => ' docker.io/library/redis:7\n' });
    await library.setFavourite('nginx', true);
    await library.recordPull('ghcr.io/acme/api:2.1', 'linux/arm64');
    pulls.views = [
      pullView({ id: 'a', familiar: 'nginx:latest', state: 'pulling', percent: 42.5, bytesDone: 531, bytesTotal: 1000 }),
      pullView({ id: 'b', familiar: 'redis:7', state: 'queued' }),
      pullView({ id: 'c', familiar: 'old:1', state: 'done', percent: 100 }),
    ];
    stacks.stacks = [stackView({ id: 'app:web', name: 'web' }), stackView({ id: 'app:db', name: 'db', state: 'not-deployed' })];
    await source.start();

    expect(source.snapshot.state).toEqual({
      favourites: ['nginx:latest'],
      recents: [{ image: 'ghcr.io/acme/api:2.1', platform: 'linux/arm64' }],
      pulls: [
        { id: 'a', familiar: 'nginx:latest', state: 'pulling', percent: 42.5, bytesDone: 531, bytesTotal: 1000 },
        { id: 'b', familiar: 'redis:7', state: 'queued', percent: 0, bytesDone: 0, bytesTotal: 0 },
      ],
      stacks: [
        { id: 'app:web', name: 'web', status: 'running', readOnly: false },
        { id: 'app:db', name: 'db', status: 'unknown', readOnly: false },
      ],
      clipboardImage: 'redis:7',
      engineConnected: true,
    });
    expect(source.snapshot.tooltip).toBe('Stevedore — 2 pulls · 42%');
    expect(source.snapshot.title).toBe('2 pulls · 42%');
    expect(source.stackName('app:web')).toBe('web');
  });

  it('tells its listeners once for each service event that changes what the tray shows', async () => {
    const { pulls, library, engine, stacks, source, emitted } = setup();
    await source.start();
    emitted.length = 0;

    await library.setFavourite('nginx', true);
    expect(emitted).toHaveLength(1);
    expect(quickPull(emitted[0]!)).toEqual(['Favourites', 'nginx:latest']);

    await library.recordPull('redis:7');
    expect(emitted).toHaveLength(2);
    expect(quickPull(emitted[1]!)).toContain('redis:7');

    pulls.emit(pullView({ id: 'p', familiar: 'redis:7', state: 'pulling', percent: 10, bytesDone: 125, bytesTotal: 1000 }));
    pulls.emit(pullView({ id: 'p', familiar: 'redis:7', state: 'pulling', percent: 20, bytesDone: 250, bytesTotal: 1000 }));
    expect(emitted).toHaveLength(4);
    expect(emitted[3]?.tooltip).toBe('Stevedore — 1 pull · 20%');

    engine.set(disconnected());
    expect(emitted).toHaveLength(5);
    expect(labels(emitted[4]!.menu)).toContain('Engine disconnected');

    stacks.change([stackView({ id: 'app:web', name: 'web' })]);
    expect(emitted).toHaveLength(6);
    expect(emitted[5]?.state.stacks).toEqual([{ id: 'app:web', name: 'web', status: 'unknown', readOnly: false }]);
  });

  it('stays quiet when an event changes nothing the tray shows', async () => {
    const { pulls, library, engine, stacks, source, emitted } = setup();
    stacks.stacks = [stackView({ id: 'app:web', name: 'web' })];
    await library.setFavourite('nginx', true);
    pulls.views = [pullView({ id: 'p', state: 'pulling', percent: 10.2, bytesDone: 127, bytesTotal: 1000 })];
    await source.start();
    emitted.length = 0;

    // More bytes, same whole percentage.
    pulls.emit(pullView({ id: 'p', state: 'pulling', percent: 10.7, bytesDone: 134, bytesTotal: 1000 }));
    // Reconnected to the same engine: a new status, still connected.
    engine.set(connected('2026-01-02T00:00:00.000Z'));
    // The same list again, and a change to a stack started outside Stevedore (the menu hides those).
    stacks.change([stackView({ id: 'app:web', name: 'web' })]);
    stacks.change([stackView({ id: 'app:web', name: 'web' }), stackView({ id: 'project:other', name: 'other', kind: 'external', readOnly: true })]);
    stacks.change([stackView({ id: 'app:web', name: 'web' }), stackView({ id: 'project:other', name: 'other', kind: 'external', readOnly: true, state: 'stopped' })]);
    // The same favourite spelt another way: the library does not even announce it.
    await library.setFavourite('docker.io/library/nginx:latest', true);
    await flush();
    expect(emitted).toEqual([]);

    // An engine that goes away is news; still being away for another reason is not.
    engine.set(disconnected());
    engine.set(disconnected('Permission denied on /var/run/docker.sock.'));
    await flush();
    expect(emitted).toHaveLength(1);
  });

  it('drops a pull from the tray when it finishes, whatever the outcome', async () => {
    const { pulls, source, emitted } = setup();
    await source.start();
    for (const state of ['done', 'failed', 'cancelled'] as const) {
      pulls.emit(pullView({ id: state, state: 'pulling', percent: 50, bytesDone: 50, bytesTotal: 100 }));
      pulls.emit(pullView({ id: state, state }));
      expect(source.snapshot.state.pulls).toEqual([]);
      expect(source.snapshot.tooltip).toBe('Stevedore');
    }
    expect(emitted).toHaveLength(6);
  });

  it('marks every stack status unknown while the engine is disconnected', async () => {
    const { engine, stacks, source } = setup();
    stacks.stacks = [stackView({ id: 'app:web', name: 'web', state: 'partial' })];
    await source.start();
    expect(source.snapshot.state.stacks[0]?.status).toBe('partial');
    engine.set(disconnected());
    expect(source.snapshot.state.stacks[0]?.status).toBe('unknown');
  });

  it('keeps a stack change that arrives while the first list is still being read', async () => {
    const { stacks, source } = setup();
    stacks.stacks = [stackView({ id: 'app:old', name: 'old' })];
    stacks.hold = true;
    const started = source.start();
    stacks.change([stackView({ id: 'app:new', name: 'new' })]);
    stacks.releaseList();
    await started;
    expect(source.snapshot.state.stacks.map((stack) => stack.name)).toEqual(['new']);
  });

  it('shows no stacks when the host has no stacks service', async () => {
    const { source } = setup({ withStacks: false });
    await source.start();
    expect(source.snapshot.menu.find((item) => item.label === 'Stacks')?.submenu).toEqual([{ label: 'No stacks yet', enabled: false }]);
  });

  it('hears nothing after stop', async () => {
    const { pulls, library, source, emitted } = setup();
    await source.start();
    source.stop();
    emitted.length = 0;
    await library.setFavourite('nginx', true);
    pulls.emit(pullView({ id: 'p', state: 'pulling', percent: 5, bytesDone: 5, bytesTotal: 100 }));
    expect(emitted).toEqual([]);
    expect(pulls.listenerCount).toBe(0);
  });

  it('reports a broken listener without stopping the others', async () => {
    const onListenerError = vi.fn();
    const pulls = new PullsDouble();
    const library = realLibrary();
    const source = new TrayStateSource({ pulls, library, engine: new EngineDouble(), onListenerError });
    await source.start();
    const heard: string[] = [];
    source.onChange(() => {
      throw new Error('window gone');
    });
    source.onChange((snapshot) => heard.push(snapshot.tooltip));
    pulls.emit(pullView({ id: 'p', state: 'pulling', percent: 5, bytesDone: 5, bytesTotal: 100 }));
    expect(onListenerError).toHaveBeenCalledWith(expect.objectContaining({ message: 'window gone' }));
    expect(heard).toEqual(['Stevedore — 1 pull · 5%']);
  });
});

describe('the clipboard item', () => {
  it('follows the clipboard when asked (the menu opening), and only announces real changes', async () => {
    let text = '';
    const { source, emitted } = setup({ clipboard: async () => text });
    await source.start();
    emitted.length = 0;

    text = 'nginx:1.25';
    expect(await source.refreshClipboard()).toBe(true);
    expect(emitted).toHaveLength(1);
    expect(source.snapshot.state.clipboardImage).toBe('nginx:1.25');
    expect(labels(source.snapshot.menu)).toContain('Pull nginx:1.25 from clipboard');

    expect(await source.refreshClipboard()).toBe(false);
    text = 'not an image reference';
    expect(await source.refreshClipboard()).toBe(true);
    expect(source.snapshot.state.clipboardImage).toBeUndefined();
    expect(emitted).toHaveLength(2);
  });

  it('catches up on the clipboard whenever something else changes (Linux menus say nothing when they open)', async () => {
    let text = '';
    const { library, source } = setup({ clipboard: () => text });
    await source.start();
    text = 'ghcr.io/acme/api:2.1';
    await library.setFavourite('nginx', true);
    await flush();
    expect(source.snapshot.state.clipboardImage).toBe('ghcr.io/acme/api:2.1');
  });

  it('does not read the clipboard for mere progress of a pull it already shows', async () => {
    let reads = 0;
    const { pulls, source } = setup({
      clipboard: () => {
        reads += 1;
        return '';
      },
    });
    await source.start();
    pulls.emit(pullView({ id: 'p', state: 'pulling', percent: 1, bytesDone: 1, bytesTotal: 100 }));
    const afterStart = reads;
    for (let percent = 2; percent < 50; percent += 1) pulls.emit(pullView({ id: 'p', state: 'pulling', percent, bytesDone: percent, bytesTotal: 100 }));
    expect(reads).toBe(afterStart);
    pulls.emit(pullView({ id: 'p', state: 'done', percent: 100 }));
    expect(reads).toBe(afterStart + 1);
  });

  it('lets the latest read decide when reads overlap', async () => {
    const answers: Array<(text: string) => void> = [];
    const { source } = setup({ clipboard: () => new Promise<string>((resolve) => answers.push(resolve)) });
    const first = source.refreshClipboard();
    const second = source.refreshClipboard();
    answers[1]?.('redis:7');
    answers[0]?.('nginx:1.25');
    expect(await first).toBe(false);
    expect(await second).toBe(true);
    expect(source.snapshot.state.clipboardImage).toBe('redis:7');
  });

  it('treats a clipboard that cannot be read as holding nothing', async () => {
    const { source } = setup({
      clipboard: () => {
        throw new Error('no X display');
      },
    });
    await source.start();
    expect(source.snapshot.state.clipboardImage).toBeUndefined();
    expect(source.snapshot.menu.find((item) => item.label === 'Pull image from clipboard')?.enabled).toBe(false);
  });
});

describe('imageFromClipboard', () => {
  it.each([
    ['nginx', 'nginx:latest'],
    ['  nginx:1.25\n', 'nginx:1.25'],
    ['docker.io/library/nginx:1.25', 'nginx:1.25'],
    ['127.0.0.1:5001/stevedore/small:1.0', '127.0.0.1:5001/stevedore/small:1.0'],
    [`ghcr.io/acme/api@sha256:${'a'.repeat(64)}`, `ghcr.io/acme/api@sha256:${'a'.repeat(64)}`],
  ])('takes %j as %j', (text, image) => {
    expect(imageFromClipboard(text)).toBe(image);
  });

  it.each([
    ['empty', ''],
    ['only whitespace', '  \n'],
    ['upper case', 'Nginx:1.25'],
    ['two words', 'docker pull nginx'],
    ['a sentence', 'see https://example.com/nginx for details'],
    ['a control character', 'nginx\u0007:1.25'],
    ['a Cyrillic look-alike', 'ngin\u0445:1.25'],
    ['a bad tag', 'nginx:-bad'],
    ['a bad digest', 'nginx@sha256:abc'],
    ['an image id', 'f'.repeat(64)],
    ['a whole document', `nginx ${'x'.repeat(5000)}`],
    ['nothing at all', undefined],
  ])('refuses %s', (_case, text) => {
    expect(imageFromClipboard(text)).toBeUndefined();
  });
});
