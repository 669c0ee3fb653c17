import { describe, expect, it } from 'vitest';
import type { CredentialResolution } from '../../../main/core/credentials/resolve';
import { parseImageReference } from '../../../main/core/credentials/reference';
import { StevedoreError } from '../../../main/core/errors';
import type { RegistryRequest } from '../../../main/core/registry-client/client';
import { UpdateChecker, type UpdateRegistry } from '../../../main/core/updates/checker';

const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;

/** A registry double: current digests per host/path:tag, hosts that are down, and every request it was sent. */
function fakeRegistry(current: Record<string, string>, options: { down?: string[]; tags?: string[] } = {}) {
  const requests: RegistryRequest[] = [];
  const described: string[] = [];
  const tagLists: string[] = [];
  const registry: UpdateRegistry = {
    resolve: async (image) => {
      const host = parseImageReference(image).host;
      const resolution = { explanation: { summary: `${image}: anonymous pull.` } } as unknown as CredentialResolution;
      if (host !== 'reg.example') return resolution;
      return Object.defineProperty(resolution, 'auth', { value: { username: 'carol', password: 's3cret', serveraddress: host } });
    },
    request: async (call) => {
      requests.push(call);
      // A tick, so concurrent checks really overlap.
      await new Promise((resolve) => setImmediate(resolve));
      if (options.down?.includes(call.host)) throw new StevedoreError('REGISTRY_UNREACHABLE', `${call.host} could not be reached: the connection was refused.`);
      const key = `${call.host}/${call.path.replace(/^\/v2\//, '').replace('/manifests/', ':')}`;
      const found = current[key];
      const url = new URL(`https://${call.host}${call.path}`);
      if (found === undefined) return { status: 404, headers: {} as Record<string, string>, body: Buffer.from('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}'), url };
      return { status: 200, headers: { 'docker-content-digest': found }, body: Buffer.alloc(0), url };
    },
    describe: async (image) => {
      described.push(image);
      return { version: '2.3.7', created: '2026-11-26T10:00:00.000Z' };
    },
    tags: async (image) => {
      tagLists.push(image);
      return options.tags ?? [];
    },
  };
  return { registry, requests, described, tagLists };
}

const request = (image: string, localDigests: string[]) => ({ reference: parseImageReference(image), localDigests });

describe('UpdateChecker', () => {
  it('finds an image up to date with one HEAD of its manifest, asking for index and manifest types with its credential', async () => {
    const { registry, requests, tagLists } = fakeRegistry({ 'reg.example/team/app:1.25': digest(1) }, { tags: ['1.27'] });
    const checker = new UpdateChecker({ registry, platform: () => 'linux/amd64' });
    const outcomes = await checker.checkAll([request('reg.example/team/app:1.25', [digest(1)])]);
    expect(outcomes.get('reg.example/team/app:1.25')).toMatchObject({ state: 'up-to-date', remote: { digest: digest(1) }, newerTags: [] });
    // Nothing but the HEAD: newer tags go with a change (issue 14, item 2), so an image up to date costs one request.
    expect(requests).toHaveLength(1);
    expect(tagLists).toEqual([]);
    expect(requests[0]).toMatchObject({ method: 'HEAD', path: '/v2/team/app/manifests/1.25', auth: { username: 'carol' } });
    expect(requests[0]?.accept).toEqual(expect.arrayContaining(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']));
  });

  it('describes the remote image only when the digests differ, and lists newer tags of the same shape', async () => {
    const { registry, described } = fakeRegistry({ 'reg.example/team/app:1.25.3-alpine': digest(2) }, { tags: ['1.25.3-alpine', '1.27.0-alpine', '1.27', 'latest'] });
    const checker = new UpdateChecker({ registry, platform: () => 'linux/amd64' });
    const outcome = (await checker.checkAll([request('reg.example/team/app:1.25.3-alpine', [digest(1)])])).get('reg.example/team/app:1.25.3-alpine');
    expect(outcome).toMatchObject({ state: 'update-available', remote: { digest: digest(2), version: '2.3.7', created: '2026-11-26T10:00:00.000Z' }, newerTags: ['1.27.0-alpine'] });
    expect(described).toEqual(['reg.example/team/app:1.25.3-alpine']);
  });

  it('never GETs a manifest on Docker Hub: an update there has its digest only', async () => {
    const { registry, described, requests } = fakeRegistry({ 'docker.io/library/nginx:latest': digest(3) });
    const checker = new UpdateChecker({ registry, platform: () => 'linux/amd64' });
    const outcome = (await checker.checkAll([request('nginx', [digest(1)])])).get('nginx:latest');
    expect(outcome).toMatchObject({ state: 'update-available', remote: { digest: digest(3) } });
    expect(described).toEqual([]);
    expect(requests.every((call) => call.method === 'HEAD')).toBe(true);
  });

  it('asks once per repository:tag however many images and stacks use it, and joins a check under way', async () => {
    const { registry, requests } = fakeRegistry({ 'reg.example/team/app:1': digest(1), 'reg.example/team/db:2': digest(2) });
    const checker = new UpdateChecker({ registry, platform: () => undefined });
    const many = [...Array.from({ length: 5 }, () => request('reg.example/team/app:1', [digest(1)])), request('reg.example/team/db:2', [digest(9)])];
    const [all, single] = await Promise.all([checker.checkAll(many), checker.check(request('reg.example/team/app:1', [digest(1)]))]);
    expect(all.size).toBe(2);
    expect(single.state).toBe('up-to-date');
    expect(requests.map((call) => call.path).sort()).toEqual(['/v2/team/app/manifests/1', '/v2/team/db/manifests/2']);
  });

  it('stops asking a registry that cannot be reached: its other images get the same problem, other registries go on', async () => {
    const { registry, requests } = fakeRegistry({ 'other.example/x:1': digest(1) }, { down: ['reg.example'] });
    const checker = new UpdateChecker({ registry, platform: () => undefined, perRegistry: 1 });
    const images = ['a', 'b', 'c', 'd'].map((name) => request(`reg.example/team/${name}:1`, [digest(1)]));
    const outcomes = await checker.checkAll([...images, request('other.example/x:1', [digest(1)])]);
    expect(requests.filter((call) => call.host === 'reg.example')).toHaveLength(1);
    for (const name of ['a', 'b', 'c', 'd']) {
      expect(outcomes.get(`reg.example/team/${name}:1`)).toMatchObject({ state: 'could-not-check', problem: { code: 'REGISTRY_UNREACHABLE', title: expect.any(String), fix: expect.any(String) } });
    }
    expect(outcomes.get('other.example/x:1')?.state).toBe('up-to-date');
  });

  it('says what a refusal was (a missing tag) in the catalogue words, and never the secret', async () => {
    const { registry } = fakeRegistry({});
    const outcome = await new UpdateChecker({ registry, platform: () => undefined }).check(request('reg.example/team/gone:1', [digest(1)]));
    expect(outcome).toMatchObject({ state: 'could-not-check', problem: { code: 'NOT_FOUND' } });
    expect(JSON.stringify(outcome)).not.toContain('s3cret');
  });

  it('asks nothing for an image pinned by digest or one built here', async () => {
    const { registry, requests } = fakeRegistry({});
    const checker = new UpdateChecker({ registry, platform: () => undefined });
    const outcomes = await checker.checkAll([request(`reg.example/team/app@${digest(1)}`, [digest(1)]), request('reg.example/team/built:dev', [])]);
    expect([...outcomes.values()].map((outcome) => outcome.state).sort()).toEqual(['built-locally', 'pinned']);
    expect(requests).toEqual([]);
  });
});
