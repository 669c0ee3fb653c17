/**
 * What the credential index (main/core/credentials/credential-index.ts) tells about each stored registry on an
 * image's host: which of its patterns it is judged by, whether it has credentials at all, the patterns that no longer
 * validate — and that the entry it shares between lookups cannot be changed by one of them.
 */
import { describe, expect, it } from 'vitest';
import { createCredentialIndex } from '../../../main/core/credentials/credential-index';
import { parseImageReference } from '../../../main/core/credentials/reference';
import type { StoredRegistryRecord } from '../../../main/core/credentials/registry-types';

let created = 0;
/** A stored registry with credentials; each is created one minute after the previous one. */
function stored(fields: Partial<StoredRegistryRecord> & { name: string }): StoredRegistryRecord {
  created += 1;
  const at = new Date(Date.UTC(2024, 0, 1) + created * 60_000).toISOString();
  return { id: `id-${fields.name}`, address: 'ghcr.io', username: 'user', hasSecret: true, patterns: [], isDefault: false, createdAt: at, updatedAt: at, ...fields };
}

function considered(records: StoredRegistryRecord[], image: string) {
  return createCredentialIndex(records).consider(parseImageReference(image));
}

describe('credential index: what each registry on the host did', () => {
  it("judges a registry by its most specific matching pattern, whether it wins or loses", () => {
    // '**' is filed where every lookup tests it first, 'team/*' and 'team/app' under 'team': the registry's own
    // best is not simply the first of its patterns that matches.
    const alone = considered([stored({ name: 'Alone', patterns: ['**', 'team/app'] })], 'ghcr.io/team/app:1');
    expect(alone[0]?.reason).toBe('matches ghcr.io/team/app, the most specific match');

    const broad = stored({ name: 'Broad', patterns: ['**', 'team/*'] });
    const narrow = stored({ name: 'Narrow', patterns: ['team/app'] });
    const [broadEntry, narrowEntry] = considered([broad, narrow], 'ghcr.io/team/app:1');
    expect(narrowEntry?.reason).toBe('matches ghcr.io/team/app, the most specific match');
    expect(broadEntry?.reason).toBe(
      "matches ghcr.io/team/*, less specific than ghcr.io/team/app of 'Narrow': a pattern without wildcards beats one with wildcards",
    );
  });

  it('counts a registry with a secret but no user name as one without credentials (a settings file edited by hand)', () => {
    for (const username of [undefined, '']) {
      const record = stored({ name: `Nameless${String(username)}`, patterns: ['team/*'] });
      if (username === undefined) delete record.username;
      else record.username = username;
      const [entry] = considered([record], 'ghcr.io/team/app:1');
      expect(entry).toMatchObject({ hasCredentials: false, used: true });
      expect(entry?.reason).toBe('matches ghcr.io/team/*, the most specific match; it has no credentials → anonymous pull');
    }
  });

  it('lists every stored pattern that no longer validates, in the plural when there are several', () => {
    const one = stored({ name: 'One', patterns: ['app:1'] });
    const two = stored({ name: 'Two', patterns: ['app:1', 'team/app@sha256:abc'] });
    const [oneEntry, twoEntry] = considered([one, two], 'ghcr.io/team/app:1');
    expect(oneEntry?.reason).toBe("no pattern matches (stored pattern 'app:1' no longer valid)");
    expect(twoEntry?.reason).toBe("no pattern matches (stored patterns 'app:1', 'team/app@sha256:abc' no longer valid)");
  });

  it('shares the entry of a registry that did not match between lookups, so no caller can change it for the next', () => {
    const index = createCredentialIndex([stored({ name: 'Elsewhere', patterns: ['elsewhere/*'] })]);
    const image = parseImageReference('ghcr.io/team/app:1');
    const [entry] = index.consider(image);
    if (entry === undefined) throw new Error('the registry on the host must be considered');
    expect(() => entry.patterns.push({ written: 'team/*', implicit: false, matches: true })).toThrow(TypeError);
    expect(() => Object.assign(entry.registry, { name: 'Renamed' })).toThrow(TypeError);
    expect(index.consider(image)[0]).toMatchObject({ registry: { name: 'Elsewhere' }, patterns: [{ written: 'elsewhere/*', matches: false }] });
  });

  it("lets an error of Stevedore's own through instead of passing it off as a registry with an invalid address", () => {
    const broken = { ...stored({ name: 'Broken' }), patterns: undefined } as unknown as StoredRegistryRecord;
    expect(() => createCredentialIndex([broken])).toThrow(TypeError);
    const badAddress = stored({ name: 'BadAddress', address: 'ghcr.io/team' });
    expect(createCredentialIndex([badAddress]).skipped).toEqual([
      { registry: { id: 'id-BadAddress', name: 'BadAddress' }, problem: expect.stringContaining("'/team' is not allowed after the host") },
    ]);
  });
});
