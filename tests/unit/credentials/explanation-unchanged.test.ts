import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseImageReference, type ImageReference } from '../../../main/core/credentials/reference';
import type { StoredRegistryRecord } from '../../../main/core/credentials/registry-types';
import { createCredentialIndex } from '../../../main/core/credentials/credential-index';
import { explainAnonymousRetry, explainCredentials, resolveCredentials, type ResolutionContext } from '../../../main/core/credentials/resolve';
import { helperDouble } from './helper-double';

/**
 * The explanation (credentials.md §6) word for word, for every kind of outcome, through both entry points: the pull
 * path (`resolveCredentials`, which builds the explanation only when it is read) and "Which credentials…?"
 * (`explainCredentials`). The file snapshot was written by the code before the pull path was made lazy (issue 15), so
 * any change to a summary, a reason or a note shows here.
 */
const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/docker-config');

function registry(index: number, fields: Partial<StoredRegistryRecord> & { name: string; address: string }): StoredRegistryRecord {
  const at = new Date(Date.UTC(2024, 0, 1) + index * 60_000).toISOString();
  return {
    id: `id-${index}`,
    username: `${fields.name.toLowerCase().replace(/\W+/g, '')}-user`,
    hasSecret: true,
    patterns: [],
    isDefault: false,
    createdAt: at,
    updatedAt: at,
    ...fields,
  };
}

const registries: StoredRegistryRecord[] = [
  registry(1, { name: 'Team', address: 'docker.io', patterns: ['team/*', 'team/app-*'] }),
  registry(2, { name: 'Team app', address: 'docker.io', patterns: ['team/app-web'] }),
  registry(3, { name: 'Fallback', address: 'docker.io', patterns: ['fallback/*'], isDefault: true }),
  registry(4, { name: 'Public', address: 'docker.io', patterns: ['public/*'], hasSecret: false, username: undefined }),
  registry(5, { name: 'Broken', address: 'docker.io', patterns: ['has space/*', 'team/**'] }),
  registry(6, { name: 'Whole ghcr', address: 'ghcr.io' }),
  registry(7, { name: 'Quay team', address: 'quay.io', patterns: ['team/*'] }),
];

interface Scenario {
  name: string;
  image: string;
  context?: Partial<ResolutionContext>;
}

const scenarios: Scenario[] = [
  { name: 'one-time credentials over stored registries', image: 'team/app-web:1', context: { oneTimeCredentials: { username: 'once', password: 'pw' } } },
  { name: 'most specific of several matching patterns', image: 'team/app-web:1' },
  { name: 'a less specific pattern', image: 'team/tools' },
  { name: 'a ** pattern', image: 'team/a/b/c' },
  { name: 'the host default registry', image: 'nginx:1.25' },
  { name: 'a matching registry without credentials', image: 'public/thing@sha256:' + 'a'.repeat(64) },
  { name: 'a registry with no patterns (whole registry)', image: 'ghcr.io/org/app:2' },
  { name: 'Docker config auths', image: 'ghcr.io/org/app', context: { registries: [], dockerConfigPath: path.join(FIXTURES, 'auths-key-variants.json') } },
  { name: 'Docker config identity token', image: 'quay.io/other/app', context: { dockerConfigPath: path.join(FIXTURES, 'auths-key-variants.json') } },
  { name: 'credential helper', image: 'ghcr.io/x/y', context: { registries: [], dockerConfigPath: path.join(FIXTURES, 'helpers.json') } },
  { name: 'nothing on a host with stored registries', image: 'quay.io/nobody/app' },
  { name: 'nothing on a host without stored registries', image: 'registry.example.org/app' },
];

function contextFor(scenario: Scenario): ResolutionContext {
  const helper = helperDouble({ stevetest: { 'ghcr.io': { Username: 'helperuser', Secret: 'helper-secret' } } });
  return {
    registries: createCredentialIndex(registries),
    getSecret: async (id) => `secret-of-${id}`,
    dockerConfigPath: path.join(FIXTURES, 'does-not-exist.json'),
    env: {},
    homedir: '/nonexistent-home',
    runHelper: helper.runHelper,
    ...scenario.context,
  };
}

/** Paths of this checkout replaced, so the snapshot holds wherever the repository is cloned. */
function portable(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value).split(FIXTURES).join('<fixtures>'));
}

describe('the explanation of a credential choice', () => {
  it('is word for word what it was, on the pull path and for "Which credentials…?"', async () => {
    const results: Record<string, unknown> = {};
    for (const scenario of scenarios) {
      const pulled = await resolveCredentials(scenario.image, contextFor(scenario));
      const explained = await explainCredentials(scenario.image, contextFor(scenario));
      expect(portable(pulled.explanation), scenario.name).toEqual(portable(explained));
      results[scenario.name] = portable(pulled.explanation);
    }
    await expect(JSON.stringify(results, null, 2) + '\n').toMatchFileSnapshot('../../fixtures/credentials/explanations.json');
  });

  // The preflight's and the deploy's rows show the image in a column of their own: there the summary's first words,
  // the image again, filled the two lines the cell has, and the choice itself was cut to "no…".
  it('says the same without the image, for rows that show the image beside it', async () => {
    for (const scenario of scenarios) {
      const explanation = (await resolveCredentials(scenario.image, contextFor(scenario))).explanation;
      const familiar = parseImageReference(scenario.image).familiarReference;
      expect(explanation.summary, scenario.name).toContain(familiar);
      expect(explanation.reason, scenario.name).not.toContain(familiar);
      expect(explanation.reason, scenario.name).toMatch(/^[A-Z]/);
      expect(explanation.summary.toLowerCase().endsWith(explanation.reason.toLowerCase()), `${scenario.name}: "${explanation.summary}" ends with "${explanation.reason}"`).toBe(true);
    }
    const retried = explainAnonymousRetry((await resolveCredentials('team/tools', contextFor(scenarios[0]!))).explanation);
    expect(retried.reason).toBe(retried.summary);
  });

  it('is not built by a pull that never reads it', async () => {
    const parsed = parseImageReference('team/app-web:1');
    let familiarReads = 0;
    // The sentence needs the familiar reference; the choice and the secret do not.
    const image: ImageReference = {
      ...parsed,
      get familiarReference() {
        familiarReads += 1;
        return parsed.familiarReference;
      },
    };
    const resolution = await resolveCredentials(image, contextFor({ name: 'pull', image: '' }));
    expect(resolution.auth).toMatchObject({ username: 'teamapp-user', password: 'secret-of-id-2' });
    expect(familiarReads).toBe(0);
    expect(resolution.explanation.summary).toContain('team/app-web:1');
    expect(familiarReads).toBe(1);
    expect(resolution.explanation.summary).toContain('team/app-web:1');
    expect(familiarReads).toBe(1);
  });
});
