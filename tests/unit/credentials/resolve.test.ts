import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StevedoreError } from '../../../main/core/errors';
import { parseImageReference } from '../../../main/core/credentials/reference';
import type { StoredRegistryRecord } from '../../../main/core/credentials/registry-types';
import { CredentialIndex, createCredentialIndex } from '../../../main/core/credentials/credential-index';
import {
  explainAnonymousRetry,
  explainCredentials,
  resolveCredentials,
  type ResolutionContext,
} from '../../../main/core/credentials/resolve';
import { helperDouble } from './helper-double';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/docker-config');
const NO_DOCKER_CONFIG = path.join(FIXTURES, 'does-not-exist.json');

let created = 0;
/** A stored registry; each call is created one minute after the previous one. */
function registry(fields: Partial<StoredRegistryRecord> & { name: string; address: string }): StoredRegistryRecord {
  created += 1;
  const at = new Date(Date.UTC(2024, 0, 1) + created * 60_000).toISOString();
  return {
    id: `id-${fields.name.toLowerCase().replace(/\W+/g, '-')}`,
    username: `${fields.name.toLowerCase().replace(/\W+/g, '')}-user`,
    hasSecret: true,
    patterns: [],
    isDefault: false,
    createdAt: at,
    updatedAt: at,
    ...fields,
  };
}

function secretOf(id: string): string {
  return `secret-of-${id}`;
}

/** A context whose getSecret records the ids it was asked for. */
function contextFor(registries: StoredRegistryRecord[], extra: Partial<ResolutionContext> = {}): ResolutionContext & { secretsRead: string[] } {
  const secretsRead: string[] = [];
  return {
    registries,
    getSecret: async (id) => {
      secretsRead.push(id);
      return secretOf(id);
    },
    dockerConfigPath: NO_DOCKER_CONFIG,
    secretsRead,
    ...extra,
  };
}

describe('§5 step 1: one-time credentials', () => {
  it('win over everything, are sent only in auth, and no stored secret is decrypted', async () => {
    const team = registry({ name: 'Team', address: 'docker.io', patterns: ['team/*'] });
    const context = contextFor([team], {
      oneTimeCredentials: { username: 'once', password: 'one-time-password' },
      // Never read: a broken config would throw if it were.
      dockerConfigPath: path.join(FIXTURES, 'malformed.json'),
    });
    const resolution = await resolveCredentials('team/app', context);
    expect(resolution.explanation.source).toBe('one-time');
    expect(resolution.explanation.registry).toBeUndefined();
    expect(resolution.auth).toEqual({ username: 'once', password: 'one-time-password', serveraddress: 'https://index.docker.io/v1/' });
    expect(context.secretsRead).toEqual([]);
    expect(resolution.explanation.considered[0]).toMatchObject({
      matched: true,
      used: false,
      reason: expect.stringContaining('one-time credentials were given'),
    });
    expect(JSON.stringify(resolution)).not.toContain('one-time-password');
  });

  it('must have both a username and a password', async () => {
    const context = contextFor([], { oneTimeCredentials: { username: 'once', password: '' } });
    await expect(resolveCredentials('nginx', context)).rejects.toMatchObject({ code: 'CREDENTIALS_INVALID' });
  });

  it('are refused with what to do whichever part is missing: an empty or blank user name, an empty password, or either not text', async () => {
    const refused = [
      { username: '', password: 'pw' },
      { username: '   ', password: 'pw' },
      { username: 'once', password: '' },
      { username: 42, password: 'pw' },
      { username: 'once', password: 42 },
    ];
    for (const oneTimeCredentials of refused) {
      await expect(resolveCredentials('nginx', contextFor([], { oneTimeCredentials: oneTimeCredentials as never }))).rejects.toMatchObject({
        code: 'CREDENTIALS_INVALID',
        message: 'One-time credentials need both a username and a password; fill in both, or leave both empty.',
      });
    }
  });
});

