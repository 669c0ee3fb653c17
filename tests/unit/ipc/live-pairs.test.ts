/**
 * The contract pairs each piece of state with the event that carries its changes (preload/api.ts, liveValues and
 * liveCollections, livePatchedLists); the renderer's live stores accept only those pairs. Here: every pair is real —
 * the event exists and carries exactly what the call answers (a value), one item of what it lists (a collection), or
 * changes made of the items it lists (a patched list).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { calls, events, liveCollections, livePatchedLists, liveValues } from '../../../preload/api';

const shape = (schema: z.ZodType) => JSON.stringify(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }));

describe('contract: list calls paired with their change events', () => {
  it.each(Object.entries(liveValues))('%s is followed by %s, which carries the same value', (call, event) => {
    expect(Object.keys(events)).toContain(event);
    expect(shape(events[event as keyof typeof events])).toBe(shape(calls[call as keyof typeof calls].response));
  });

  it.each(Object.entries(liveCollections))('%s is followed by %s, which carries one listed item', (call, event) => {
    const response = calls[call as keyof typeof calls].response;
    expect(response).toBeInstanceOf(z.ZodArray);
    expect(shape(events[event as keyof typeof events])).toBe(shape((response as z.ZodArray<z.ZodType>).element));
  });

  it.each(Object.entries(livePatchedLists))('%s is followed by %s, which carries changed items of the list', (call, event) => {
    const response = calls[call as keyof typeof calls].response as z.ZodObject<{ items: z.ZodArray<z.ZodType> }>;
    const change = events[event as keyof typeof events] as z.ZodObject<{ changed: z.ZodArray<z.ZodType> }>;
    expect(shape(change.shape.changed.element)).toBe(shape(response.shape.items.element));
    expect(Object.keys(change.shape).sort()).toEqual(['changed', 'feed', 'removed', 'version']);
  });
});
