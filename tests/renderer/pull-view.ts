import type { PullView } from '../../preload/api';

/** A pull as main lists it: a finished anonymous Docker Hub pull of `<id>:1`, changed by `patch`. */
export function pullView(id: string, patch: Partial<PullView> = {}): PullView {
  return {
    id,
    image: `docker.io/library/${id}:1`,
    familiar: `${id}:1`,
    state: 'done',
    credential: { source: 'anonymous', summary: 'Anonymous', reason: 'Anonymous' },
    layers: [],
    bytesDone: 0,
    bytesTotal: 0,
    percent: 0,
    startedAt: '2026-11-29T10:00:00.000Z',
    notes: [],
    ...patch,
  };
}