describe('§5 step 2: stored registries whose patterns match', () => {
  it('between registries with the same pattern, takes the one added first, then the lower id when added at the same moment', async () => {
    const at = '2024-06-01T00:00:00.000Z';
    const second = registry({ name: 'Second', address: 'docker.io', patterns: ['team/*'], createdAt: '2024-06-01T00:00:01.000Z', id: 'id-a' });
    const first = registry({ name: 'First', address: 'docker.io', patterns: ['team/*'], createdAt: at, id: 'id-z' });
    expect((await resolveCredentials('team/app', contextFor([second, first]))).explanation.registry?.name).toBe('First');
    const b = registry({ name: 'B', address: 'docker.io', patterns: ['team/*'], createdAt: at, id: 'id-b' });
    const a = registry({ name: 'A', address: 'docker.io', patterns: ['team/*'], createdAt: at, id: 'id-a' });
    expect((await resolveCredentials('team/app', contextFor([b, a]))).explanation.registry?.name).toBe('A');
    expect((await resolveCredentials('team/app', contextFor([a, b]))).explanation.registry?.name).toBe('A');
  });

  it('uses the matching registry, decrypting only its secret, and says which pattern matched', async () => {
    const team = registry({ name: 'Team', address: 'docker.io', patterns: ['team/*'] });
    const other = registry({ name: 'Other', address: 'docker.io', patterns: ['other/*'] });
    const context = contextFor([team, other]);
    const resolution = await resolveCredentials('team/app:1.0', context);
    expect(resolution.explanation).toMatchObject({
      reference: 'docker.io/team/app:1.0',
      host: 'docker.io',
      serverAddress: 'https://index.docker.io/v1/',
      source: 'registry',
      registry: { id: team.id, name: 'Team' },
      pattern: { written: 'team/*', expanded: 'docker.io/team/*', implicit: false },
      username: 'team-user',
    });
    expect(resolution.auth).toEqual({ username: 'team-user', password: secretOf(team.id), serveraddress: 'https://index.docker.io/v1/' });
    expect(context.secretsRead).toEqual([team.id]);
  });

  it('sends credentials of other registries to their canonical host', async () => {
    const ghcr = registry({ name: 'GHCR', address: 'ghcr.io' });
    const resolution = await resolveCredentials('ghcr.io/o/a@sha256:' + 'a'.repeat(64), contextFor([ghcr]));
    expect(resolution.auth?.serveraddress).toBe('ghcr.io');
    expect(resolution.explanation.pattern).toEqual({ written: '**', expanded: 'ghcr.io/**', implicit: true });
  });

  it('matches patterns relative to the registry host only', async () => {
    const ghcrTeam = registry({ name: 'GHCR team', address: 'ghcr.io', patterns: ['team/*'] });
    const resolution = await resolveCredentials('team/app', contextFor([ghcrTeam]));
    expect(resolution.explanation.source).toBe('anonymous');
    expect(resolution.explanation.considered).toEqual([]);
  });

  it('matches library/* against an official image written without it', async () => {
    const official = registry({ name: 'Official', address: 'docker.io', patterns: ['library/*'] });
    expect((await resolveCredentials('nginx', contextFor([official]))).explanation.source).toBe('registry');
    expect((await resolveCredentials('user/nginx', contextFor([official]))).explanation.source).toBe('anonymous');
  });

  it('covers the whole host with a registry that has no patterns', async () => {
    const everything = registry({ name: 'Everything', address: 'localhost:5000' });
    const resolution = await resolveCredentials('localhost:5000/deep/path/app:2', contextFor([everything]));
    expect(resolution.explanation.source).toBe('registry');
    expect(resolution.explanation.considered[0]?.reason).toMatch(/localhost:5000\/\*\* \(no patterns: the whole registry\), the most specific match/);
  });

  it('does not treat localhost/x as Docker Hub', async () => {
    const hub = registry({ name: 'Hub', address: 'docker.io' });
    const local = registry({ name: 'Local', address: 'localhost' });
    const resolution = await resolveCredentials('localhost/x', contextFor([hub, local]));
    expect(resolution.explanation.registry?.name).toBe('Local');
  });

  it('matches IPv6 registries', async () => {
    const v6 = registry({ name: 'V6', address: '[::1]:5000', patterns: ['x/*'] });
    expect((await resolveCredentials('[::1]:5000/x/y', contextFor([v6]))).explanation.registry?.name).toBe('V6');
  });
});

