/**
 * Main's update view, asked once and followed through `updates.changed`. The lookups only find main's answer for a
 * row (by the image ids and stack services main listed): which image is out of date is decided in main.
 */
import { createContext, createElement, useContext, type ReactNode } from 'react';
import { liveValueStore, useAction, useLiveValue, type ActionResult } from '../bridge';
import type { UpdatesView } from '../../preload/api';
import type { ImageUpdate } from './updateText';

export const updatesStore = () => liveValueStore('updates.list', 'updates.changed');

const UpdatesContext = createContext<UpdatesView | undefined>(undefined);

/**
 * Follows main's update view for everything below it (the app shell), so an image row or a service row only reads
 * it: a thousand rows share one subscription, and a component rendered on its own (a table in a test) shows no
 * update state rather than needing a bridge.
 */
export function UpdatesProvider({ children }: { children: ReactNode }) {
  const view = useLiveValue('updates.list', 'updates.changed').value;
  return createElement(UpdatesContext, { value: view }, children);
}

/** The current view, or undefined while it loads, when main could not answer, or outside UpdatesProvider. */
export function useUpdatesView(): UpdatesView | undefined {
  return useContext(UpdatesContext);
}

/** The update entry for a local image (Images screen rows), by the image id main listed it under. */
export function updateForImageId(view: UpdatesView | undefined, imageId: string): ImageUpdate | undefined {
  return view?.images.find((update) => update.imageIds.includes(imageId));
}

/** The update entry for one service of a stack. */
export function updateForService(view: UpdatesView | undefined, stackId: string, service: string): ImageUpdate | undefined {
  return view?.images.find((update) => update.usedBy.some((use) => use.stackId === stackId && use.service === service));
}

/** Each service of the stack that main says has an update, with its entry. */
export function stackServicesWithUpdates(view: UpdatesView | undefined, stackId: string): Array<{ service: string; update: ImageUpdate }> {
  const found: Array<{ service: string; update: ImageUpdate }> = [];
  for (const update of view?.images ?? []) {
    if (update.state !== 'update-available') continue;
    for (const use of update.usedBy) if (use.stackId === stackId) found.push({ service: use.service, update });
  }
  return found.sort((a, b) => a.service.localeCompare(b.service));
}

/** Containers of the stack main found running an image older than the local one, by service. */
export function staleContainersOfService(view: UpdatesView | undefined, stackId: string, service: string): number {
  let count = 0;
  for (const update of view?.images ?? []) {
    count += update.staleContainers.filter((container) => container.stackId === stackId && container.service === service).length;
  }
  return count;
}

/** An update call (check, ignore) whose answer is the new view: the shared store takes it at once. */
export function useUpdatesAction<N extends 'updates.check' | 'updates.ignore'>(name: N) {
  const action = useAction(name);
  const run = async (...args: Parameters<typeof action.run>): Promise<ActionResult<UpdatesView>> => {
    const result = (await action.run(...args)) as ActionResult<UpdatesView>;
    if (result.ok) updatesStore().set(result.value);
    return result;
  };
  return { ...action, run };
}
