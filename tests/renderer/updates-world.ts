/**
 * The renderer world of tests/renderer/harness.tsx (real bridge, router, core and settings) with main's update
 * answers scripted: `updates.list` answers the given entries at a version, `updates.changed` sends what changed
 * since (as main does, main/core/versioned-diff.ts) when the test says, or a change as the test wrote it,
 * `updates.ignore` changes the entry as main would (state `ignored`, or `not-checked` again), `updates.check` finds
 * what the test set (checkFinds); both send that change, then answer the view's position and status only, as main
 * does. `updates.applyStack` answers what the test set. Every other call goes to the real core.
 */
import type { CallResponse, ImageUpdate, Settings, StackUpdateResult, StevedoreBridge, UpdatesChange, UpdatesList, UpdatesView } from '../../preload/api';
import { VersionedDiff } from '../../main/core/versioned-diff';
import { startWorld, type RendererWorld } from './harness';

export interface UpdatesWorld extends RendererWorld {
  /** The update calls the renderer made, with their requests, in order. */
  requests: Array<{ name: string; request: unknown }>;
  /** Names of every call, update calls included. */
  asked: string[];
  /** Main's view now has these entries; what changed is sent, unless this window is to miss it. */
  emit(images: ImageUpdate[], options?: { missed: true }): void;
  /** Sends this change as it is (one that skips a version, say). */
  emitChange(change: UpdatesChange): void;
  /** The next `updates.check` finds these entries: main sends the change, then answers. */
  checkFinds(images: ImageUpdate[]): void;
  /** The view as main holds it now, at its version. */
  view(): UpdatesList;
  answerApplyStack(result: StackUpdateResult): void;
  /** The settings as main stores them now. */
  settings(): Promise<Settings>;
}

export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString();
}

export function imageUpdate(fields: Partial<ImageUpdate>): ImageUpdate {
  return {
    image: '127.0.0.1:5001/team/app:2.3',
    state: 'update-available',
    newerTags: [],
    imageIds: [],
    usedBy: [],
    staleContainers: [],
    ...fields,
  };
}

export function startUpdatesWorld(images: ImageUpdate[]): UpdatesWorld {
  const world = startWorld();
  let view: UpdatesView = { checking: false, lastCheckAt: new Date().toISOString(), images };
  const diff = new VersionedDiff<ImageUpdate>((entry) => entry.image);
  diff.take(images);
  /** Takes the view as it is now; what changed since, as main sends it. */
  const advance = (): UpdatesChange | undefined => {
    const difference = diff.take(view.images);
    const { images: _images, ...status } = view;
    return difference.kind === 'changed' ? { feed: diff.feed, version: diff.version, ...status, changed: difference.changed, removed: difference.removed } : undefined;
  };
  const versioned = (): UpdatesList => ({ feed: diff.feed, version: diff.version, ...view });
  /** What main answers a check or an opt-out: where the view is, its entries having gone in updates.changed. */
  const position = (): CallResponse<'updates.check'> => {
    const { images: _images, ...status } = view;
    return { feed: diff.feed, version: diff.version, ...status };
  };
  let found: ImageUpdate[] | undefined;
  let applyResult: StackUpdateResult | undefined;
  const listeners = new Set<(payload: UpdatesChange) => void>();
  const send = (change: UpdatesChange | undefined) => {
    if (change !== undefined) for (const listener of listeners) listener(change);
  };
  const requests: UpdatesWorld['requests'] = [];
  const asked: string[] = [];
  const answer = (name: string, request: unknown): unknown => {
    switch (name) {
      case 'updates.list':
        return versioned();
      case 'updates.check':
        if (found !== undefined) view = { ...view, images: found };
        found = undefined;
        send(advance());
        return position();
      case 'updates.ignore': {
        const { image, ignore } = request as { image?: string; ignore: boolean };
        view = { ...view, images: view.images.map((entry) => (entry.image === image ? { ...entry, state: ignore ? 'ignored' : 'not-checked' } : entry)) };
        send(advance());
        return position();
      }
      case 'updates.applyStack':
        if (!applyResult) throw new Error('the test set no answer for updates.applyStack');
        return applyResult;
      default:
        throw new Error(`no scripted answer for ${name}`);
    }
  };
  const real = world.bridge;
  const bridge: StevedoreBridge = {
    invoke: (name, request) => {
      asked.push(name);
      if (!name.startsWith('updates.')) return real.invoke(name, request);
      requests.push({ name, request });
      return Promise.resolve({ ok: true, value: answer(name, request) } as never);
    },
    on: (name, listener) => {
      if (name !== 'updates.changed') return real.on(name, listener);
      const follow = listener as (payload: UpdatesChange) => void;
      listeners.add(follow);
      return () => listeners.delete(follow);
    },
  };
  (window as { stevedore?: StevedoreBridge }).stevedore = bridge;
  return {
    ...world,
    bridge,
    requests,
    asked,
    emit(next, options) {
      view = { ...view, images: next };
      const change = advance();
      if (options?.missed !== true) send(change);
    },
    emitChange(change) {
      send(change);
    },
    checkFinds(images) {
      found = images;
    },
    view: versioned,
    answerApplyStack(result) {
      applyResult = result;
    },
    async settings() {
      const result = await real.invoke('settings.get', undefined);
      if (!result.ok) throw new Error(result.error.message);
      return result.value;
    },
  };
}