describe('§5 step 2: the most specific pattern wins, one test per step', () => {
  async function winnerAndLoserReason(image: string, registries: StoredRegistryRecord[]) {
    const resolution = await resolveCredentials(image, contextFor(registries));
    const loser = resolution.explanation.considered.find((entry) => entry.matched && !entry.used);
    return { winner: resolution.explanation.registry?.name, reason: loser?.reason };
  }

  it('1. no wildcard beats wildcards', async () => {
    // The wildcard registry is created first, so creation order would pick it.
    const wildcard = registry({ name: 'Wildcard', address: 'docker.io', patterns: ['team/*'] });
    const exact = registry({ name: 'Exact', address: 'docker.io', patterns: ['team/app'] });
    const result = await winnerAndLoserReason('team/app', [wildcard, exact]);
    expect(result.winner).toBe('Exact');
    expect(result.reason).toBe(
      "matches docker.io/team/*, less specific than docker.io/team/app of 'Exact': a pattern without wildcards beats one with wildcards",
    );
  });

  it('2. more wildcard-free segments', async () => {
    const fewer = registry({ name: 'Fewer', address: 'ghcr.io', patterns: ['*/x/*'] });
    const more = registry({ name: 'More', address: 'ghcr.io', patterns: ['org/x/*'] });
    const result = await winnerAndLoserReason('ghcr.io/org/x/app', [fewer, more]);
    expect(result.winner).toBe('More');
    expect(result.reason).toMatch(/less specific than ghcr.io\/org\/x\/\* of 'More': more path segments without wildcards \(2 vs 1\)/);
  });

  it('2. more wildcard-free segments even against more literal characters', async () => {
    const longLiteral = registry({ name: 'Long literal', address: 'ghcr.io', patterns: ['*/averyveryverylongname/*'] });
    const twoSegments = registry({ name: 'Two segments', address: 'ghcr.io', patterns: ['o/averyveryverylongname/**'] });
    const result = await winnerAndLoserReason('ghcr.io/o/averyveryverylongname/app', [longLiteral, twoSegments]);
    expect(result.winner).toBe('Two segments');
  });

  it('3. more literal characters', async () => {
    const short = registry({ name: 'Short', address: 'docker.io', patterns: ['team/*'] });
    const long = registry({ name: 'Long', address: 'docker.io', patterns: ['team/app-*'] });
    const result = await winnerAndLoserReason('team/app-web', [short, long]);
    expect(result.winner).toBe('Long');
    expect(result.reason).toMatch(/more literal characters \(8 vs 4\)/);
  });

  it('4. fewer **', async () => {
    const globstar = registry({ name: 'Globstar', address: 'docker.io', patterns: ['team/**'] });
    const star = registry({ name: 'Star', address: 'docker.io', patterns: ['team/*'] });
    const result = await winnerAndLoserReason('team/app', [globstar, star]);
    expect(result.winner).toBe('Star');
    expect(result.reason).toMatch(/fewer '\*\*' \(0 vs 1\)/);
  });

  it('5. the registry created earlier, whatever the order of the list', async () => {
    const first = registry({ name: 'First', address: 'docker.io', patterns: ['team/*'] });
    const second = registry({ name: 'Second', address: 'docker.io', patterns: ['team/*'] });
    for (const list of [
      [first, second],
      [second, first],
    ]) {
      const result = await winnerAndLoserReason('team/app', list);
      expect(result.winner).toBe('First');
      expect(result.reason).toBe("matches docker.io/team/*, as specific as docker.io/team/* of 'First', which was created earlier");
    }
  });

  it('an explicit pattern beats a registry without patterns', async () => {
    const whole = registry({ name: 'Whole', address: 'docker.io' });
    const team = registry({ name: 'Team', address: 'docker.io', patterns: ['team/**'] });
    const result = await winnerAndLoserReason('team/a/b', [whole, team]);
    expect(result.winner).toBe('Team');
    expect(result.reason).toMatch(/^matches docker.io\/\*\* \(no patterns: the whole registry\), less specific than docker.io\/team\/\*\*/);
  });

  it('takes each registry\'s best pattern', async () => {
    const broad = registry({ name: 'Broad', address: 'docker.io', patterns: ['**', 'team/app'] });
    const mid = registry({ name: 'Mid', address: 'docker.io', patterns: ['team/*'] });
    const resolution = await resolveCredentials('team/app', contextFor([broad, mid]));
    expect(resolution.explanation.registry?.name).toBe('Broad');
    expect(resolution.explanation.pattern?.written).toBe('team/app');
    expect(resolution.explanation.considered[0]?.patterns.map((pattern) => pattern.matches)).toEqual([true, true]);
  });
});

