/**
 * Requests that pass a call's request schema, generated from the schema itself (zod → JSON Schema → fast-check),
 * so fuzzing gets past validation and into the handlers without a hand-kept example per call. Strings come from a
 * pool of values that mean something to the handlers (ids that exist, references, paths, hostile text), clipped to
 * the schema's limits; a string with a pattern is generated from the pattern.
 */
import fc from 'fast-check';
import { z } from 'zod';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

export function validRequests(schema: z.ZodType, strings: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  const json = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
  return arbitraryFor(json, strings);
}

function arbitraryFor(schema: JsonSchema, strings: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => arbitraryFor(alternative, strings)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, property] of Object.entries(properties)) record[key] = arbitraryFor(property, strings);
      return fc.record(record, { requiredKeys: [...required].filter((key) => key in record) });
    }
    case 'array':
      return fc.array(arbitraryFor(schema.items ?? {}, strings), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 5, 5) });
    case 'string': {
      const min = schema.minLength ?? 0;
      const max = schema.maxLength ?? 10_000;
      const base = schema.pattern ? fc.stringMatching(new RegExp(schema.pattern)) : strings;
      return base.map((text) => text.slice(0, max).padEnd(min, 'a'));
    }
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      // No constraint (z.undefined() becomes {}): the call takes no request.
      return fc.constant(undefined);
  }
}
