/**
 * What the parsers of registry addresses, Image Patterns and image references say about input they refuse, in the
 * cases their other tests do not reach (the mutation run of reference.ts, address.ts and patterns.ts found them
 * without coverage, docs/mutation.md): a port without a host, a long pasted tail quoted only in part, and a value
 * that is not text at all (the IPC contract checks types, but these are also called from core code).
 */
import { describe, expect, it } from 'vitest';
import { checkRegistryHost, normalizeRegistryAddress } from '../../../main/core/credentials/address';
import { expandPattern } from '../../../main/core/credentials/patterns';
import { parseImageReference } from '../../../main/core/credentials/reference';

describe('messages about refused input', () => {
  it('an empty host, and a host longer than 255 characters (255 itself is allowed)', () => {
    expect(checkRegistryHost('')).toEqual({ ok: false, problem: 'the registry host is empty' });
    expect(checkRegistryHost('a'.repeat(255))).toEqual({ ok: true, host: 'a'.repeat(255) });
    expect(checkRegistryHost('a'.repeat(256))).toEqual({ ok: false, problem: 'the registry host is 256 characters long; the limit is 255' });
  });

  it('a port without a host name', () => {
    expect(checkRegistryHost(':5000')).toEqual({ ok: false, problem: "':5000' has a port but no host name" });
  });

  it('quotes only the first 60 characters of a long tail after the host', () => {
    const tail = `/${'a'.repeat(100)}`;
    expect(() => normalizeRegistryAddress(`ghcr.io${tail}`)).toThrow(
      `'${tail.slice(0, 60)}…' is not allowed after the host: a registry address is a host and optional port; use Image Patterns to choose repositories.`,
    );
  });

  it('quotes a short tail whole', () => {
    expect(() => normalizeRegistryAddress('ghcr.io/team')).toThrow(`'/team' is not allowed after the host`);
  });

  it('says what kind of value is expected when it is not text', () => {
    expect(() => normalizeRegistryAddress(5000 as unknown as string)).toThrow('The registry address must be text, e.g. ghcr.io.');
    expect(() => expandPattern(['team/*'] as unknown as string, 'ghcr.io')).toThrow('An Image Pattern must be text, e.g. team/*.');
    expect(() => parseImageReference(null as unknown as string)).toThrow('The image reference must be text, e.g. nginx:1.25.');
  });
});