describe('§5 step 3: the default registry of the host', () => {
  it('is used when no pattern matches', async () => {
    const team = registry({ name: 'Team', address: 'docker.io', patterns: ['team/*'] });
    const fallback = registry({ name: 'Fallback', address: 'docker.io', patterns: ['other/*'], isDefault: true });
    const resolution = await resolveCredentials('nginx', contextFor([team, fallback]));
    expect(resolution.explanation).toMatchObject({ source: 'default-registry', registry: { name: 'Fallback' } });
    expect(resolution.explanation.pattern).toBeUndefined();
    expect(resolution.auth?.password).toBe(secretOf(fallback.id));
    const reasons = Object.fromEntries(resolution.explanation.considered.map((entry) => [entry.registry.name, entry.reason]));
    expect(reasons).toEqual({ Team: 'no pattern matches', Fallback: 'no pattern matches; used as the default registry for docker.io' });
  });

  it('is not used when a registry\'s pattern matches', async () => {
    const fallback = registry({ name: 'Fallback', address: 'docker.io', patterns: ['other/*'], isDefault: true });
    const team = registry({ name: 'Team', address: 'docker.io', patterns: ['team/*'] });
    const resolution = await resolveCredentials('team/app', contextFor([fallback, team]));
    expect(resolution.explanation.registry?.name).toBe('Team');
    expect(resolution.explanation.considered.find((entry) => entry.registry.name === 'Fallback')?.reason).toBe(
      "no pattern matches; it is the default registry for docker.io, but 'Team' matched",
    );
  });

  it('belongs to its host only: it never gets another host\'s images', async () => {
    const ghcrDefault = registry({ name: 'GHCR default', address: 'ghcr.io', patterns: ['x/*'], isDefault: true });
    const resolution = await resolveCredentials('nginx', contextFor([ghcrDefault]));
    expect(resolution.explanation.source).toBe('anonymous');
    expect(resolution.auth).toBeUndefined();
  });

  it('picks the earlier one should two defaults exist on a host, and says so', async () => {
    const first = registry({ name: 'First default', address: 'ghcr.io', patterns: ['x/*'], isDefault: true });
    const second = registry({ name: 'Second default', address: 'ghcr.io', patterns: ['y/*'], isDefault: true });
    const resolution = await resolveCredentials('ghcr.io/z/app', contextFor([second, first]));
    expect(resolution.explanation.registry?.name).toBe('First default');
    expect(resolution.explanation.considered[1]?.reason).toMatch(/also marked default for ghcr.io, but 'First default' was created earlier/);
  });
});

