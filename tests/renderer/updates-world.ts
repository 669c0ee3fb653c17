/**
 * The renderer world of tests/renderer/harness.tsx (real bridge, router, core and settings) with main's update
 * answers scripted: `updates.list` answers the given entries, `updates.changed` is sent when the test says,
 * `updates.ignore` answers the entry as main would (state `ignored`, or `not-checked` again), and
 * `updates.applyStack` answers what the test set. Every other call goes to the real core.
 */
import type { ImageUpdate, Settings, StackUpdateResult, StevedoreBridge, UpdatesView } from '../../preload/api';
import { startWorld, type RendererWorld } from './harness';

export interface UpdatesWorld extends RendererWorld {
  /** The update calls the renderer made, with their requests, in order. */
  requests: Array<{ name: string; request: unknown }>;
  /** Names of every call, update calls included. */
  asked: string[];
  emit(images: ImageUpdate[]): void;
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
  let applyResult: StackUpdateResult | undefined;
  const listeners = new Set<(payload: UpdatesView) => void>();
  const requests: UpdatesWorld['requests'] = [];
  const asked: string[] = [];
  const answer = (name: string, request: unknown): unknown => {
    switch (name) {
      case 'updates.list':
      case 'updates.check':
        return view;
      case 'updates.ignore': {
        const { image, ignore } = request as { image?: string; ignore: boolean };
        view = { ...view, images: view.images.map((entry) => (entry.image === image ? { ...entry, state: ignore ? 'ignored' : 'not-checked' } : entry)) };
        return view;
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
      const follow = listener as (payload: UpdatesView) => void;
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
    emit(next) {
      view = { ...view, images: next };
      for (const listener of listeners) listener(view);
    },
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
