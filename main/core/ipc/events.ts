/**
 * Events flow from main to every view. Payloads are shaped by their schema on the way out, so the renderer
 * only ever receives declared fields.
 */
import { eventChannel, events, type EventName, type EventPayload } from '../../../preload/api';

/** Delivers a message on a channel to every connected view (Electron windows, preview sockets, test recorders). */
export interface EventSink {
  send(channel: string, payload: unknown): void;
}

export interface EventPublisher {
  publish<E extends EventName>(name: E, payload: EventPayload<E>): void;
}

export function createEventPublisher(sinks: () => Iterable<EventSink>): EventPublisher {
  return {
    publish(name, payload) {
      const shaped = events[name].parse(payload);
      const channel = eventChannel(name);
      for (const sink of sinks()) sink.send(channel, shaped);
    },
  };
}