describe('a matching registry without credentials means an anonymous pull, and the search ends', () => {
  const dockerConfigPath = path.join(FIXTURES, 'helpers.json');

  it('by pattern: neither the default nor the Docker config is consulted', async () => {
    const public_ = registry({ name: 'Public', address: 'ghcr.io', patterns: ['public/*'], hasSecret: false, username: undefined });
    const fallback = registry({ name: 'Fallback', address: 'ghcr.io', patterns: ['x/*'], isDefault: true });
    const { runHelper, calls } = helperDouble({ stevetest: { 'ghcr.io': { Username: 'h', Secret: 'helper-secret' } }, stevestore: {} });
    const context = contextFor([public_, fallback], { dockerConfigPath, runHelper });
    const resolution = await resolveCredentials('ghcr.io/public/app', context);
    expect(resolution.explanation).toMatchObject({ source: 'anonymous', registry: { name: 'Public' }, pattern: { written: 'public/*' } });
    expect(resolution.explanation.summary).toMatch(/has no credentials: anonymous pull/);
    expect(resolution.explanation.considered[0]?.reason).toBe('matches ghcr.io/public/*, the most specific match; it has no credentials → anonymous pull');
    expect(resolution.auth).toBeUndefined();
    expect(calls).toEqual([]);
    expect(context.secretsRead).toEqual([]);
    expect(resolution.explanation.configFile).toBeUndefined();
  });

  it('as the default registry', async () => {
    const fallback = registry({ name: 'Fallback', address: 'ghcr.io', patterns: ['x/*'], isDefault: true, hasSecret: false });
    const resolution = await resolveCredentials('ghcr.io/y/app', contextFor([fallback], { dockerConfigPath, runHelper: helperDouble({}).runHelper }));
    expect(resolution.explanation).toMatchObject({ source: 'anonymous', registry: { name: 'Fallback' } });
    expect(resolution.explanation.considered[0]?.reason).toBe(
      'no pattern matches; used as the default registry for ghcr.io; it has no credentials → anonymous pull',
    );
  });

  it('a username without a secret is no credentials', async () => {
    const half = registry({ name: 'Half', address: 'ghcr.io', username: 'someone', hasSecret: false });
    const resolution = await resolveCredentials('ghcr.io/a', contextFor([half]));
    expect(resolution.explanation.source).toBe('anonymous');
    expect(resolution.explanation.considered[0]?.hasCredentials).toBe(false);
  });
});

describe('§5 step 4: the Docker config', () => {
  it('is used when no stored registry matches, and the explanation names the file and key', async () => {
    const other = registry({ name: 'Other', address: 'ghcr.io', patterns: ['other/*'] });
    const dockerConfigPath = path.join(FIXTURES, 'auths-key-variants.json');
    const resolution = await resolveCredentials('ghcr.io/team/app', contextFor([other], { dockerConfigPath }));
    expect(resolution.explanation).toMatchObject({
      source: 'docker-config',
      configFile: dockerConfigPath,
      configKey: 'ghcr.io',
      username: 'ghcruser',
    });
    expect(resolution.explanation.registry).toBeUndefined();
    expect(resolution.auth).toEqual({ username: 'ghcruser', password: 'ghcr-password', serveraddress: 'ghcr.io' });
    expect(JSON.stringify(resolution)).not.toContain('ghcr-password');
  });

  it('passes identity tokens on as identitytoken', async () => {
    const resolution = await resolveCredentials('quay.io/o/a', contextFor([], { dockerConfigPath: path.join(FIXTURES, 'auths-key-variants.json') }));
    expect(resolution.auth).toEqual({ identitytoken: 'quay-identity-token', username: 'quayuser', serveraddress: 'quay.io' });
  });

  it('reports a credential helper as the source', async () => {
    const { runHelper } = helperDouble({ stevetest: { 'ghcr.io': { Username: 'helperuser', Secret: 'helper-secret' } } });
    const resolution = await resolveCredentials('ghcr.io/a/b', contextFor([], { dockerConfigPath: path.join(FIXTURES, 'helpers.json'), runHelper }));
    expect(resolution.explanation).toMatchObject({
      source: 'credential-helper',
      helper: 'docker-credential-stevetest',
      configKey: 'ghcr.io',
    });
    expect(resolution.explanation.summary).toContain('credHelpers');
    expect(resolution.auth).toEqual({ username: 'helperuser', password: 'helper-secret', serveraddress: 'ghcr.io' });
  });

  it('reads $DOCKER_CONFIG when the setting is empty', async () => {
    const secretsRead: string[] = [];
    const resolution = await resolveCredentials('localhost:5000/x', {
      registries: [],
      getSecret: async (id) => {
        secretsRead.push(id);
        return undefined;
      },
      env: { DOCKER_CONFIG: '/nonexistent-docker-config-dir' },
      homedir: '/nonexistent-home',
    });
    expect(resolution.explanation.source).toBe('anonymous');
    expect(resolution.explanation.configFile).toBe(path.join('/nonexistent-docker-config-dir', 'config.json'));
    expect(resolution.explanation.notes).toEqual([expect.stringContaining('does not exist')]);
  });

  it('fails clearly on a malformed config rather than guessing', async () => {
    await expect(resolveCredentials('nginx', contextFor([], { dockerConfigPath: path.join(FIXTURES, 'malformed.json') }))).rejects.toMatchObject({
      code: 'DOCKER_CONFIG_INVALID',
    });
  });
});

