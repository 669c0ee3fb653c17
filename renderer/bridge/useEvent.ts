import { useEffect, useEffectEvent } from 'react';
import type { EventName, EventPayload } from '../../preload/api';
import { getBridge } from './bridge';

/** Subscribes to a main-process event for as long as the component is mounted. The listener may change freely. */
export function useEvent<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): void {
  const onEvent = useEffectEvent(listener);
  useEffect(() => getBridge().on(name, (payload) => onEvent(payload)), [name]);
}