describe('§5 step 5: anonymous', () => {
  it('when nothing has credentials for the host', async () => {
    const resolution = await resolveCredentials('ghcr.io/a/b', contextFor([registry({ name: 'Hub', address: 'docker.io' })]));
    expect(resolution.explanation).toMatchObject({ source: 'anonymous', host: 'ghcr.io', considered: [], configFile: NO_DOCKER_CONFIG });
    expect(resolution.explanation.summary).toMatch(/no stored registry for ghcr.io and the Docker config .* has no credentials/);
    expect(resolution.auth).toBeUndefined();
    expect('auth' in resolution).toBe(false);
  });
});

describe('§6: the explanation', () => {
  it('lists every stored registry on the host (and only those), earliest first, with patterns and reasons', async () => {
    const a = registry({ name: 'A', address: 'docker.io', patterns: ['team/*', 'other/*'] });
    const b = registry({ name: 'B', address: 'docker.io', patterns: ['team/app'] });
    const c = registry({ name: 'C', address: 'docker.io', patterns: ['nope/*'] });
    const elsewhere = registry({ name: 'Elsewhere', address: 'ghcr.io' });
    const resolution = await resolveCredentials('team/app', contextFor([elsewhere, c, b, a]));
    expect(resolution.explanation.considered).toEqual([
      {
        registry: { id: a.id, name: 'A' },
        isDefault: false,
        hasCredentials: true,
        patterns: [
          { written: 'team/*', expanded: 'docker.io/team/*', implicit: false, matches: true },
          { written: 'other/*', expanded: 'docker.io/other/*', implicit: false, matches: false },
        ],
        matched: true,
        used: false,
        reason: "matches docker.io/team/*, less specific than docker.io/team/app of 'B': a pattern without wildcards beats one with wildcards",
      },
      {
        registry: { id: b.id, name: 'B' },
        isDefault: false,
        hasCredentials: true,
        patterns: [{ written: 'team/app', expanded: 'docker.io/team/app', implicit: false, matches: true }],
        matched: true,
        used: true,
        reason: 'matches docker.io/team/app, the most specific match',
      },
      {
        registry: { id: c.id, name: 'C' },
        isDefault: false,
        hasCredentials: true,
        patterns: [{ written: 'nope/*', expanded: 'docker.io/nope/*', implicit: false, matches: false }],
        matched: false,
        used: false,
        reason: 'no pattern matches',
      },
    ]);
  });

  it('never contains a secret, and logging the resolution does not leak one', async () => {
    const team = registry({ name: 'Team', address: 'docker.io', patterns: ['team/*'] });
    const resolution = await resolveCredentials('team/app', contextFor([team]));
    expect(JSON.stringify(resolution)).not.toContain(secretOf(team.id));
    expect(JSON.stringify(resolution.explanation)).not.toContain(secretOf(team.id));
    expect(Object.keys(resolution)).toEqual(['explanation']);
    expect(resolution.auth?.password).toBe(secretOf(team.id));
  });

  it('shows stored patterns that no longer validate, and they match nothing', async () => {
    const broken = registry({ name: 'Broken', address: 'docker.io', patterns: ['nginx:latest'] });
    const resolution = await resolveCredentials('nginx', contextFor([broken]));
    expect(resolution.explanation.source).toBe('anonymous');
    expect(resolution.explanation.considered[0]).toMatchObject({
      matched: false,
      reason: "no pattern matches (stored pattern 'nginx:latest' no longer valid)",
      patterns: [{ written: 'nginx:latest', matches: false, problem: expect.stringContaining("remove ':latest'") }],
    });
  });

  it('explainCredentials decides the same without decrypting anything', async () => {
    const team = registry({ name: 'Team', address: 'docker.io', patterns: ['team/*'] });
    const context = contextFor([team]);
    const explanation = await explainCredentials('team/app', context);
    expect(explanation).toMatchObject({ source: 'registry', registry: { name: 'Team' } });
    expect(context.secretsRead).toEqual([]);
  });
});

describe('rejected credentials', () => {
  it('the anonymous retry is explained as such, naming whose credentials were rejected', async () => {
    const team = registry({ name: 'Team', address: 'docker.io', patterns: ['team/*'] });
    const resolution = await resolveCredentials('team/app', contextFor([team]));
    const retry = explainAnonymousRetry(resolution.explanation);
    expect(retry).toMatchObject({
      source: 'anonymous',
      registry: { name: 'Team' },
      rejectedCredentials: { source: 'registry', registry: { id: team.id, name: 'Team' } },
      summary: "docker.io rejected the credentials of registry 'Team'; retried anonymously.",
    });
    expect(resolution.explanation.source).toBe('registry');
  });
});

describe('stored secrets that cannot be read', () => {
  it('stop the pull instead of silently going anonymous', async () => {
    const team = registry({ name: 'Team', address: 'docker.io', patterns: ['team/*'] });
    const missing = resolveCredentials('team/app', { ...contextFor([team]), getSecret: async () => undefined });
    await expect(missing).rejects.toMatchObject({ code: 'SECRET_UNAVAILABLE', message: expect.stringContaining("Registry 'Team'") });
    const failing = resolveCredentials('team/app', {
      ...contextFor([team]),
      getSecret: async () => {
        throw new Error('decrypt failed');
      },
    });
    await expect(failing).rejects.toBeInstanceOf(StevedoreError);
  });

  it('say the keyring did not answer, not "enter it again", when that is why', async () => {
    const team = registry({ name: 'Team', address: 'docker.io', patterns: ['team/*'] });
    const waiting = resolveCredentials('team/app', {
      ...contextFor([team]),
      getSecret: async () => {
        throw new StevedoreError('SECRET_STORAGE_NO_ANSWER', 'The system keyring did not answer within 60 seconds. Answer its password prompt, then try again.');
      },
    });
    const error = (await waiting.catch((caught: unknown) => caught)) as StevedoreError;
    expect(error.code).toBe('SECRET_STORAGE_NO_ANSWER');
    expect(error.message).toContain("registry 'Team'");
    expect(error.message).toContain('The system keyring did not answer');
    expect(error.message).not.toContain('Enter it again');
    expect(error.cause).toBeInstanceOf(StevedoreError);
  });

  it('name the registry and what to do when the secret cannot be decrypted, keeping why', async () => {
    const team = registry({ name: 'Team', address: 'docker.io', patterns: ['team/*'] });
    const why = new Error('decrypt failed');
    // Any other refusal of the secret store, a typed one included, is a secret that cannot be read.
    for (const thrown of [why, new StevedoreError('SECRET_UNAVAILABLE', 'no key')]) {
      const error = await resolveCredentials('team/app', {
        ...contextFor([team]),
        getSecret: async () => {
          throw thrown;
        },
      }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({
        code: 'SECRET_UNAVAILABLE',
        message: "The stored password or token of registry 'Team' could not be decrypted, so the pull was not attempted. Enter it again in Registries → Team.",
      });
      expect((error as Error).cause).toBe(thrown);
    }
  });

  it('reject (never throw) when the secret store throws before answering', async () => {
    const team = registry({ name: 'Team', address: 'docker.io', patterns: ['team/*'] });
    const why = new Error('settings unreadable');
    // RegistryService.secretFor is not an async function: whatever it throws must still reach the pull as a rejection.
    const getSecret = (): Promise<string | undefined> => {
      throw why;
    };
    const pending = resolveCredentials('team/app', { ...contextFor([team]), getSecret });
    expect(pending).toBeInstanceOf(Promise);
    const error = await pending.catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'SECRET_UNAVAILABLE', message: expect.stringContaining("registry 'Team' could not be decrypted") });
    expect((error as Error).cause).toBe(why);
  });

  it('reject (never throw) on a reference that cannot be parsed', async () => {
    const pending = resolveCredentials('Not A Valid//Reference', contextFor([]));
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).rejects.toBeInstanceOf(StevedoreError);
  });

  it('stop the pull when the stored secret reads back empty', async () => {
    const team = registry({ name: 'Team', address: 'docker.io', patterns: ['team/*'] });
    await expect(resolveCredentials('team/app', { ...contextFor([team]), getSecret: async () => '' })).rejects.toMatchObject({
      code: 'SECRET_UNAVAILABLE',
      message: "Registry 'Team' says it has a stored password or token, but none could be read, so the pull was not attempted. Enter it again in Registries → Team.",
    });
  });
});

describe('CredentialIndex', () => {
  it('is built once and reused across lookups', async () => {
    const team = registry({ name: 'Team', address: 'docker.io', patterns: ['team/*'] });
    const index = createCredentialIndex([team]);
    expect(index).toBeInstanceOf(CredentialIndex);
    const context = contextFor([]);
    const resolution = await resolveCredentials(parseImageReference('team/app'), { ...context, registries: index });
    expect(resolution.explanation.registry?.name).toBe('Team');
    expect(index.match(parseImageReference('team/x'))).toMatchObject({ kind: 'pattern', registry: team });
    expect(index.match(parseImageReference('other/x'))).toEqual({ kind: 'none' });
  });

  it('skips registries whose stored address is invalid, and reports them', () => {
    const bad = registry({ name: 'Bad', address: 'not a host' });
    const index = createCredentialIndex([bad]);
    expect(index.skipped).toEqual([{ registry: { id: bad.id, name: 'Bad' }, problem: expect.stringContaining('space') }]);
  });

  it('accepts addresses in any accepted spelling', () => {
    const pasted = registry({ name: 'Pasted', address: 'https://Index.Docker.io/v1/', patterns: ['team/*'] });
    expect(createCredentialIndex([pasted]).match(parseImageReference('team/app')).kind).toBe('pattern');
  });

  it('returns frozen shared entries for registries that do not match, so they cannot be altered', async () => {
    const a = registry({ name: 'A', address: 'docker.io', patterns: ['x/*'] });
    const index = createCredentialIndex([a]);
    const [first] = index.consider(parseImageReference('y/z'));
    expect(Object.isFrozen(first)).toBe(true);
    expect(first?.reason).toBe('no pattern matches');
  });
});

describe('the explanation of the choice is built only when someone reads it (issue 15, credential lookup)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const team = () => registry({ name: 'Lazy team', address: 'docker.io', patterns: ['lazy/*'] });
  const other = () => registry({ name: 'Lazy other', address: 'docker.io', patterns: ['elsewhere/*'] });

  it('a pull resolves without listing what every registry on the host did', async () => {
    const index = createCredentialIndex([team(), other()]);
    const consider = vi.spyOn(CredentialIndex.prototype, 'consider');
    const resolution = await resolveCredentials('lazy/app', { ...contextFor([]), registries: index });
    expect(resolution.explanation.summary).toMatch(/uses registry 'Lazy team'/);
    expect(resolution.auth?.password).toBe(secretOf('id-lazy-team'));
    expect(consider).not.toHaveBeenCalled();
  });

  it('the list is the same when it is read afterwards, and it is built once', async () => {
    const records = [team(), other()];
    const index = createCredentialIndex(records);
    const consider = vi.spyOn(CredentialIndex.prototype, 'consider');
    const resolution = await resolveCredentials('lazy/app', { ...contextFor([]), registries: index });
    const first = resolution.explanation.considered;
    expect(first.map((entry) => [entry.registry.name, entry.used])).toEqual([
      ['Lazy team', true],
      ['Lazy other', false],
    ]);
    expect(resolution.explanation.considered).toBe(first);
    expect(JSON.parse(JSON.stringify(resolution.explanation)).considered).toEqual(JSON.parse(JSON.stringify(first)));
    expect(consider).toHaveBeenCalledTimes(1);
  });

  it('a Docker-config lookup still says whether the host had stored registries, without listing them', async () => {
    const index = createCredentialIndex([other()]);
    const consider = vi.spyOn(CredentialIndex.prototype, 'consider');
    const resolution = await resolveCredentials('lazy/app', { ...contextFor([]), registries: index });
    expect(resolution.explanation.summary).toMatch(/no stored registry for docker\.io matches/);
    expect(consider).not.toHaveBeenCalled();
  });
});
